import { DIMENSIONS } from "../../../contracts/metric-catalogue";
import type { ResolvedDirectAlarmInput } from "./props";

/** The SageMaker metrics' dimensions of the endpoint's production variant. */
export function variantDimensions(input: ResolvedDirectAlarmInput): Record<string, string> {
  return { [DIMENSIONS.endpointName]: input.endpointName, [DIMENSIONS.variantName]: input.variantName };
}

/** The gateway metrics' dimensions of the endpoint: model, endpoint and instance type. */
export function endpointDimensions(input: ResolvedDirectAlarmInput): Record<string, string> {
  return {
    [DIMENSIONS.modelName]: input.modelName,
    [DIMENSIONS.endpointName]: input.endpointName,
    [DIMENSIONS.instanceType]: input.instanceType,
  };
}
