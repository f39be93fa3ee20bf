import { createHash } from "node:crypto";

/** Name length limits of the AWS resources the platform creates. */
export const NAME_LIMITS = {
  s3Bucket: 63,
  sagemaker: 63,
  iamRole: 64,
  lambda: 64,
  kmsAlias: 256,
  logGroup: 512,
  sqsQueue: 80,
  snsTopic: 256,
  dynamodbTable: 255,
  alarm: 255,
  firehose: 64,
  default: 64,
} as const;

export interface ResourceNamingProps {
  /** Leading part of every name, identifying the platform. @default "llmobs" */
  readonly prefix?: string;
  /** Kebab-case business line, e.g. `retail-banking`. */
  readonly businessLine: string;
  /** Kebab-case stage, e.g. `prod`. */
  readonly stage: string;
  /** Account id, added to globally unique names (S3 buckets). */
  readonly accountId: string;
  /** Region, added to globally unique names (S3 buckets). */
  readonly region: string;
}

/**
 * The one naming scheme of the platform: `<prefix>-<business-line>-<stage>-<purpose>`.
 *
 * Every module takes a `ResourceNaming` instead of inventing names, so names are predictable
 * (IAM conditions and runbooks can rely on them) and never exceed a service's length limit: a name
 * that would is shortened and given a stable hash suffix, so it stays unique.
 */
export class ResourceNaming {
  readonly prefix: string;

  constructor(readonly props: ResourceNamingProps) {
    this.prefix = `${props.prefix ?? "llmobs"}-${props.businessLine}-${props.stage}`;
  }

  /** A name for a resource of this environment, e.g. `name("capture-key")`. */
  name(purpose: string, maxLength: number = NAME_LIMITS.default): string {
    return fitName(`${this.prefix}-${purpose}`, maxLength);
  }

  /** A lower-case, globally unique S3 bucket name (account and region included). */
  bucketName(purpose: string): string {
    const full = `${this.prefix}-${purpose}-${this.props.accountId}-${this.props.region}`.toLowerCase();
    return fitName(full, NAME_LIMITS.s3Bucket);
  }
}

/** Shortens `name` to `maxLength` keeping a stable 8-character hash of the whole name. */
export function fitName(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, maxLength - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/**
 * The account and region of resources whose names the caller gives: props of a construct that
 * scopes policies or ARNs by them extend this.
 */
export interface AccountRegion {
  /** Account of the resources (12 digits). */
  readonly accountId: string;
  /** Region of the resources. */
  readonly region: string;
}

/**
 * Where an environment's resources live: its naming scheme, account and region. Props of a
 * construct that names, scopes or grants by them extend this.
 */
export interface EnvironmentScope extends AccountRegion {
  /** Naming of the environment; every resource name starts with its prefix. */
  readonly naming: ResourceNaming;
}
