/**
 * The typed shape of an environment file (`environments/<business-line>/<stage>.ts`).
 *
 * Environment files hold data only. `main.ts` discovers them, `validate.ts` checks them (all
 * problems at once, each naming the file and field), and the stacks pass the values to modules as
 * props. Modules never read these files.
 */
import type { TelemetryConfig } from "./sections/telemetry";
import type { AlertingConfig } from "./sections/alerting";

import type { GatewayConfig } from "./sections/gateway";
import type { EvaluationConfig } from "./sections/evaluation";
import type { StateConfig } from "./sections/state";
import type { AccountSettingsConfig } from "./sections/account";
import type { GrafanaConfig } from "./sections/grafana";

/** Settings a business line shares across its stages (`environments/<business-line>/business-line.ts`). */
export interface BusinessLineConfig {
  /** Kebab-case name, equal to the folder name, e.g. `retail-banking`. Used in every resource name. */
  readonly name: string;
  /**
   * Regions this business line may deploy to (data residency). Every stage's `region` must be one.
   * @default ["sa-east-1"]
   */
  readonly allowedRegions?: readonly string[];
  /** Cost centre that receives the chargeback for this business line's resources. */
  readonly costCentre: string;
  /** Team or person accountable for the resources (e-mail or team handle). */
  readonly owner: string;
  /**
   * Decisions of the business line to let observability data (never client data) leave what
   * `allowedRegions` keeps in, each recorded in an ADR (`config/residency.ts`).
   * @default {} - nothing leaves: no managed Grafana workspace outside the environment's region, none at all without a decision
   */
  readonly residency?: ResidencyDecisions;
}

/** Residency decisions of one business line. */
export interface ResidencyDecisions {
  /**
   * An Amazon Managed Grafana workspace may serve this business line's dashboards: what it reads
   * (metric aggregates and Logs Insights results, no client data by design) is kept by the Grafana
   * service in the workspace's Region.
   */
  readonly grafanaWorkspace?: ResidencyDecision;
}

export interface ResidencyDecision {
  /** The ADR that records the decision, e.g. `docs/adr/0002-grafana-workspace-residency.md`; it must say "Status: accepted" and name the business line. */
  readonly adr: string;
  /** Regions the decision allows the workspace in. */
  readonly workspaceRegions: readonly string[];
}

/** The served model and the SageMaker LMI container that serves it. */
export interface ModelConfig {
  /** Logical model name, used as the `ModelName` metric dimension, e.g. `llama-3-1-8b-instruct`. */
  readonly name: string;
  /** ECR URI of the LMI (DJL Serving) container image, pinned by tag or digest. */
  readonly image: string;
  /** S3 URI of the model artifacts, or a Hugging Face model id passed as `HF_MODEL_ID` when no artifacts are staged. */
  readonly modelDataS3Uri?: string;
  /** Hugging Face model id (`HF_MODEL_ID`) the container loads when `modelDataS3Uri` is not set. */
  readonly huggingFaceModelId?: string;
  /**
   * How the container may fetch `huggingFaceModelId` (required with it): `"public"` states the model
   * is public (not gated; preflight checks it on the Hub), or `{ tokenSecretArn }` names the Secrets
   * Manager secret holding a Hugging Face token with access to the gated model; the deploy reads it
   * into the stack's sensitive variable `hugging_face_token`, which reaches the container as
   * `HF_TOKEN`, the variable the LMI container reads.
   */
  readonly huggingFaceAccess?: "public" | { readonly tokenSecretArn: string };
  /** @default "ml.g5.12xlarge" */
  readonly instanceType?: string;
  /** @default 1 */
  readonly instanceCount?: number;
  /** On-demand price of one instance per hour in USD, used for cost per token. */
  readonly hourlyPriceUsd: number;
  /** Tensor parallel degree (`OPTION_TENSOR_PARALLEL_DEGREE`). @default "max" - all GPUs of the instance */
  readonly tensorParallelDegree?: number | "max";
  /** Enable prefix (KV) caching in the vLLM backend. @default true */
  readonly prefixCaching?: boolean;
  /** `OPTION_MAX_ROLLING_BATCH_SIZE`. @default 32 */
  readonly maxRollingBatchSize?: number;
  /** `SERVING_MAX_CONCURRENT_REQUESTS`, per instance. @default 64 */
  readonly maxConcurrentRequests?: number;
  /** Target-tracking autoscaling on invocations per instance; omitted means a fixed instance count. */
  readonly autoscaling?: {
    readonly minInstances: number;
    readonly maxInstances: number;
    /** Target `SageMakerVariantInvocationsPerInstance` per minute. */
    readonly targetInvocationsPerInstance: number;
  };
}

