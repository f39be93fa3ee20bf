/**
 * The one price table `npm run cost` reads: AWS on-demand list prices, USD, US East (N. Virginia).
 *
 * Checked on 2026-12-01 with the only web access available here, a search index of stored pages:
 * `checked` says how far each figure could be confirmed. `aws-page` = read on the AWS pricing page
 * itself; `third-party` = read in a third-party summary of that page (named in `seenIn`), not on
 * the AWS page; `unconfirmed` = the figure is the usual list price but no stored page showed it.
 * Regional prices (sa-east-1, where most environments run): searched again on 2026-12-04 for the
 * judge's Claude 3 Haiku on the Bedrock pricing page, Lambda (arm64 GB-second) and CloudWatch
 * (metrics, logs): the stored AWS pages show US East figures only (the region selector's tables are
 * not in them; the Lambda page says its examples are US East prices), and no third-party page gave a
 * São Paulo figure. So every price below is the us-east-1 list price, a marked fallback
 * (`SA_EAST_1_FALLBACK`), and the command says so on every run. São Paulo list prices are higher
 * than us-east-1 for most of these services: treat sa-east-1 totals as a lower bound.
 * Three figures the modules need too are declared there and read here: the custom-metric price
 * (the gateway module's series estimate) and Claude 3 Haiku's (the evaluator's default judge prices).
 */

import { EVALUATOR_DEFAULTS } from "../../modules/evaluation-layer";
import { CUSTOM_METRIC_USD_PER_MONTH } from "../../modules/inference-gateway";

export const PRICES_CHECKED_ON = "2026-12-01";
export const PRICE_REGION = "us-east-1";

/** Why sa-east-1 environments are priced at us-east-1 figures: searched, not found on AWS pages. */
export const SA_EAST_1_FALLBACK = {
  searchedOn: "2026-12-04",
  searched: ["https://aws.amazon.com/bedrock/pricing/", "https://aws.amazon.com/lambda/pricing/", "https://aws.amazon.com/cloudwatch/pricing/"],
  finding: "the stored AWS pricing pages show US East figures only; no sa-east-1 figure was found on an AWS page or a third-party summary",
} as const;

export type PriceCheck = "aws-page" | "third-party" | "unconfirmed";

export interface Price {
  readonly usd: number;
  readonly unit: string;
  /** The AWS pricing page the price belongs to. */
  readonly source: string;
  readonly checked: PriceCheck;
  /** Where the figure was read when not on the AWS page. */
  readonly seenIn?: string;
  readonly note?: string;
}

const CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";

