/**
 * Where each AWS service the platform plans is offered, as AWS documents it: the Region lists are
 * copied from the pages named in `source`, read on the date in `retrieved`. Synth refuses a stack
 * that would plan a service outside its list (`regional-availability.ts`), and `npm run preflight`
 * prints the table for an environment.
 *
 * A list marked `partial` holds the Regions read on the page (or pages) named, not every Region the
 * page may list: a Region outside it is refused until someone reads the page for it and adds it
 * here, with the date. Refusing an unread Region is the safe side: a deploy there fails anyway.
 */

/** The services whose Region lists synth checks. */
export type RegionalService = "managed-grafana" | "comprehend" | "bedrock-runtime" | "signer" | "scheduler";

export interface ServiceAvailability {
  /** The service's name as AWS writes it. */
  readonly service: string;
  /** The AWS page the Regions were read from (more than one when a page was cut short). */
  readonly source: readonly string[];
  /** The day the page was read (YYYY-MM-DD). */
  readonly retrieved: string;
  /** Region codes where the service is offered. */
  readonly regions: readonly string[];
  /** Set when the list is what was read, not the page's whole table: why. */
  readonly partial?: string;
  /** What the platform uses the service for, and the environment field that decides it. */
  readonly usedFor: string;
  readonly field: string;
}

const RETRIEVED = "2026-12-04";

/** The four US commercial Regions, where these services start. */
const US_COMMERCIAL_REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2"] as const;

export const SERVICE_AVAILABILITY: Readonly<Record<RegionalService, ServiceAvailability>> = {
  "managed-grafana": {
    service: "Amazon Managed Grafana",
    source: ["https://docs.aws.amazon.com/general/latest/gr/grafana-service.html"],
    retrieved: RETRIEVED,
    regions: [
      "us-east-1",
      "us-east-2",
      "us-west-2",
      "ap-northeast-1",
      "ap-northeast-2",
      "ap-southeast-1",
      "ap-southeast-2",
      "eu-central-1",
      "eu-west-1",
      "eu-west-2",
    ],
    usedFor: "the Grafana workspace (aws_grafana_workspace and its role, SAML, service account)",
    field: "grafana.mode",
  },
  comprehend: {
    service: "Amazon Comprehend",
    source: ["https://docs.aws.amazon.com/general/latest/gr/comprehend.html", "https://docs.aws.amazon.com/comprehend/latest/dg/guidelines-and-limits.html"],
    retrieved: RETRIEVED,
    regions: [
      "us-east-1",
      "us-east-2",
      "us-west-2",
      "ca-central-1",
      "eu-west-1",
      "eu-west-2",
      "eu-central-1",
      "ap-south-1",
      "ap-northeast-1",
      "ap-northeast-2",
      "ap-southeast-1",
      "ap-southeast-2",
      "us-gov-west-1",
    ],
    usedFor: "PII detection in English and Spanish (DetectPiiEntities) and its VPC endpoint",
    field: "evaluation.piiLanguages",
  },
  "bedrock-runtime": {
    service: "Amazon Bedrock (bedrock-runtime)",
    source: [
      "https://docs.aws.amazon.com/bedrock/latest/userguide/endpoints-region-availability.html",
      "https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-supported.html",
    ],
    retrieved: RETRIEVED,
    regions: [
      ...US_COMMERCIAL_REGIONS,
      "ca-central-1",
      "ca-west-1",
      "eu-central-1",
      "eu-central-2",
      "eu-north-1",
      "eu-south-1",
      "eu-south-2",
      "eu-west-1",
      "eu-west-2",
      "eu-west-3",
      "ap-east-2",
      "ap-northeast-1",
      "ap-northeast-2",
      "ap-northeast-3",
      "ap-south-1",
      "ap-south-2",
      "ap-southeast-1",
      "ap-southeast-2",
      "ap-southeast-3",
      "ap-southeast-4",
      "ap-southeast-5",
      "ap-southeast-6",
      "ap-southeast-7",
      "sa-east-1",
    ],
    partial:
      "the endpoints page was read up to its Asia Pacific table; sa-east-1 is from the second page (Bedrock Regions that support API keys), Middle East and GovCloud rows were not read",
    usedFor: "the LLM judge (InvokeModel through the bedrock-runtime VPC endpoint)",
    field: "evaluation.judgeModelId",
  },
  signer: {
    service: "AWS Signer (signing for AWS Lambda)",
    source: ["https://docs.aws.amazon.com/general/latest/gr/signer.html"],
    retrieved: RETRIEVED,
    regions: [...US_COMMERCIAL_REGIONS, "sa-east-1", "eu-west-1", "cn-north-1"],
    partial:
      "the page's table was read for its first rows (us-east-2, us-east-1, us-west-1); sa-east-1, eu-west-1 and cn-north-1 are in the SDKs' endpoint tables (signer.<region>.amazonaws.com); preflight asks AWS (list-signing-platforms)",
    usedFor: "Lambda code signing (signing profile, signing jobs, code signing config)",
    field: "codeSigning",
  },
  scheduler: {
    service: "Amazon EventBridge Scheduler",
    source: [
      "https://docs.aws.amazon.com/general/latest/gr/eventbridgescheduler.html",
      "https://docs.aws.amazon.com/scheduler/latest/UserGuide/scheduler-quotas.html",
    ],
    retrieved: RETRIEVED,
    regions: [
      ...US_COMMERCIAL_REGIONS,
      "af-south-1",
      "ap-east-1",
      "ap-south-1",
      "ap-south-2",
      "ap-southeast-1",
      "ap-southeast-2",
      "ap-southeast-3",
      "ap-northeast-1",
      "eu-central-1",
      "eu-west-1",
      "eu-west-2",
      "sa-east-1",
    ],
    partial: "the endpoints page was read to ap-southeast-3; the others are the Regions the quotas page names with their own CreateSchedule rate",
    usedFor: "the monthly judge calibration schedule (aws_scheduler_schedule)",
    field: "evaluation.calibration.schedule",
  },
};

