export { ObservabilityStack, type ObservabilityStackProps } from "./observability-stack";
export { OperationsStack, type OperationsStackProps } from "./operations-stack";
