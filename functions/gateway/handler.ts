import { Logger } from "@aws-lambda-powertools/logger";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { InvokeEndpointWithResponseStreamCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { GATEWAY_SERVICE_NAME, GATEWAY_VARIABLES } from "../../contracts/gateway-environment";
import { loadGatewayConfig } from "./config";
import { handleGatewayRequest } from "./gateway";
import type { GatewayDependencies } from "./gateway";
import { deliverLogRecord } from "./log-delivery";
import { sendToFallbackQueue } from "./log-fallback";
import { deliveryFailedSamples, publishSamples } from "./metrics";
import { startTracing } from "../tracing/provider";

const logger = new Logger({ serviceName: process.env[GATEWAY_VARIABLES.powertoolsServiceName] ?? GATEWAY_SERVICE_NAME });

let dependencies: GatewayDependencies | undefined;

/** Built on the first invocation and kept for the container's life (config, SDK clients). */
function getDependencies(): GatewayDependencies {
  if (dependencies) {
    return dependencies;
  }
  const config = loadGatewayConfig();
  const sagemaker = new SageMakerRuntimeClient({});
  const streamName = config.inferenceLogStreamName;
  // The gateway retries a failed put once itself; SDK retries would multiply attempts and delay.
  const firehose = streamName ? new FirehoseClient({ maxAttempts: 1 }) : undefined;
  const fallbackQueueUrl = config.inferenceLogFallbackQueueUrl;
  // One attempt too: the fallback has one second of the response budget (contracts/gateway-budget.ts).
  const sqs = fallbackQueueUrl ? new SQSClient({ maxAttempts: 1 }) : undefined;
  dependencies = {
    config,
    logger,
    // OTEL_* variables; a bad value fails the cold start naming the variable.
    tracing: startTracing(process.env, GATEWAY_SERVICE_NAME, GATEWAY_SERVICE_NAME),
    invoke: (input, abortSignal) => sagemaker.send(new InvokeEndpointWithResponseStreamCommand(input), { abortSignal }),
    ...(firehose && streamName
      ? {
          deliverLogRecord: (record, deadline) =>
            deliverLogRecord(record, {
              firehose,
              streamName,
              logger,
              deadline,
              ...(sqs && fallbackQueueUrl ? { fallback: (lines, signal) => sendToFallbackQueue(sqs, fallbackQueueUrl, streamName, lines, signal) } : {}),
              onDeliveryFailed: (failed) =>
                publishSamples(
                  deliveryFailedSamples(),
                  {
                    modelName: config.modelName,
                    endpointName: config.endpointName,
                    instanceType: config.instanceType,
                    requestType: failed.requestType,
                  },
                  { properties: { requestId: failed.requestId } },
                ),
            }),
        }
      : {}),
  };
  return dependencies;
}

/** API Gateway REST proxy handler for the LLM inference gateway. */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  return handleGatewayRequest(event, getDependencies());
}