/** One Bedrock model's in-Region availability (a model is not offered in every Bedrock Region). */
export interface ModelAvailability {
  readonly model: string;
  readonly source: readonly string[];
  readonly retrieved: string;
  /** Regions where the model can be invoked in-Region (its own id, no cross-Region profile). */
  readonly regions: readonly string[];
  /** Lifecycle facts that explain the list. */
  readonly note: string;
}

/**
 * Bedrock models the platform pins as judges. A judge id not listed here is refused: add the model
 * with its page before an environment uses it.
 */
export const BEDROCK_MODEL_AVAILABILITY: Readonly<Record<string, ModelAvailability>> = {
  "anthropic.claude-3-haiku-20240307-v1:0": {
    model: "Anthropic Claude 3 Haiku",
    source: ["https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-3-haiku.html"],
    retrieved: RETRIEVED,
    regions: ["sa-east-1", "ca-central-1", "eu-central-2", "ap-northeast-2"],
    note: "end of life on 2026-09-10 in most Regions (requests fail with ResourceNotFoundException); still offered in ca-central-1, eu-central-2 and sa-east-1, Legacy in ap-northeast-2",
  },
};

/**
 * Services the platform plans that AWS offers in every commercial Region (S3, KMS, IAM, Lambda,
 * SQS, SNS, DynamoDB, CloudWatch and its Logs, CloudTrail, API Gateway, WAF, Firehose, SageMaker AI,
 * VPC endpoints). Listed in the preflight table; not checked at synth. SageMaker instance types are
 * offered per Region and AWS publishes no list of them: preflight checks the endpoint quota of the
 * instance type in the Region instead.
 */
export const EVERY_COMMERCIAL_REGION_SERVICES: readonly string[] = [
  "Amazon S3",
  "AWS KMS",
  "AWS IAM",
  "AWS Lambda",
  "Amazon SQS",
  "Amazon SNS",
  "Amazon DynamoDB",
  "Amazon CloudWatch and CloudWatch Logs",
  "AWS CloudTrail",
  "Amazon API Gateway",
  "AWS WAF",
  "Amazon Data Firehose",
  "Amazon SageMaker AI",
  "AWS PrivateLink (VPC endpoints)",
];
