/**
 * The alerting plan `Alerting` builds for any environment, with the names the stack gives its
 * resources: what `npm run simulate:slo -- <business-line>/<stage>` replays. The API id is the one
 * name AWS assigns at deploy time; a replay never reads it, so a fixed id stands in.
 */
import { alertingInputs } from "../config/alerting-inputs";
import type { ResolvedEnvironment } from "../config/resolved";
import { alertingPlan, type AlertingPlan } from "../modules/alerting";
import { evaluationQueueNames } from "../modules/evaluation-layer";
import { NAME_LIMITS, ResourceNaming } from "../modules/shared";
import { inferenceLogStreamName } from "../modules/telemetry-pipeline";

/** The names a plan's alarms watch. */
export interface PlanNames {
  readonly endpointName: string;
  readonly apiName: string;
  readonly apiId: string;
  readonly stageName: string;
  readonly functions: { readonly gateway: string } & Readonly<Record<string, string>>;
  readonly queues: Readonly<Record<string, string>>;
  readonly deliveryStream: string;
}

/** The API id of a stack that is not deployed (API Gateway assigns the real one). */
const UNDEPLOYED_API_ID = "a1b2c3d4e5";

/** The names `ObservabilityStack` gives the environment's endpoint, API, functions and dead-letter queues. */
export function environmentNames(env: ResolvedEnvironment): PlanNames {
  const naming = new ResourceNaming({ businessLine: env.businessLine.name, stage: env.stage, accountId: env.accountId, region: env.region });
  const queues = evaluationQueueNames(naming);
  return {
    endpointName: naming.name("endpoint", NAME_LIMITS.sagemaker),
    apiName: naming.name("inference-api"),
    apiId: UNDEPLOYED_API_ID,
    stageName: "live",
    functions: {
      gateway: naming.name("gateway", NAME_LIMITS.lambda),
      evaluator: naming.name("evaluator", NAME_LIMITS.lambda),
      publisher: naming.name("quality-publisher", NAME_LIMITS.lambda),
      calibration: naming.name("judge-calibration", NAME_LIMITS.lambda),
    },
    queues: {
      notificationsDlq: queues.notificationsDlq,
      failedRecords: queues.failedRecords,
      publisherDlq: queues.publisherDlq,
      calibrationDlq: queues.calibrationDlq,
    },
    deliveryStream: inferenceLogStreamName(naming),
  };
}

/** What `Alerting` deploys for the environment, its SLOs sized from the environment's own traffic. */
export function environmentPlan(env: ResolvedEnvironment, names: PlanNames = environmentNames(env)): AlertingPlan {
  return alertingPlan({
    modelName: env.model.name,
    endpointName: names.endpointName,
    instanceType: env.model.instanceType,
    ...alertingInputs(env),
    api: { apiName: names.apiName, stageName: names.stageName, apiId: names.apiId },
    functionNames: Object.values(names.functions),
    deadLetterQueueNames: Object.values(names.queues),
    deliveryStreamName: names.deliveryStream,
  });
}
