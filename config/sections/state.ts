/**
 * The `state` section of an environment file: where Terraform keeps the state of the environment's
 * stacks. Local (a file in `cdktf.out/`) by default, for the sandbox and local tooling; an S3 backend
 * with a KMS key and locking for anything a pipeline deploys. A production stage must use S3.
 */
import type { ConfigProblem } from "../errors";
import { checkSettings } from "../schema/check";
import { STATE_DEFAULTS, STATE_SCHEMA } from "../schema/state-grafana";
import { type Check, checkPattern, sectionProblems } from "./section-check";

/** State in a file beside the synthesized stack (cdktf's default). Sandboxes and local tooling only. */
export interface LocalStateConfig {
  readonly backend: "local";
}

/** How concurrent runs are kept from writing the same state. */
export type StateLockConfig =
  /** A DynamoDB table with a `LockID` (string) partition key. */
  | { readonly dynamodbTable: string }
  /** A lock file beside the state object in the same bucket (Terraform 1.10 and later). */
  | { readonly s3Lockfile: true };

/** State in an S3 bucket that exists before the first deploy (created outside the platform). */
export interface S3StateConfig {
  readonly backend: "s3";
  /** The state bucket: versioned, public access blocked, encrypted. */
  readonly bucket: string;
  /**
   * Prefix of the state objects; each stack's state is `<keyPrefix>/<stack>.tfstate`.
   * @default "llm-observability"
   */
  readonly keyPrefix?: string;
  /**
   * Region of the bucket and the lock table. State holds resource attributes, so it is data
   * residency scoped too: one of the business line's allowed regions.
   * @default - the environment's region
   */
  readonly region?: string;
  /** ARN of the customer-managed KMS key (or its alias ARN) the state objects are encrypted with. */
  readonly kmsKeyArn: string;
  /** Locking: `{ dynamodbTable: "terraform-locks" }` or `{ s3Lockfile: true }`. */
  readonly lock: StateLockConfig;
  /**
   * Role Terraform assumes to read and write the state, when the pipeline's own role may not.
   * @default - the pipeline's credentials
   */
  readonly roleArn?: string;
}

export type StateConfig = LocalStateConfig | S3StateConfig;

/** The state section after defaults. */
export type ResolvedStateConfig = LocalStateConfig | (Required<Omit<S3StateConfig, "roleArn">> & Pick<S3StateConfig, "roleArn">);

export { STATE_DEFAULTS } from "../schema/state-grafana";

const BUCKET = /^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KEY_PREFIX = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const KMS_KEY_ARN = /^arn:aws(-[a-z]+)*:kms:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:(key\/[0-9a-f-]{36}|key\/mrk-[0-9a-f]{32}|alias\/[A-Za-z0-9/_-]+)$/;
const DYNAMODB_TABLE = /^[A-Za-z0-9_.-]{3,255}$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export const STATE_EXAMPLE =
  '{ backend: "s3", bucket: "bank-terraform-state-222222222222", kmsKeyArn: "arn:aws:kms:sa-east-1:222222222222:key/<uuid>", lock: { dynamodbTable: "terraform-locks" } }';

/** The state's KMS key: customer-managed, in the state bucket's region. */
function checkStateKey(kmsKeyArn: unknown, stateRegion: string | undefined, check: Check): void {
  if (typeof kmsKeyArn !== "string" || !KMS_KEY_ARN.test(kmsKeyArn)) {
    check(
      false,
      "kmsKeyArn",
      kmsKeyArn,
      "expected the ARN of a customer-managed KMS key or alias, e.g. arn:aws:kms:sa-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab (state is never left to S3-managed keys)",
    );
  } else if (stateRegion !== undefined) {
    const keyRegion = kmsKeyArn.split(":")[3];
    check(keyRegion === stateRegion, "kmsKeyArn", kmsKeyArn, `expected a key in ${stateRegion}, the state bucket's region`);
  }
}

/** The state's lock: exactly one of a DynamoDB table and an S3 lock file. */
function checkStateLock(given: unknown, check: Check): void {
  const lock = given as { dynamodbTable?: unknown; s3Lockfile?: unknown } | undefined;
  if (lock === undefined || lock === null || typeof lock !== "object") {
    check(false, "lock", lock, 'expected { dynamodbTable: "terraform-locks" } or { s3Lockfile: true }: unlocked state lets two runs overwrite each other');
    return;
  }
  const kinds = ["dynamodbTable", "s3Lockfile"].filter((k) => (lock as Record<string, unknown>)[k] !== undefined);
  if (kinds.length !== 1) {
    check(false, "lock", lock, 'expected exactly one of { dynamodbTable: "terraform-locks" } and { s3Lockfile: true }');
  } else if (lock.dynamodbTable !== undefined) {
    const allowed = "expected a DynamoDB table name (3-255 letters, digits, _ . -) whose partition key is LockID (string)";
    checkPattern(check, "lock.dynamodbTable", lock.dynamodbTable, DYNAMODB_TABLE, allowed);
  } else {
    check(lock.s3Lockfile === true, "lock.s3Lockfile", lock.s3Lockfile, "expected true");
  }
}