export interface NetworkConfig {
  /** VPC the endpoint and functions run in. */
  readonly vpcId: string;
  /** Private subnets (at least two, in different availability zones). */
  readonly subnetIds: readonly string[];
  /** Security groups attached to the endpoint and functions. */
  readonly securityGroupIds: readonly string[];
}

export interface DataCaptureConfig {
  /**
   * Share of requests SageMaker captures, 0-100.
   * @default 100 for non-production stages, 10 for `prod` (100% in production is costly in S3)
   */
  readonly samplingPercentage?: number;
}

/** One deployable environment: a business line at one stage. */
export interface EnvironmentConfig {
  /** The business line this environment belongs to (import it from the business line's own `business-line.ts`). */
  readonly businessLine: BusinessLineConfig;
  /** Stage name, equal to the file name without `.ts`, e.g. `staging`, `prod`, `sandbox`. */
  readonly stage: string;
  /** 12-digit AWS account id. Deploys are refused in any other account. */
  readonly accountId: string;
  /** @default "sa-east-1" */
  readonly region?: string;
  /**
   * Plan and synthesize without AWS credentials (mock credentials, no account lookups).
   * For sandboxes and local tooling only; refused for `prod`.
   * @default false
   */
  readonly credentialFree?: boolean;
  /** Extra tags on every resource, merged under the mandatory ones. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly model: ModelConfig;
  readonly network: NetworkConfig;
  readonly dataCapture?: DataCaptureConfig;
  /** IAM role ARNs of auditors: they may decrypt captured data; nothing else they may do is granted here. */
  readonly auditRoleArns?: readonly string[];
  /** Telemetry pipeline: log retention, Object Lock, Firehose buffering. */
  readonly telemetry?: TelemetryConfig;
  /** Runbooks, judge budget, quality thresholds, SLO objectives and PagerDuty (`sections/alerting.ts`). @default - see AlertingConfig */
  readonly alerting: AlertingConfig;
  /** Inference API: auth, throttling, WAF rate limit, use cases and request types. @default see GatewayConfig */
  readonly gateway?: GatewayConfig;
  /** LLM-as-judge evaluator: judge model and prices, sampling, PII language, VPC endpoints. @default see EvaluationConfig */
  readonly evaluation?: EvaluationConfig;
  /**
   * Where Terraform keeps the state of this environment's stacks (`sections/state.ts`). Required
   * for a production stage, which must use S3 with a KMS key and locking.
   * @default { backend: "local" } - outside production only
   */
  readonly state?: StateConfig;
  /**
   * Lambda code signing of the platform's functions: `enforce` (unsigned or altered code is refused
   * at deploy), `warn` (deployed, and the failed check is recorded), or `off` (not in production).
   * @default "enforce" in prod, "warn" elsewhere
   */
  readonly codeSigning?: "enforce" | "warn" | "off";
  /** Settings that exist once per account and region, such as API Gateway's CloudWatch Logs role (`sections/account.ts`). @default see AccountSettingsConfig */
  readonly accountSettings?: AccountSettingsConfig;
  /** Managed Grafana workspace and the Grafana stack (folder, team, data source, dashboard). @default see GrafanaConfig */
  readonly grafana?: GrafanaConfig;
}
