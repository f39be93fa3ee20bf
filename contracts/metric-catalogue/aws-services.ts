/** The AWS services around the pipeline: API Gateway (and its access-log metric filters), SQS, Lambda, Firehose. */
import { type MetricDefinition, type MetricUnit, metric } from "./definition";
import { NAMESPACES } from "./names";

/** Namespaces of the AWS services around the pipeline (API, dead-letter queues, functions, log delivery). */
export const AWS_SERVICE_NAMESPACES = {
  apiGateway: "AWS/ApiGateway",
  sqs: "AWS/SQS",
  lambda: "AWS/Lambda",
  firehose: "AWS/Firehose",
} as const;

/** Dimension names of those AWS service metrics. */
export const AWS_SERVICE_DIMENSIONS = {
  apiName: "ApiName",
  stage: "Stage",
  /** The REST API's id: the access-log metric filters' dimension (the log line has no API name). */
  apiId: "ApiId",
  queueName: "QueueName",
  functionName: "FunctionName",
  deliveryStreamName: "DeliveryStreamName",
} as const;

const API_STAGE_SET = [[AWS_SERVICE_DIMENSIONS.apiName, AWS_SERVICE_DIMENSIONS.stage]] as const;

/**
 * Native API Gateway (REST) metrics per stage: what clients see, including the failures before the
 * gateway function runs (Lambda throttles and init failures come back as 5XX, stage throttles as 429).
 */
export const API_GATEWAY_METRICS = {
  count: metric(AWS_SERVICE_NAMESPACES.apiGateway, "Count", "Count", API_STAGE_SET, "Requests the stage received"),
  clientErrors: metric(AWS_SERVICE_NAMESPACES.apiGateway, "4XXError", "Count", API_STAGE_SET, "Responses with a 4XX status, throttles (429) included"),
  serverErrors: metric(
    AWS_SERVICE_NAMESPACES.apiGateway,
    "5XXError",
    "Count",
    API_STAGE_SET,
    "Responses with a 5XX status: API Gateway's own, the gateway function's 502/504, Lambda errors, throttles and timeouts",
  ),
} as const;

/** Metrics the inference API's access-log metric filters publish (namespace `LLMInference/Api`). */
export const ACCESS_LOG_METRICS = {
  throttled: metric(
    NAMESPACES.api,
    "ApiThrottled",
    "Count",
    [[AWS_SERVICE_DIMENSIONS.apiId, AWS_SERVICE_DIMENSIONS.stage]],
    "Responses with status 429: stage throttling and the gateway's endpoint_throttled (API Gateway counts them only inside 4XXError)",
  ),
} as const;

/** A native metric of one AWS service, published per resource (one dimension: the queue, function or stream). */
const perResource =
  (namespace: string, dimension: string) =>
  (name: string, unit: MetricUnit, description: string): MetricDefinition =>
    metric(namespace, name, unit, [[dimension]], description);

const perQueue = perResource(AWS_SERVICE_NAMESPACES.sqs, AWS_SERVICE_DIMENSIONS.queueName);
const perFunction = perResource(AWS_SERVICE_NAMESPACES.lambda, AWS_SERVICE_DIMENSIONS.functionName);
const perDeliveryStream = perResource(AWS_SERVICE_NAMESPACES.firehose, AWS_SERVICE_DIMENSIONS.deliveryStreamName);

/** Native SQS metrics (namespace `AWS/SQS`), per queue. */
export const SQS_METRICS = {
  messagesVisible: perQueue(
    "ApproximateNumberOfMessagesVisible",
    "Count",
    "Messages available for retrieval (on a dead-letter queue: records that could not be processed)",
  ),
} as const;

/** Native Lambda metrics (namespace `AWS/Lambda`), per function. */
export const LAMBDA_METRICS = {
  errors: perFunction("Errors", "Count", "Invocations that ended in a function error"),
  throttles: perFunction("Throttles", "Count", "Invocation requests throttled for lack of concurrency"),
} as const;

/** Native Firehose metrics (namespace `AWS/Firehose`), per delivery stream. */
export const FIREHOSE_METRICS = {
  deliveryToS3Success: perDeliveryStream(
    "DeliveryToS3.Success",
    "Count",
    "Successful S3 put commands over all S3 put commands (1 when every delivery succeeded)",
  ),
  deliveryToS3DataFreshness: perDeliveryStream("DeliveryToS3.DataFreshness", "Seconds", "Age of the oldest record in the stream not yet delivered to S3"),
} as const;
