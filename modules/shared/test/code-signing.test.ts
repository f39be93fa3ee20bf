import { describe, expect, it } from "vitest";
import { BundledFunction } from "../bundled-function";
import { FunctionCodeSigning, type CodeSigningMode } from "../code-signing";
import { FunctionCode } from "../deployment-package";
import { PLATFORM_RULE_PACKS } from "../../platform-rule-packs";
import { evaluatePolicy } from "../policy/policy-aspect";
import { synthesizedStackFrom } from "../policy/synthesized-stack";
import { onlyResource, synthStack, TEST_ACCOUNT, TEST_REGION, testNaming, type SynthesizedJson } from "../../../testing/fixtures/synth";
import { HELLO_ENTRY, helloFunctionProps } from "./fixtures/hello-function";

function synth(mode?: Exclude<CodeSigningMode, "off">): SynthesizedJson {
  return synthStack((stack) => {
    const props = helloFunctionProps(stack);
    const codeSigning = mode
      ? new FunctionCodeSigning(stack, "signing", { naming: testNaming(), accountId: TEST_ACCOUNT, region: TEST_REGION, mode })
      : undefined;
    new BundledFunction(stack, "fn", { ...props, codeSigning });
  });
}

const ref = (json: SynthesizedJson, type: string, attribute: string) => `\${${type}.${Object.keys(json.resource[type]!)[0]}.${attribute}}`;

describe("FunctionCodeSigning", () => {
  const json = synth("enforce");
  const fn = onlyResource(json, "aws_lambda_function");
  const object = onlyResource(json, "aws_s3_object");
  const job = onlyResource(json, "aws_signer_signing_job");

  it("uploads the zip to the versioned artifact bucket under a key holding its SHA-256, KMS-encrypted", () => {
    const { sha256 } = FunctionCode.fromEntry(HELLO_ENTRY).bind();
    expect(object.key).toBe(`unsigned/llmobs-test-hello/${Buffer.from(sha256, "base64").toString("hex")}.zip`);
    expect(object.source_hash).toBe(sha256);
    const signingKey = Object.keys(json.resource.aws_kms_key!).find((k) => k.includes("signing"))!;
    expect(object).toMatchObject({ server_side_encryption: "aws:kms", kms_key_id: `\${aws_kms_key.${signingKey}.arn}` });
    expect(object.depends_on).toContain(`aws_s3_bucket_versioning.${Object.keys(json.resource.aws_s3_bucket_versioning!)[0]}`);
    expect(onlyResource(json, "aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
  });

  it("signs that object version with a Signer job of the stack's Lambda profile, failing the apply if signing fails", () => {
    expect(job).toMatchObject({
      profile_name: ref(json, "aws_signer_signing_profile", "name"),
      source: {
        s3: { bucket: ref(json, "aws_s3_object", "bucket"), key: ref(json, "aws_s3_object", "key"), version: ref(json, "aws_s3_object", "version_id") },
      },
      destination: { s3: { prefix: "signed/llmobs-test-hello/" } },
      ignore_signing_job_failure: false,
    });
    expect(onlyResource(json, "aws_signer_signing_profile")).toMatchObject({
      platform_id: "AWSLambda-SHA384-ECDSA",
      name_prefix: "llmobs_retail_banking_staging_",
    });
  });

  it("deploys the signed object, under a code signing config that trusts only that profile and enforces", () => {
    const jobRef = `aws_signer_signing_job.${Object.keys(json.resource.aws_signer_signing_job!)[0]}`;
    expect(fn.s3_bucket).toBe(`\${${jobRef}.signed_object[0].s3[0].bucket}`);
    expect(fn.s3_key).toBe(`\${${jobRef}.signed_object[0].s3[0].key}`);
    expect(fn.filename).toBeUndefined();
    expect(fn.code_signing_config_arn).toBe(ref(json, "aws_lambda_code_signing_config", "arn"));
    expect(onlyResource(json, "aws_lambda_code_signing_config")).toMatchObject({
      allowed_publishers: { signing_profile_version_arns: [ref(json, "aws_signer_signing_profile", "version_arn")] },
      policies: { untrusted_artifact_on_deployment: "Enforce" },
    });
    expect(onlyResource(synth("warn"), "aws_lambda_code_signing_config").policies.untrusted_artifact_on_deployment).toBe("Warn");
  });

  it("same source, same object and same job: a re-synth shows no diff", () => {
    const again = synth("enforce");
    expect(onlyResource(again, "aws_s3_object").key).toBe(object.key);
    expect(onlyResource(again, "aws_signer_signing_job")).toEqual(job);
  });

  it("lets the account use the artifact key only through S3, for this bucket's objects", () => {
    const keyName = Object.keys(json.resource.aws_kms_key!).find((k) => k.includes("signing"))!;
    const statements = JSON.parse(json.resource.aws_kms_key![keyName]!.policy).Statement as Array<Record<string, any>>;
    const viaS3 = statements.find((s) => s.Sid === "AccountUsesKeyThroughS3ForArtifacts")!;
    expect(viaS3.Condition.StringEquals).toEqual({ "kms:CallerAccount": TEST_ACCOUNT, "kms:ViaService": "s3.sa-east-1.amazonaws.com" });
    expect(viaS3.Condition.StringLike["kms:EncryptionContext:aws:s3:arn"][0]).toMatch(/^arn:aws:s3:::llmobs-retail-banking-staging-function-artifacts-/);
  });

  it("passes every platform rule; an unsigned function fails LLMOBS-LAMBDA-4", () => {
    expect(evaluatePolicy(synthesizedStackFrom(json as never), PLATFORM_RULE_PACKS)).toEqual([]);
    expect(evaluatePolicy(synthesizedStackFrom(synth() as never), PLATFORM_RULE_PACKS).map((f) => f.ruleId)).toEqual(["LLMOBS-LAMBDA-4"]);
  });
});
