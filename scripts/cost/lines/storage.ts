/** The storage lines: Firehose ingestion, S3 with its lifecycle (inference logs, DataCapture) and DynamoDB scores. */
import { EVALUATOR_VARIABLES } from "../../../contracts/evaluator-environment";
import { type CostContext, type CostSheet, GB, type Json, lambdaFunctions } from "../context";
import { DAYS_PER_MONTH, PRICES } from "../prices";
import { CHARS_PER_TOKEN } from "../sample-texts";

/** Firehose bills every record rounded up to this many bytes. */
const FIREHOSE_BILLED_RECORD_BYTES = 5120;
/** Bytes of one score item in DynamoDB. */
const SCORE_ITEM_BYTES = 1_300;

/** Storage cost per month of a stream of `gbPerMonth` with the lifecycle: Standard for `standardDays`, then Glacier IR, expiring at `expireDays`. */
export function lifecycleStorage(gbPerMonth: number, standardDays: number, expireDays: number): { firstYearAvg: number; steadyState: number } {
  const standardMonths = standardDays / (365 / 12);
  const totalMonths = expireDays / (365 / 12);
  const steadyState = gbPerMonth * (standardMonths * PRICES.s3Standard.usd + (totalMonths - standardMonths) * PRICES.s3GlacierInstantRetrieval.usd);
  // Over the first 12 months the archive builds up from nothing.
  let sum = 0;
  for (let month = 1; month <= 12; month += 1) {
    const standard = Math.min(month, standardMonths);
    const archived = Math.max(0, Math.min(month, totalMonths) - standardMonths);
    sum += gbPerMonth * (standard * PRICES.s3Standard.usd + archived * PRICES.s3GlacierInstantRetrieval.usd);
  }
  return { firstYearAvg: sum / 12, steadyState };
}

/** The lifecycle the stack gives the bucket `bucketRef` (its Terraform id). */
function lifecycleOf(stack: Json, bucketRef: string): { standardDays: number; expireDays: number } {
  const configs = Object.values((stack.resource?.aws_s3_bucket_lifecycle_configuration ?? {}) as Json).filter((c) =>
    String((c as Json).bucket).includes(bucketRef),
  ) as Json[];
  const rule = configs[0]?.rule?.[0] as Json | undefined;
  return {
    standardDays: Number(rule?.transition?.find((t: Json) => t.storage_class === "GLACIER_IR")?.days ?? 90),
    expireDays: Number(rule?.expiration?.[0]?.days ?? 2557),
  };
}

export function addFirehose(context: CostContext, sheet: CostSheet): void {
  const billedRecordBytes = Math.ceil(context.record.raw / FIREHOSE_BILLED_RECORD_BYTES) * FIREHOSE_BILLED_RECORD_BYTES;
  sheet.add(
    "Firehose ingestion",
    ((context.requestsPerMonth * billedRecordBytes) / GB) * PRICES.firehoseIngestion.usd,
    `${Math.round(context.requestsPerMonth).toLocaleString("en-US")} inference-log records of ${Math.round(context.record.raw / 100) / 10} KB, billed as ${billedRecordBytes / 1024} KB each, x $${PRICES.firehoseIngestion.usd}/GB`,
  );
}

/** The inference logs (GZIP) in S3 over seven years with the lifecycle, and the requests on their objects. */
export function addInferenceLogStorage(context: CostContext, sheet: CostSheet): void {
  const { record, logObjects } = context;
  const logsBucketRef = /aws_s3_bucket\.([A-Za-z0-9_-]+)\./.exec(String(context.firehose?.extended_s3_configuration?.bucket_arn ?? ""))?.[1] ?? "";
  const logsLifecycle = lifecycleOf(context.stack, logsBucketRef);
  const logsGbPerMonth = (context.requestsPerMonth * record.gzipped) / GB;
  const logsStorage = lifecycleStorage(logsGbPerMonth, logsLifecycle.standardDays, logsLifecycle.expireDays);
  sheet.add(
    "S3 inference logs",
    logsStorage.steadyState + (logObjects / 1000) * (PRICES.s3Put.usd + PRICES.s3Get.usd + PRICES.s3TransitionToGlacierIr.usd),
    `${logsGbPerMonth.toFixed(2)} GB/month gzipped (${Math.round(record.gzipped)} B per record); steady state after ${Math.round(logsLifecycle.expireDays / 365)} years: ${logsLifecycle.standardDays} d Standard, then Glacier IR to day ${logsLifecycle.expireDays} (first-year average $${logsStorage.firstYearAvg.toFixed(2)}/month); ${Math.round(logObjects)} objects/month put, read and transitioned`,
  );
}

export function addDataCapture(context: CostContext, sheet: CostSheet): void {
  const { profile } = context;
  const captureBytes = (profile.promptTokens + profile.completionTokens) * CHARS_PER_TOKEN * 1.3 + 600;
  const captureGbPerMonth = (context.requestsPerMonth * context.sampling * captureBytes) / GB;
  const captureRef = Object.entries((context.resources.aws_s3_bucket ?? {}) as Json).find(([key]) => key.includes("capture"))?.[0] ?? "capture";
  const captureLifecycle = lifecycleOf(context.stack, captureRef);
  const captureStorage = lifecycleStorage(captureGbPerMonth, captureLifecycle.standardDays, captureLifecycle.expireDays);
  sheet.add(
    "DataCapture",
    captureStorage.steadyState,
    `${context.env.dataCapture.samplingPercentage} % of requests x ${Math.round(captureBytes)} B (JSON input and output, uncompressed) = ${captureGbPerMonth.toFixed(2)} GB/month, same lifecycle, steady state (first-year average $${captureStorage.firstYearAvg.toFixed(2)}/month); capture files under 128 KB are billed as 128 KB in Glacier IR (not modelled)`,
  );
}

/** DynamoDB: one consistent read and one conditional write per evaluation; items live for the score TTL. */
export function addDynamoDbScores(context: CostContext, sheet: CostSheet): void {
  const { evaluationsPerMonth } = context.judge;
  const { scoreTtlDays } = EVALUATOR_VARIABLES;
  const evaluatorFn = lambdaFunctions(context).find((f) => f.environment?.variables?.[scoreTtlDays.name]);
  const ttlDays = Number(evaluatorFn?.environment?.variables?.[scoreTtlDays.name] ?? scoreTtlDays.default);
  const storedGb = ((evaluationsPerMonth / DAYS_PER_MONTH) * ttlDays * SCORE_ITEM_BYTES) / GB;
  sheet.add(
    "DynamoDB scores",
    ((evaluationsPerMonth * 2) / 1e6) * PRICES.dynamodbWrite.usd +
      (evaluationsPerMonth / 1e6) * PRICES.dynamodbRead.usd +
      Math.max(0, storedGb - 25) * PRICES.dynamodbStorage.usd +
      storedGb * PRICES.dynamodbPitr.usd,
    `${Math.round(evaluationsPerMonth).toLocaleString("en-US")} conditional writes of a ${SCORE_ITEM_BYTES / 1000} KB item (2 WRU) and consistent reads (1 RRU); ${storedGb.toFixed(3)} GB kept for ${ttlDays} days (TTL) (25 GB free) with PITR; stream reads by Lambda are free`,
  );
}
