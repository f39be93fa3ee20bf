import { ENVIRONMENT_DEFAULTS, isProduction } from "./defaults";
import { resolveTelemetry, type ResolvedTelemetryConfig } from "./sections/telemetry";
import { resolveAlerting, type ResolvedAlerting } from "./sections/alerting";
import { resolveGateway, type ResolvedGatewayConfig } from "./sections/gateway";
import { resolveEvaluation, type ResolvedEvaluationConfig } from "./sections/evaluation";
import { resolveState, type ResolvedStateConfig } from "./sections/state";
import { resolveAccountSettings, type ResolvedAccountSettings } from "./sections/account";
import { resolveGrafana, type ResolvedGrafanaConfig } from "./sections/grafana";
import type { EnvironmentConfig, ModelConfig } from "./types";

/** An environment after validation, with every default applied. What stacks consume. */
export interface ResolvedEnvironment extends EnvironmentConfig {
  /** Path of the environment file, relative to the project root. */
  readonly file: string;
  /** `<business-line>-<stage>`: the environment's identity in stack and resource names. */
  readonly id: string;
  readonly region: string;
  readonly credentialFree: boolean;
  readonly tags: Readonly<Record<string, string>>;
  readonly model: Required<Omit<ModelConfig, "modelDataS3Uri" | "huggingFaceModelId" | "huggingFaceAccess" | "autoscaling">> &
    Pick<ModelConfig, "modelDataS3Uri" | "huggingFaceModelId" | "huggingFaceAccess" | "autoscaling">;
  readonly dataCapture: { readonly samplingPercentage: number };
  readonly auditRoleArns: readonly string[];
  readonly telemetry: ResolvedTelemetryConfig;
  readonly alerting: ResolvedAlerting;
  readonly gateway: ResolvedGatewayConfig;
  readonly evaluation: ResolvedEvaluationConfig;
  readonly state: ResolvedStateConfig;
  readonly accountSettings: ResolvedAccountSettings;
  readonly codeSigning: "enforce" | "warn" | "off";
  /**
   * Soft problems found across environments (e.g. no environment of the account owns the API
   * Gateway logging role), shown as synth warnings on the environment's stack.
   */
  readonly warnings: readonly string[];
  readonly grafana: ResolvedGrafanaConfig;
}

/** Applies defaults. Call only on a config that `validateEnvironment` accepted. */
export function resolveEnvironment(config: EnvironmentConfig, file: string): ResolvedEnvironment {
  const d = ENVIRONMENT_DEFAULTS;
  return {
    ...config,
    file,
    id: `${config.businessLine.name}-${config.stage}`,
    region: config.region ?? d.region,
    credentialFree: config.credentialFree ?? false,
    tags: {
      ...(config.tags ?? {}),
      BusinessLine: config.businessLine.name,
      Stage: config.stage,
      CostCentre: config.businessLine.costCentre,
      Owner: config.businessLine.owner,
      ManagedBy: "cdktf/llm-observability-platform",
    },
    model: {
      ...config.model,
      instanceType: config.model.instanceType ?? d.instanceType,
      instanceCount: config.model.instanceCount ?? d.instanceCount,
      tensorParallelDegree: config.model.tensorParallelDegree ?? d.tensorParallelDegree,
      prefixCaching: config.model.prefixCaching ?? d.prefixCaching,
      maxRollingBatchSize: config.model.maxRollingBatchSize ?? d.maxRollingBatchSize,
      maxConcurrentRequests: config.model.maxConcurrentRequests ?? d.maxConcurrentRequests,
    },
    dataCapture: {
      samplingPercentage: config.dataCapture?.samplingPercentage ?? (isProduction(config) ? d.samplingPercentageProd : d.samplingPercentageNonProd),
    },
    auditRoleArns: config.auditRoleArns ?? [],
    telemetry: resolveTelemetry(config.telemetry, isProduction(config)),
    alerting: resolveAlerting(config.alerting, config.stage),
    gateway: resolveGateway(config.gateway, config.stage),
    evaluation: resolveEvaluation(config.evaluation, config.stage, config.region ?? d.region),
    state: resolveState(config.state, config.region ?? d.region),
    accountSettings: resolveAccountSettings(config.accountSettings),
    codeSigning: config.codeSigning ?? (isProduction(config) ? "enforce" : "warn"),
    warnings: [],
    grafana: resolveGrafana(config.grafana, config.region ?? d.region),
  };
}

/** Tag keys the platform sets itself; environment files may not override them. */
export const MANDATORY_TAG_KEYS = ["BusinessLine", "Stage", "CostCentre", "Owner", "ManagedBy"] as const;
