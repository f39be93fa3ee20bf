import type { UnifiedDashboardInput } from "../dashboards";
import { alertingInputs } from "../config/alerting-inputs";
import type { ResolvedEnvironment } from "../config/resolved";
import { DEFAULT_TTFT_THRESHOLD_MS } from "../modules/alerting";
import { sloPeriodSeconds } from "../modules/alerting";
import type { Alerting } from "../modules/alerting";
import type { EvaluationLayer } from "../modules/evaluation-layer";
import type { InferenceEndpoint } from "../modules/inference-endpoint";
import type { ResourceNaming } from "../modules/shared";

/** What the dashboard reads of the environment's observability stack (the stack passes itself). */
export interface DeployedObservability {
  readonly naming: ResourceNaming;
  readonly endpoint: InferenceEndpoint;
  readonly alerting: Alerting;
  readonly evaluation: EvaluationLayer;
  readonly gatewayLogGroup: { readonly name: string; readonly arn: string };
}

/** uid of the CloudWatch data source in every environment's workspace. */
export const CLOUDWATCH_DATA_SOURCE_UID = "llmobs-cloudwatch";
/** uid of the PromQL data source (CloudWatch's PromQL endpoint) in every environment's workspace. */
export const PROMQL_DATA_SOURCE_UID = "llmobs-promql";

/**
 * What the unified dashboard of an environment is drawn from: its config and the names and SLOs
 * its observability stack deployed (the SLOs and windows the burn-rate alarms were built from).
 */
export function unifiedDashboardInput(env: ResolvedEnvironment, observability: DeployedObservability): UnifiedDashboardInput {
  const { alerting, endpoint, evaluation } = observability;
  return {
    environmentId: env.id,
    namePrefix: observability.naming.prefix,
    region: env.region,
    accountId: env.accountId,
    dataSourceUid: CLOUDWATCH_DATA_SOURCE_UID,
    promqlDataSourceUid: PROMQL_DATA_SOURCE_UID,
    repeatedPrefixUseCases: env.gateway.repeatedPrefixUseCases,
    model: {
      name: endpoint.modelName,
      endpointName: endpoint.endpointName,
      instanceType: endpoint.instanceType,
      variantName: endpoint.variantName,
      hourlyPriceUsd: env.model.hourlyPriceUsd,
      // With autoscaling, the minimum: costs are then a lower bound.
      instanceCount: env.model.autoscaling?.minInstances ?? env.model.instanceCount,
      // Cost per request: the instance hour over the requests decoded at once (the rolling batch).
      decodeConcurrencyPerInstance: env.model.maxRollingBatchSize,
    },
    useCases: env.gateway.useCases,
    judgePair: evaluation.judgePair,
    // Every request type the gateway accepts has a quality SLO: its threshold, else the default.
    qualityThresholds: Object.fromEntries(alertingInputs(env).requestTypes.map((rt) => [rt.requestType, rt.threshold])),
    qualityCorrections: Object.fromEntries(
      alertingInputs(env, evaluation.judgeError).requestTypes.flatMap((rt) => (rt.judgeError?.correction ? [[rt.requestType, rt.judgeError.correction]] : [])),
    ),
    ttftThresholdMs: DEFAULT_TTFT_THRESHOLD_MS,
    judgeDailyBudgetUsd: env.alerting.judgeDailyBudgetUsd,
    gatewayLogGroup: observability.gatewayLogGroup,
    deadLetterQueueNames: evaluation.deadLetterQueueNames,
    privacy: {
      evaluatorName: evaluation.evaluatorFunction.functionName,
      ...(evaluation.piiCanary ? { canaryIntervalMinutes: evaluation.piiCanary.intervalMinutes } : {}),
    },
    slos: alerting.slos.map((slo) => ({
      name: slo.name,
      objective: slo.objective,
      periodSeconds: sloPeriodSeconds(slo),
      sli: slo.sli,
      windows: alerting.burnRateAlarms[slo.name]!.windows,
    })),
  };
}