export const PRICES = {
  customMetric: {
    usd: CUSTOM_METRIC_USD_PER_MONTH,
    unit: "metric-month (first 10,000 metrics)",
    source: CLOUDWATCH,
    checked: "third-party",
    seenIn: "vantage.sh/blog/cloudwatch-metrics-pricing-explained-in-plain-english; the source article's own $0.30",
    note: "prorated by the hour a metric receives data; 10 metrics free per account",
  },
  standardAlarmMetric: {
    usd: 0.1,
    unit: "alarm metric-month (standard resolution)",
    source: CLOUDWATCH,
    checked: "third-party",
    seenIn: "c3x.dev/resources/aws/aws_cloudwatch_metric_alarm",
    note: "the AWS page prices alarms per alarm metric: a metric-math alarm is counted here by the metrics it reads (not confirmed on the AWS page)",
  },
  highResolutionAlarmMetric: {
    usd: 0.3,
    unit: "alarm metric-month (10-second)",
    source: CLOUDWATCH,
    checked: "third-party",
    seenIn: "c3x.dev/resources/aws/aws_cloudwatch_metric_alarm",
  },
  compositeAlarm: {
    usd: 0.5,
    unit: "composite alarm-month",
    source: CLOUDWATCH,
    checked: "third-party",
    seenIn: "c3x.dev/resources/aws/aws_cloudwatch_metric_alarm",
  },
  anomalyDetectionAlarmMetrics: {
    usd: 3,
    unit: "alarm metrics per anomaly-detection alarm (the metric and the band's two bounds)",
    source: CLOUDWATCH,
    checked: "unconfirmed",
    note: "multiplier, not USD: an anomaly-detection alarm is billed as three standard alarm metrics",
  },
  logsIngestion: {
    usd: 0.5,
    unit: "GB ingested (standard log class)",
    source: CLOUDWATCH,
    checked: "third-party",
    seenIn: "c3x.dev/blog/cloudwatch-logs-cost-optimization",
  },
  logsStorage: { usd: 0.03, unit: "GB-month stored", source: CLOUDWATCH, checked: "third-party", seenIn: "c3x.dev/resources/aws/aws_cloudwatch_log_group" },
  grafanaEditor: {
    usd: 9,
    unit: "active editor or admin per workspace-month",
    source: "https://aws.amazon.com/grafana/pricing/",
    checked: "aws-page",
    note: "every workspace pays for at least one editor",
  },
  grafanaViewer: { usd: 5, unit: "active viewer per workspace-month", source: "https://aws.amazon.com/grafana/pricing/", checked: "aws-page" },
  firehoseIngestion: {
    usd: 0.029,
    unit: "GB ingested, each record rounded up to 5 KB (first 500 TB)",
    source: "https://aws.amazon.com/firehose/pricing/",
    checked: "unconfirmed",
    note: "the 5 KB rounding is on the AWS page; the per-GB figure was not shown by any stored page",
  },
  s3Standard: {
    usd: 0.023,
    unit: "GB-month (first 50 TB)",
    source: "https://aws.amazon.com/s3/pricing/",
    checked: "third-party",
    seenIn: "awsnegotiations.com/s3-storage.html, costnimbus.com",
  },
  s3GlacierInstantRetrieval: {
    usd: 0.004,
    unit: "GB-month (128 KB minimum billable object, 90-day minimum)",
    source: "https://aws.amazon.com/s3/pricing/",
    checked: "third-party",
    seenIn: "awsnegotiations.com/s3-storage.html, costnimbus.com",
  },
  s3Put: { usd: 0.005, unit: "1,000 PUT requests (S3 Standard)", source: "https://aws.amazon.com/s3/pricing/", checked: "unconfirmed" },
  s3Get: { usd: 0.0004, unit: "1,000 GET requests (S3 Standard)", source: "https://aws.amazon.com/s3/pricing/", checked: "unconfirmed" },
  s3TransitionToGlacierIr: {
    usd: 0.02,
    unit: "1,000 lifecycle transitions to Glacier Instant Retrieval",
    source: "https://aws.amazon.com/s3/pricing/",
    checked: "unconfirmed",
  },
  kmsKey: {
    usd: 1,
    unit: "customer managed key-month; each automatic rotation adds $1 for the first two rotations",
    source: "https://aws.amazon.com/kms/pricing/",
    checked: "aws-page",
    note: "the rotation surcharge stops after the second rotation (cloudburn.io summarising the May 2024 change)",
  },
  kmsRequests: {
    usd: 0.03,
    unit: "10,000 symmetric requests (20,000 free per month)",
    source: "https://aws.amazon.com/kms/pricing/",
    checked: "third-party",
    seenIn: "wring.co/blog/aws-kms-pricing-guide, cloudburn.io/blog/aws-kms-pricing",
  },
  dynamodbWrite: {
    usd: 0.625,
    unit: "million write request units (on-demand)",
    source: "https://aws.amazon.com/dynamodb/pricing/on-demand/",
    checked: "third-party",
    seenIn: "airbyte.com/data-engineering-resources/dynamodb-pricing (after the November 2024 cut)",
  },
  dynamodbRead: {
    usd: 0.125,
    unit: "million read request units (on-demand)",
    source: "https://aws.amazon.com/dynamodb/pricing/on-demand/",
    checked: "third-party",
    seenIn: "airbyte.com/data-engineering-resources/dynamodb-pricing",
  },
  dynamodbStorage: { usd: 0.25, unit: "GB-month (first 25 GB free)", source: "https://aws.amazon.com/dynamodb/pricing/on-demand/", checked: "unconfirmed" },
  dynamodbPitr: { usd: 0.2, unit: "GB-month of continuous backup", source: "https://aws.amazon.com/dynamodb/pricing/on-demand/", checked: "unconfirmed" },
  lambdaRequests: {
    usd: 0.2,
    unit: "million requests",
    source: "https://aws.amazon.com/lambda/pricing/",
    checked: "third-party",
    seenIn: "cloudchipr.com/blog/aws-lambda-pricing",
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    unit: "GB-second, arm64 (first 7.5 billion)",
    source: "https://aws.amazon.com/lambda/pricing/",
    checked: "third-party",
    seenIn: "cloudchipr.com/blog/aws-lambda-pricing",
  },
  schedulerInvocations: {
    usd: 1,
    unit: "million scheduled invocations (first 14 million a month free)",
    source: "https://aws.amazon.com/eventbridge/pricing/",
    checked: "third-party",
    seenIn: "cloudburn.io/blog/amazon-eventbridge-pricing",
  },
  cloudTrailDataEvents: { usd: 0.1, unit: "100,000 data events", source: "https://aws.amazon.com/cloudtrail/pricing/", checked: "aws-page" },
  interfaceEndpointHour: {
    usd: 0.01,
    unit: "interface endpoint-hour per Availability Zone",
    source: "https://aws.amazon.com/privatelink/pricing/",
    checked: "unconfirmed",
    note: "the AWS page shows per-AZ hourly billing and $0.01/GB processed; the hourly figure itself was not in the stored excerpt",
  },
  interfaceEndpointGb: { usd: 0.01, unit: "GB processed (first 1 PB)", source: "https://aws.amazon.com/privatelink/pricing/", checked: "aws-page" },
  haikuInput: {
    usd: EVALUATOR_DEFAULTS.judgeInputPricePer1k,
    unit: "1,000 input tokens, Claude 3 Haiku on-demand",
    source: "https://aws.amazon.com/bedrock/pricing/",
    checked: "third-party",
    seenIn: "inventivehq.com/blog/aws-bedrock-pricing-guide; the evaluator's own default",
  },
  haikuOutput: {
    usd: EVALUATOR_DEFAULTS.judgeOutputPricePer1k,
    unit: "1,000 output tokens, Claude 3 Haiku on-demand",
    source: "https://aws.amazon.com/bedrock/pricing/",
    checked: "third-party",
    seenIn: "inventivehq.com/blog/aws-bedrock-pricing-guide; the evaluator's own default",
  },
} as const satisfies Record<string, Price>;

export type PriceKey = keyof typeof PRICES;

/** Hours in the average month, as AWS prices monthly items. */
export const HOURS_PER_MONTH = 730;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
