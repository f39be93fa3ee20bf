import { type App, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../errors";
import { resolveEnvironment } from "../resolved";
import type { StateConfig } from "../sections/state";
import type { EnvironmentConfig } from "../types";
import { validateEnvironment } from "../validate";
import { validEnvironment } from "../../testing/fixtures/environment-fixture";
import { ObservabilityStack } from "../../stacks/observability-stack";

const STAGING = "environments/retail-banking/staging.ts";
const PROD = "environments/retail-banking/prod.ts";
const KEY = "arn:aws:kms:sa-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const S3_STATE: StateConfig = { backend: "s3", bucket: "bank-terraform-state-123456789012", kmsKeyArn: KEY, lock: { dynamodbTable: "terraform-locks" } };

function problems(config: EnvironmentConfig, file = STAGING): string[] {
  return validateEnvironment(config, file).map(formatProblem);
}

const prod = (state?: StateConfig): EnvironmentConfig => ({ ...validEnvironment(), stage: "prod", ...(state ? { state } : {}) });

describe("state section", () => {
  it("defaults to a local file outside production", () => {
    expect(problems(validEnvironment())).toEqual([]);
    expect(resolveEnvironment(validEnvironment(), STAGING).state).toEqual({ backend: "local" });
  });

  it("refuses a production stage without a remote backend, and with a local one, saying what to write", () => {
    expect(problems(prod(), PROD)).toEqual([
      expect.stringMatching(
        /^environments\/retail-banking\/prod\.ts: state is missing; a production stage keeps its state in S3 with a KMS key and locking, never in a local file; set state to e\.g\. \{ backend: "s3"/,
      ),
    ]);
    expect(problems(prod({ backend: "local" }), PROD)).toEqual([expect.stringContaining('state.backend is "local"; a production stage keeps its state in S3')]);
    expect(problems(prod(S3_STATE), PROD)).toEqual([]);
  });

  it("resolves the S3 backend with the key prefix and region defaults", () => {
    expect(resolveEnvironment({ ...validEnvironment(), state: S3_STATE }, STAGING).state).toEqual({
      backend: "s3",
      bucket: S3_STATE.bucket,
      keyPrefix: "llm-observability",
      region: "sa-east-1",
      kmsKeyArn: KEY,
      lock: { dynamodbTable: "terraform-locks" },
    });
  });

  it.each([
    [{ ...S3_STATE, bucket: "Bank_State" }, 'state.bucket is "Bank_State"; expected the name of an existing S3 bucket'],
    [{ ...S3_STATE, keyPrefix: "/platform/" }, 'state.keyPrefix is "/platform/"; expected a key prefix'],
    [
      { ...S3_STATE, region: "us-east-1", kmsKeyArn: KEY.replace("sa-east-1", "us-east-1") },
      'state.region is "us-east-1"; state holds resource attributes and stays in the business line\'s regions: sa-east-1',
    ],
    [{ ...S3_STATE, kmsKeyArn: "alias/aws/s3" }, 'state.kmsKeyArn is "alias/aws/s3"; expected the ARN of a customer-managed KMS key'],
    [
      { ...S3_STATE, kmsKeyArn: KEY.replace("sa-east-1", "us-east-1") },
      'state.kmsKeyArn is "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"; expected a key in sa-east-1, the state bucket\'s region',
    ],
    [{ ...S3_STATE, lock: undefined }, "state.lock is missing; expected { dynamodbTable"],
    [{ ...S3_STATE, lock: { dynamodbTable: "t", s3Lockfile: true } }, 'state.lock is {"dynamodbTable":"t","s3Lockfile":true}; expected exactly one of'],
    [{ ...S3_STATE, lock: { dynamodbTable: "a b" } }, 'state.lock.dynamodbTable is "a b"; expected a DynamoDB table name'],
    [{ ...S3_STATE, roleArn: "terraform" }, 'state.roleArn is "terraform"; expected an IAM role ARN'],
    [{ backend: "consul" }, 'state.backend is "consul"; expected "local" or "s3"'],
  ] as [StateConfig, string][])("refuses %j", (state, message) => {
    const found = problems({ ...validEnvironment(), state });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${STAGING}: ${message}`);
  });

  it("refuses an S3 backend for a credential-free environment", () => {
    expect(problems({ ...validEnvironment(), credentialFree: true, state: S3_STATE })).toEqual([
      expect.stringContaining('state.backend is "s3"; a credential-free environment cannot reach an S3 backend'),
    ]);
  });
});

describe("state backend of the stacks", () => {
  function backendOf(state?: StateConfig): Record<string, any> {
    const environment = resolveEnvironment({ ...validEnvironment(), ...(state ? { state } : {}) }, STAGING);
    const stack = new ObservabilityStack(Testing.app() as App, environment.id, { environment });
    return JSON.parse(Testing.synth(stack)).terraform?.backend ?? {};
  }

  it("writes an encrypted S3 backend with DynamoDB locking and one key per stack, with no stack edit", () => {
    expect(backendOf(S3_STATE)).toEqual({
      s3: {
        bucket: "bank-terraform-state-123456789012",
        key: "llm-observability/retail-banking-staging.tfstate",
        region: "sa-east-1",
        encrypt: true,
        kms_key_id: KEY,
        dynamodb_table: "terraform-locks",
      },
    });
  });

  it("uses Terraform's S3 lock file and an assumed role when configured", () => {
    const backend = backendOf({
      ...S3_STATE,
      keyPrefix: "platform/llm",
      lock: { s3Lockfile: true },
      roleArn: "arn:aws:iam::123456789012:role/terraform-state",
    });
    expect(backend.s3).toMatchObject({
      key: "platform/llm/retail-banking-staging.tfstate",
      use_lockfile: true,
      assume_role: { role_arn: "arn:aws:iam::123456789012:role/terraform-state" },
    });
    expect(backend.s3.dynamodb_table).toBeUndefined();
  });

  it("adds no remote backend when the state is local (cdktf's local file)", () => {
    expect(backendOf().s3).toBeUndefined();
  });
});
