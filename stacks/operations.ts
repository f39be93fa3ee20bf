export { OperationsStack, type OperationsStackProps } from "./operations-stack";