/**
 * Checks the `state` section; every problem names the file and field.
 *
 * @param context whether the stage is production, the region, the allowed regions and whether it plans credential-free
 */
export function validateState(
  section: StateConfig | undefined,
  file: string,
  context: { readonly production: boolean; readonly region?: string; readonly allowedRegions?: readonly string[]; readonly credentialFree?: boolean },
): ConfigProblem[] {
  const { problems, check } = sectionProblems(file, "state");
  const production = context.production;
  if (section === undefined) {
    check(
      !production,
      "",
      undefined,
      `a production stage keeps its state in S3 with a KMS key and locking, never in a local file; set state to e.g. ${STATE_EXAMPLE}`,
    );
    return problems;
  }
  if (section === null || typeof section !== "object") {
    check(false, "", section, `expected { backend: "local" } or ${STATE_EXAMPLE}`);
    return problems;
  }
  const backend = (section as { backend?: unknown }).backend;
  if (backend === "local") {
    check(
      !production,
      "backend",
      backend,
      `a production stage keeps its state in S3 with a KMS key and locking, never in a local file; use e.g. ${STATE_EXAMPLE}`,
    );
    return problems;
  }
  if (backend !== "s3") {
    check(false, "backend", backend, 'expected "local" or "s3"');
    return problems;
  }
  const s3 = section as S3StateConfig;
  // The values' rules are below; the declarations add the unknown keys.
  problems.push(...checkSettings(STATE_SCHEMA, section, file, "state"));
  check(
    !context.credentialFree,
    "backend",
    backend,
    'a credential-free environment cannot reach an S3 backend (it plans with mock credentials); use { backend: "local" } or remove credentialFree',
  );
  check(
    typeof s3.bucket === "string" && BUCKET.test(s3.bucket) && !s3.bucket.includes(".."),
    "bucket",
    s3.bucket,
    "expected the name of an existing S3 bucket (3-63 lower-case letters, digits, . and -)",
  );
  if (s3.keyPrefix !== undefined) {
    check(
      typeof s3.keyPrefix === "string" && s3.keyPrefix.length <= 512 && KEY_PREFIX.test(s3.keyPrefix),
      "keyPrefix",
      s3.keyPrefix,
      "expected a key prefix such as llm-observability or platform/llm (no leading or trailing slash)",
    );
  }
  if (s3.region !== undefined) {
    if (typeof s3.region !== "string" || !REGION.test(s3.region)) {
      check(false, "region", s3.region, "expected an AWS region code such as sa-east-1");
    } else if (context.allowedRegions && context.allowedRegions.length > 0) {
      check(
        context.allowedRegions.includes(s3.region),
        "region",
        s3.region,
        `state holds resource attributes and stays in the business line's regions: ${context.allowedRegions.join(", ")} (businessLine.allowedRegions)`,
      );
    }
  }
  checkStateKey(s3.kmsKeyArn, s3.region ?? context.region, check);
  checkStateLock(s3.lock, check);
  if (s3.roleArn !== undefined)
    checkPattern(check, "roleArn", s3.roleArn, ROLE_ARN, "expected an IAM role ARN such as arn:aws:iam::222222222222:role/terraform-state");
  return problems;
}

/** Applies the defaults to a section `validateState` accepted. */
export function resolveState(section: StateConfig | undefined, region: string): ResolvedStateConfig {
  if (section === undefined || section.backend === "local") return { backend: "local" };
  return {
    backend: "s3",
    bucket: section.bucket,
    keyPrefix: section.keyPrefix ?? STATE_DEFAULTS.keyPrefix,
    region: section.region ?? region,
    kmsKeyArn: section.kmsKeyArn,
    lock: "dynamodbTable" in section.lock ? { dynamodbTable: section.lock.dynamodbTable } : { s3Lockfile: true },
    ...(section.roleArn !== undefined ? { roleArn: section.roleArn } : {}),
  };
}

/** The object key of one stack's state. */
export function stateKey(state: Extract<ResolvedStateConfig, { backend: "s3" }>, stackId: string): string {
  return `${state.keyPrefix}/${stackId}.tfstate`;
}
