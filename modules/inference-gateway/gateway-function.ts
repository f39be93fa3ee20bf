/**
 * The gateway function: its environment (contracts/gateway-environment.ts names every variable),
 * its network, limits and code signing, and what its role may do (invoke the endpoint, deliver
 * inference logs, export traces).
 */
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { Construct } from "constructs";
import { GATEWAY_NUMBER_VARIABLES, GATEWAY_SERVICE_NAME, GATEWAY_VARIABLES, GUARDRAIL_MODE_VARIABLE } from "../../contracts/gateway-environment";
import { BundledFunction } from "../shared/bundled-function";
import { FunctionCodeSigning } from "../shared/code-signing";
import { FunctionCode } from "../shared/deployment-package";
import type { EncryptionKey } from "../shared/encryption-key";
import { grantTraceExport, tracingEnvironment } from "../shared/function-tracing";
import { NAME_LIMITS } from "../shared/naming";
import { fallbackSendStatements } from "./caller-binding";
import type { GatewaySettings, InferenceGatewayProps } from "./gateway-props";

/** What the gateway construct has made before the function: the key and the optional fallback queue. */
export interface GatewayFunctionParts {
  readonly key: EncryptionKey;
  readonly fallbackQueue?: SqsQueue;
}

/** The gateway function's environment variables, named by the contract. */
export function gatewayEnvironment(props: InferenceGatewayProps, settings: GatewaySettings, fallbackQueue?: SqsQueue): Record<string, string> {
  const v = GATEWAY_VARIABLES;
  const numbers = GATEWAY_NUMBER_VARIABLES;
  return {
    [v.endpointName]: props.endpoint.endpointName,
    [v.modelName]: props.endpoint.modelName,
    [v.instanceType]: props.endpoint.instanceType,
    [v.useCases]: props.useCases.join(","),
    [v.useCaseBinding]: JSON.stringify(settings.useCaseBinding),
    [v.requestTypes]: props.requestTypes.join(","),
    [GUARDRAIL_MODE_VARIABLE.name]: settings.guardrailMode,
    [numbers.guardrailMaxPromptChars.name]: String(settings.guardrailMaxPromptChars),
    [numbers.invokeTimeoutMs.name]: String(settings.invokeTimeoutMs),
    [v.powertoolsServiceName]: GATEWAY_SERVICE_NAME,
    ...(props.inferenceLogStream ? { [v.inferenceLogStreamName]: props.inferenceLogStream.name } : {}),
    ...tracingEnvironment(settings.tracing, GATEWAY_SERVICE_NAME),
    ...(fallbackQueue ? { [v.inferenceLogFallbackQueueUrl]: fallbackQueue.url } : {}),
  };
}

/** The function, in the VPC, with its grants. */
export function gatewayFunction(scope: Construct, props: InferenceGatewayProps, settings: GatewaySettings, parts: GatewayFunctionParts): BundledFunction {
  const { naming, accountId, region } = props;
  const fn = new BundledFunction(scope, "function", {
    functionName: naming.name("gateway", NAME_LIMITS.lambda),
    code: FunctionCode.platform("gateway"),
    description: "LLM inference gateway: validates, pre-checks, streams from SageMaker and measures",
    grantName: "Gateway",
    accountId,
    region,
    encryptionKey: parts.key,
    environment: gatewayEnvironment(props, settings, parts.fallbackQueue),
    vpcId: props.network.vpcId,
    subnetIds: props.network.subnetIds,
    securityGroupIds: props.network.securityGroupIds,
    timeoutSeconds: settings.lambdaTimeoutSeconds,
    memorySize: props.memorySize ?? 1024,
    logRetentionDays: settings.retentionDays,
    reservedConcurrency: settings.reservedConcurrency,
    codeSigning: FunctionCodeSigning.resolve(scope, props.codeSigning, { naming, accountId, region }),
  });
  if (settings.tracing !== false) grantTraceExport(fn, region);
  props.endpoint.grantInvoke(fn);
  if (props.inferenceLogStream) {
    // PutRecordBatch carries the parts of a record over Firehose's 1,000 KiB (functions/gateway/log-split.ts).
    fn.addToRolePolicy({
      Sid: "PutInferenceLogRecords",
      Effect: "Allow",
      Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
      Resource: props.inferenceLogStream.arn,
    });
  }
  if (parts.fallbackQueue) fn.addToRolePolicy(...fallbackSendStatements(parts.fallbackQueue, parts.key, region));
  return fn;
}
