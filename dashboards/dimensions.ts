/** Dimension values of the dashboard's queries: template variables where the user picks, input otherwise. */
import { AWS_SERVICE_DIMENSIONS, DIMENSIONS } from "../contracts/metric-catalogue";
import { ref, VARIABLES } from "./queries";
import type { UnifiedDashboardInput } from "./types";

export interface DashboardDimensions {
  /** SageMaker native metrics: one series per endpoint variant. */
  readonly variant: Readonly<Record<string, string>>;
  /** SageMaker enhanced metrics: one series per instance (published when enhanced metrics are on). */
  readonly perInstance: Readonly<Record<string, string>>;
  /** Gateway metrics of the selected endpoint and model. */
  readonly endpoint: Readonly<Record<string, string>>;
  /** Gateway metrics by the selected request types. */
  readonly endpointByRequestType: Readonly<Record<string, string>>;
  /** Quality metrics of the selected model, read for the environment's current judge pair (series never mix pairs). */
  readonly model: Readonly<Record<string, string>>;
  /** Judge spend of the selected model (summed over judge pairs: a budget is a budget). */
  readonly judgeSpend: Readonly<Record<string, string>>;
  /** Quality metrics by the selected request types. */
  readonly modelByRequestType: Readonly<Record<string, string>>;
  /** Quality metrics of one request type. */
  readonly modelAndRequestType: (requestType: string) => Readonly<Record<string, string>>;
  /** Quality metrics of one sampling stratum. */
  readonly modelAndStratum: (stratum: string) => Readonly<Record<string, string>>;
  readonly queue: (queueName: string) => Readonly<Record<string, string>>;
}

export function dashboardDimensions(input: UnifiedDashboardInput): DashboardDimensions {
  const endpoint = ref(VARIABLES.endpoint);
  const model = ref(VARIABLES.model);
  const requestType = ref(VARIABLES.requestType);
  const variant = { [DIMENSIONS.endpointName]: endpoint, [DIMENSIONS.variantName]: input.model.variantName };
  const gateway = { [DIMENSIONS.modelName]: model, [DIMENSIONS.endpointName]: endpoint, [DIMENSIONS.instanceType]: input.model.instanceType };
  return {
    variant,
    perInstance: { ...variant, [DIMENSIONS.instanceId]: "*" },
    endpoint: gateway,
    endpointByRequestType: { ...gateway, [DIMENSIONS.requestType]: requestType },
    model: { [DIMENSIONS.modelName]: model, [DIMENSIONS.judgePair]: input.judgePair },
    judgeSpend: { [DIMENSIONS.modelName]: model },
    modelByRequestType: { [DIMENSIONS.modelName]: model, [DIMENSIONS.judgePair]: input.judgePair, [DIMENSIONS.requestType]: requestType },
    modelAndRequestType: (rt) => ({ [DIMENSIONS.modelName]: model, [DIMENSIONS.judgePair]: input.judgePair, [DIMENSIONS.requestType]: rt }),
    modelAndStratum: (stratum) => ({ [DIMENSIONS.modelName]: model, [DIMENSIONS.judgePair]: input.judgePair, [DIMENSIONS.stratum]: stratum }),
    queue: (queueName) => ({ [AWS_SERVICE_DIMENSIONS.queueName]: queueName }),
  };
}

/** A dynamic label showing one dimension's value, e.g. `${PROP('Dim.InstanceId')}`. */
export const dimLabel = (dimension: string): string => `\${PROP('Dim.${dimension}')}`;
