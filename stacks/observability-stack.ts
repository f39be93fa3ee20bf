import * as path from "node:path";
import { AwsProvider, type AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { cloudwatchDashboardBody, cloudwatchDashboardName } from "../dashboards";
import { Annotations, Aspects, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { alertingInputs } from "../config/alerting-inputs";
import type { ResolvedEnvironment } from "../config/resolved";
import { Alerting } from "../modules/alerting";
import { InferenceEndpoint } from "../modules/inference-endpoint";
import { NAME_LIMITS, type EnvironmentScope, type ResourceNaming } from "../modules/shared";
import { TelemetryPipeline } from "../modules/telemetry-pipeline";
import { InferenceGateway } from "../modules/inference-gateway";
import { ServingMetricsBridge } from "../modules/serving-metrics";
import { EvaluationLayer, GATEWAY_INTERFACE_SERVICES, judgeCalibrationBucketName, readCalibrationRecords } from "../modules/evaluation-layer";
import { bucketOfS3Uri } from "../modules/evaluation-layer";
import { packageRoot } from "../modules/shared";
import { PLATFORM_RULE_PACKS } from "../modules/platform-rule-packs";
import { allowOtlpEgress, FunctionCodeSigning } from "../modules/shared";
import { PolicyAspect, takeCheckedSynthesis, type PolicySuppression } from "../modules/shared/policy";
import { configureStateBackend } from "./state-backend";
import { huggingFaceToken } from "./hugging-face-token";
import { environmentAwsProvider, environmentNaming, type EnvironmentStackProps } from "./environment-stack";
import { GrafanaWorkspace } from "../modules/grafana";
import { partitionOf } from "../modules/shared";
import { foreignReferences } from "./foreign-references";
import { escapeTerraformTemplate } from "../modules/shared";
import { unifiedDashboardInput } from "./unified-dashboard-input";

/** The gateway function's log group: Lambda's default name for the function's name, and its ARN. */
function gatewayLogGroup(naming: ResourceNaming, env: ResolvedEnvironment): { readonly name: string; readonly arn: string } {
  const name = `/aws/lambda/${naming.name("gateway", NAME_LIMITS.lambda)}`;
  return { name, arn: `arn:${partitionOf(env.region)}:logs:${env.region}:${env.accountId}:log-group:${name}` };
}

/** The AWS provider of an environment: its Region and account, its tags, mock credentials for a sandbox. */
function awsProviderConfig(env: ResolvedEnvironment): AwsProviderConfig {
  return {
    ...environmentAwsProvider(env),
    ...(env.credentialFree
      ? {
          // Sandbox only: plan with no credentials and no calls to STS or the metadata service.
          accessKey: "sandbox-no-credentials",
          secretKey: "sandbox-no-credentials",
          skipCredentialsValidation: true,
          skipRequestingAccountId: true,
          skipMetadataApiCheck: "true",
        }
      : {}),
  };
}

export interface ObservabilityStackProps extends EnvironmentStackProps {
  /**
   * The folder the environment's calibration paths (`evaluation.calibration.goldenSet`,
   * `recordsDir`) are relative to: your app's root, where its golden set and committed
   * calibration records live.
   * @default - this package's root (this repository's checkout)
   */
  readonly projectRoot?: string;
}

/**
 * Every AWS resource of one environment, planned by the AWS provider alone (PagerDuty and Grafana
 * live in their own stack; see docs/architecture.md, "Stacks").
 */
export class ObservabilityStack extends TerraformStack {
  readonly naming: ResourceNaming;
  readonly endpoint: InferenceEndpoint;
  readonly telemetry: TelemetryPipeline;
  readonly alerting: Alerting;
  readonly gateway: InferenceGateway;
  readonly evaluation: EvaluationLayer;
  /** SageMaker's detailed serving metrics (PromQL) republished every minute for alarms and the CloudWatch dashboard. */
  readonly servingMetrics: ServingMetricsBridge;
  /** Signing of the stack's functions; absent when the environment's codeSigning is "off". */
  readonly codeSigning?: FunctionCodeSigning;
  /** The Managed Grafana workspace, when the environment's grafana.mode is "managed-workspace". */
  readonly grafana?: GrafanaWorkspace;
  /** The unified dashboard as an in-Region CloudWatch dashboard (every environment has it). */
  readonly dashboard: CloudwatchDashboard;
  /** Log group of the gateway function (its EMF lines: metrics, `use_case`, status). */
  readonly gatewayLogGroup: { readonly name: string; readonly arn: string };
  /** Where every module of the stack names and scopes its resources: the environment's naming, account and Region. */
  private readonly scope: EnvironmentScope;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id);
    const env = props.environment;
    this.naming = environmentNaming(env);
    this.scope = { naming: this.naming, accountId: env.accountId, region: env.region };
    configureStateBackend(this, env.state, id);
    for (const warning of env.warnings) Annotations.of(this).addWarning(`${env.file}: ${warning}`);
    new AwsProvider(this, "aws", awsProviderConfig(env));

    // One signing profile, config and artifact bucket for the stack's three functions.
    this.codeSigning = env.codeSigning === "off" ? undefined : FunctionCodeSigning.ofStack(this, { ...this.scope, mode: env.codeSigning });
    this.endpoint = this.inferenceEndpoint(env);
    this.gatewayLogGroup = gatewayLogGroup(this.naming, env);
    this.telemetry = this.telemetryPipeline(env);
    this.gateway = this.inferenceGateway(env);
    // Before the alerting module: its alarms watch the evaluation functions and dead-letter queues.
    this.evaluation = this.evaluationLayer(env, props.projectRoot ?? packageRoot());
    // Before the alerting module too: the serving alarms read what it republishes.
    this.servingMetrics = this.servingMetricsBridge(env);
    this.alerting = this.endpointAlerting(env);
    this.dashboard = this.unifiedDashboard(env);
    if (env.grafana.mode === "managed-workspace") this.grafana = this.managedWorkspace(env);
    this.addOutputs();
    Aspects.of(this).add(new PolicyAspect({ packs: PLATFORM_RULE_PACKS, suppressions: this.policySuppressions(env), source: env.file }));
  }

  /** The SageMaker endpoint serving the environment's model, with its data capture. */
  private inferenceEndpoint(env: ResolvedEnvironment): InferenceEndpoint {
    return new InferenceEndpoint(this, "inference-endpoint", {
      ...this.scope,
      modelName: env.model.name,
      image: env.model.image,
      modelDataS3Uri: env.model.modelDataS3Uri,
      huggingFaceModelId: env.model.huggingFaceModelId,
      ...huggingFaceToken(this, env),
      instanceType: env.model.instanceType,
      instanceCount: env.model.instanceCount,
      tensorParallelDegree: env.model.tensorParallelDegree,
      prefixCaching: env.model.prefixCaching,
      maxRollingBatchSize: env.model.maxRollingBatchSize,
      maxConcurrentRequests: env.model.maxConcurrentRequests,
      vpcId: env.network.vpcId,
      subnetIds: env.network.subnetIds,
      securityGroupIds: env.network.securityGroupIds,
      dataCaptureSamplingPercentage: env.dataCapture.samplingPercentage,
      captureReaderRoleArns: env.auditRoleArns,
      autoscaling: env.model.autoscaling,
    });
  }

  /** Inference logs through Firehose to S3, the audit trail, and the gateway's log group. */
  private telemetryPipeline(env: ResolvedEnvironment): TelemetryPipeline {
    return new TelemetryPipeline(this, "telemetry-pipeline", {
      ...this.scope,
      captureBucket: this.endpoint.captureBucket,
      // Audited as the capture bucket is: calibration data, and the signed code every function runs.
      auditedBucketArns: [
        `arn:${partitionOf(env.region)}:s3:::${judgeCalibrationBucketName(this.naming)}`,
        ...(this.codeSigning ? [this.codeSigning.artifactBucket.bucketArn] : []),
      ],
      writerRoleArns: [this.endpoint.executionRole.arn],
      auditRoleArns: env.auditRoleArns,
      // The gateway function's log group (Lambda's default name for the function's name).
      gatewayLogGroupName: this.gatewayLogGroup.name,
      logRetentionDays: env.telemetry.logRetentionDays,
      objectLockRetentionDays: env.telemetry.objectLockRetentionDays,
      // Write-once audit trail: compliance mode in prod, governance elsewhere (telemetry.auditObjectLockMode).
      auditObjectLockMode: env.telemetry.auditObjectLockMode,
      firehoseBufferingSizeMb: env.telemetry.firehoseBufferingSizeMb,
      firehoseBufferingIntervalSeconds: env.telemetry.firehoseBufferingIntervalSeconds,
      // Cost per request divides the instance hour by the requests decoded at once: the rolling batch.
      queryCost: { instanceHourlyPriceUsd: env.model.hourlyPriceUsd, decodeConcurrencyPerInstance: env.model.maxRollingBatchSize },
    });
  }

  /** The REST API and gateway function in front of the endpoint, with its way out to the bank's OTLP collector. */
  private inferenceGateway(env: ResolvedEnvironment): InferenceGateway {
    const gateway = new InferenceGateway(this, "inference-gateway", {
      ...this.scope,
      endpoint: this.endpoint,
      network: env.network,
      ...env.gateway,
      codeSigning: this.codeSigning ?? "off",
      // The account-wide API Gateway CloudWatch Logs role: exactly one environment per account and region owns it.
      manageAccountLoggingRole: env.accountSettings.ownsApiGatewayLoggingRole,
      inferenceLogStream: { name: this.telemetry.deliveryStreamName, arn: this.telemetry.delivery.deliveryStream.arn },
      tracing: env.telemetry.tracing,
    });
    // The network path to the bank's OTLP endpoint, once for the environment's security groups (both functions use them).
    const tracing = env.telemetry.tracing;
    if (tracing !== false && tracing.otlp && env.telemetry.otlpEgressCidr) {
      allowOtlpEgress(this, tracing.otlp, env.telemetry.otlpEgressCidr, env.network.securityGroupIds);
    }
    // The gateway writes inference logs (through Firehose) but may never read them back.
    this.telemetry.grantEncryptInferenceLogs(gateway.gatewayFunction);
    return gateway;
  }

  /**
   * The judge (evaluator, publisher, calibration, PII canary) over the inference logs.
   * @param projectRoot - the folder the calibration paths are relative to
   */
  private evaluationLayer(env: ResolvedEnvironment, projectRoot: string): EvaluationLayer {
    return new EvaluationLayer(this, "evaluation-layer", {
      ...this.scope,
      endpoint: this.endpoint,
      // The gateway's names: the evaluator scores any other name a record carries under `unknown`.
      useCases: env.gateway.useCases,
      requestTypes: env.gateway.requestTypes,
      // The layer grants its evaluator read and decrypt on both sources (role and key policies).
      inferenceLogSource: { bucket: this.telemetry.inferenceLogBucket, prefix: this.telemetry.inferenceLogPrefix },
      network: env.network,
      routeTableIds: env.evaluation.routeTableIds,
      // The S3 endpoint's policy lets through the platform's buckets and the staged weights' bucket.
      vpcEndpointPolicyBuckets: bucketOfS3Uri(env.model.modelDataS3Uri),
      // Per service: create the endpoint, or use the landing zone's (the judge's permission names the one used).
      vpcEndpoints: env.evaluation.vpcEndpoints,
      // One set of endpoints for the VPC: the gateway function reaches SageMaker Runtime and Firehose privately too.
      additionalInterfaceServices: GATEWAY_INTERFACE_SERVICES,
      judgeModelId: env.evaluation.judgeModelId,
      judgeRubricVersion: env.evaluation.judgeRubricVersion,
      ...(env.evaluation.candidateJudge ? { candidateJudge: env.evaluation.candidateJudge } : {}),
      // The gate: the judge pair needs a passing record among the committed ones, or synth fails.
      calibration: {
        records: readCalibrationRecords(path.resolve(projectRoot, env.evaluation.calibration.recordsDir)),
        goldenSetPath: path.resolve(projectRoot, env.evaluation.calibration.goldenSet),
        goldenSetName: env.evaluation.calibration.goldenSet,
        thresholds: env.evaluation.calibration.thresholds,
        schedule: env.evaluation.calibration.schedule,
        scheduleTimezone: env.evaluation.calibration.scheduleTimezone,
      },
      judgeInputPricePer1k: env.evaluation.judgeInputPricePer1k,
      judgeOutputPricePer1k: env.evaluation.judgeOutputPricePer1k,
      sampleRate: env.evaluation.sampleRate,
      entropyThreshold: env.evaluation.entropyThreshold,
      judgeConcurrency: env.evaluation.judgeConcurrency,
      piiLanguages: env.evaluation.piiLanguages,
      evaluatorReservedConcurrency: env.evaluation.evaluatorReservedConcurrency,
      // Client data kept out of the judge: the canary that proves it hourly, and the bank's in-region model if it has one.
      piiCanary: env.evaluation.pii.canary,
      ...(env.evaluation.pii.modelEndpoint ? { piiModelEndpoint: env.evaluation.pii.modelEndpoint } : {}),
      // One source for the publisher's QualityGood and the quality alarms.
      qualityThresholds: env.alerting.qualityThresholds,
      defaultQualityThreshold: env.alerting.defaultQualityThreshold,
      logRetentionDays: env.telemetry.logRetentionDays,
      codeSigning: this.codeSigning ?? "off",
      tracing: env.telemetry.tracing,
    });
  }

  /** SageMaker's detailed serving metrics (PromQL) republished each minute as LLMInference/Serving. */
  private servingMetricsBridge(env: ResolvedEnvironment): ServingMetricsBridge {
    return new ServingMetricsBridge(this, "serving-metrics", {
      ...this.scope,
      endpointNames: [this.endpoint.endpointName],
      // Through the VPC's CloudWatch (monitoring) endpoint the evaluation layer creates.
      network: env.network,
      logRetentionDays: env.telemetry.logRetentionDays,
      codeSigning: this.codeSigning ?? "off",
    });
  }

  /** The SLOs, burn-rate and direct alarms of the endpoint, routed to the page and ticket topics. */
  private endpointAlerting(env: ResolvedEnvironment): Alerting {
    return new Alerting(this, "alerting", {
      ...this.scope,
      runbookBaseUrl: env.alerting.runbookBaseUrl,
      modelName: this.endpoint.modelName,
      endpointName: this.endpoint.endpointName,
      instanceType: this.endpoint.instanceType,
      variantName: this.endpoint.variantName,
      // One quality SLO per request type the gateway accepts, windows sized from the expected traffic.
      ...alertingInputs(env, this.evaluation.judgeError),
      // Availability as clients see it: API Gateway's 5XX and 429s, before and after the gateway function.
      api: this.gateway.apiStage,
      // Quality SLOs read the current judge pair's series only; the calibration alarms watch its runs.
      judgePair: this.evaluation.judgePair,
      calibrationThresholds: this.evaluation.calibrationThresholds,
      deliveryStreamName: this.telemetry.deliveryStreamName,
      functionNames: [this.gateway.gatewayFunction.functionName, ...this.evaluation.functionNames, this.servingMetrics.functionName],
      // The evaluator's last check, and the canary that pages on a leak or when it goes blind.
      piiGuard: {
        evaluatorName: this.evaluation.evaluatorFunction.functionName,
        ...(this.evaluation.piiCanary ? { canaryIntervalMinutes: this.evaluation.piiCanary.intervalMinutes } : {}),
      },
      deadLetterQueueNames: [...this.evaluation.deadLetterQueueNames, this.servingMetrics.deadLetterQueueName],
      // The source article's cache_hit_rate floor where a use case declares a repeated system prompt; the bridge's own health everywhere.
      serving: { endpointName: this.endpoint.endpointName, repeatedPrefixUseCases: env.gateway.repeatedPrefixUseCases },
    });
  }

  /** The unified dashboard in CloudWatch, in the environment's Region, whatever Grafana there is. */
  private unifiedDashboard(env: ResolvedEnvironment): CloudwatchDashboard {
    const dashboard = new CloudwatchDashboard(this, "unified-dashboard", {
      dashboardName: cloudwatchDashboardName(this.naming.prefix),
      // Terraform reads the body as a template: CloudWatch's ${PROP('Dim.x')} labels must reach it as written.
      dashboardBody: escapeTerraformTemplate(JSON.stringify(cloudwatchDashboardBody(unifiedDashboardInput(env, this)))),
    });
    new TerraformOutput(this, "unified_dashboard_name", { value: dashboard.dashboardName });
    return dashboard;
  }

  /** The names and ARNs the deploy, the runbooks and the other stacks read. */
  private addOutputs(): void {
    const outputs: [string, unknown][] = [
      ["endpoint_name", this.endpoint.endpointName],
      ["capture_bucket_name", this.endpoint.captureBucket.bucketName],
      ["capture_key_arn", this.endpoint.captureKey.keyArn],
      ["inference_log_delivery_stream_name", this.telemetry.deliveryStreamName],
      ["inference_log_bucket_name", this.telemetry.inferenceLogBucket.bucketName],
      ["audit_trail_arn", this.telemetry.auditTrail.trail.arn],
      ["page_topic_arn", this.alerting.pageTopicArn],
      ["ticket_topic_arn", this.alerting.ticketTopicArn],
      ["inference_api_url", this.gateway.invokeUrl],
      ["inference_api_web_acl_arn", this.gateway.webAclArn],
      ["evaluation_notification_queue_name", this.evaluation.notificationQueueName],
      ["evaluation_dead_letter_queue_names", this.evaluation.deadLetterQueueNames],
      ["evaluation_function_names", this.evaluation.functionNames],
      ["evaluation_scores_table_name", this.evaluation.tableName],
      ["judge_pair", this.evaluation.judgePair],
      ["judge_calibration_function_name", this.evaluation.calibration.functionName],
      ["judge_calibration_bucket_name", this.evaluation.calibration.bucketName],
      ...(this.evaluation.piiCanary ? [["pii_canary_bucket_name", this.evaluation.piiCanary.bucketName] as [string, unknown]] : []),
    ];
    for (const [name, value] of outputs) new TerraformOutput(this, name, { value });
  }

  /** Reviewed exceptions, printed at every synth: a workspace outside the Region; codeSigning "off" (outside production only). */
  private policySuppressions(env: ResolvedEnvironment): PolicySuppression[] {
    const suppressions: PolicySuppression[] = [...this.workspaceSuppressions(env)];
    if (env.codeSigning !== "off") return suppressions;
    for (const fn of [
      this.gateway.gatewayFunction,
      this.evaluation.evaluator,
      this.evaluation.publisher,
      this.evaluation.calibration.function,
      ...(this.evaluation.piiCanary ? [this.evaluation.piiCanary.plantFunction, this.evaluation.piiCanary.checkFunction] : []),
      this.servingMetrics.function,
    ]) {
      suppressions.push({
        ruleId: "LLMOBS-LAMBDA-4",
        path: fn.function.node.path.slice(this.node.path.length + 1),
        reason: `codeSigning is "off" in ${env.file}: unsigned code is deployed (not allowed in production)`,
      });
    }
    return suppressions;
  }

  /**
   * The Managed Grafana workspace, in the environment's Region or, under the business line's
   * residency decision, in another (with an AWS provider of its own): it reads this Region's
   * CloudWatch, Logs and X-Ray.
   */
  private managedWorkspace(env: ResolvedEnvironment): GrafanaWorkspace {
    const crossRegion = env.grafana.workspaceRegion !== env.region;
    const workspaceProvider = crossRegion
      ? new AwsProvider(this, "aws-grafana", { ...awsProviderConfig(env), alias: "grafana", region: env.grafana.workspaceRegion })
      : undefined;
    const grafana = new GrafanaWorkspace(this, "grafana", {
      ...this.scope,
      ...(workspaceProvider ? { workspaceRegion: env.grafana.workspaceRegion, workspaceProvider } : {}),
      authentication: env.grafana.authentication,
      // A workspace in another Region cannot join this Region's VPC.
      vpc: env.grafana.vpc && !crossRegion ? { subnetIds: env.network.subnetIds, securityGroupIds: env.network.securityGroupIds } : undefined,
      networkAccess: env.grafana.networkAccess,
      logGroupArns: [this.gatewayLogGroup.arn],
    });
    new TerraformOutput(this, "grafana_workspace_id", { value: grafana.workspaceId });
    new TerraformOutput(this, "grafana_workspace_endpoint", { value: grafana.endpoint });
    new TerraformOutput(this, "grafana_workspace_role_arn", { value: grafana.roleArn });
    new TerraformOutput(this, "grafana_service_account_id", { value: grafana.serviceAccount.serviceAccountId });
    return grafana;
  }

  /** A workspace outside the environment's Region is outside its VPC: the residency ADR is the reviewed exception. */
  private workspaceSuppressions(env: ResolvedEnvironment): PolicySuppression[] {
    if (!this.grafana || env.grafana.workspaceRegion === env.region) return [];
    return [
      {
        ruleId: "LLMOBS-GRAFANA-3",
        path: "grafana/workspace",
        reason: `the workspace is in ${env.grafana.workspaceRegion} under ${env.businessLine.residency?.grafanaWorkspace?.adr}: it reads ${env.region}'s CloudWatch and Logs through their public endpoints, not the VPC`,
      },
    ];
  }

  /**
   * cdktf's prepareStack resolves every resource once only to find references to other stacks'
   * resources. Nothing in this stack refers to another stack (everything it gets is configuration;
   * other stacks refer to it, and their own preparation handles that), so only the backend is
   * ensured. Should a subclass add such a reference, `toTerraform` fails synth naming it.
   */
  override prepareStack(): void {
    this.ensureBackendExists();
  }

  /** Synth resolves the stack once: the policy check's JSON is the stack's JSON. */
  override toTerraform(): any {
    const json = takeCheckedSynthesis(this) ?? super.toTerraform();
    const foreign = foreignReferences(json);
    if (foreign.length > 0) {
      throw new Error(
        `stack ${this.node.id} refers to resources it does not declare: ${foreign.join(", ")}; ` +
          "ObservabilityStack skips cdktf's cross-stack preparation, so pass other stacks' values in as configuration",
      );
    }
    return json;
  }
}
