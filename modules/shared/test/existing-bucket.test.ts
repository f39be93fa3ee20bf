import { type App, Testing, TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { ExistingBucket } from "../readable-bucket";
import { testGrantee } from "../../../testing/fixtures/grantee";
import type { PolicyStatement } from "../policy-document";

const KEY = "arn:aws:kms:sa-east-1:555555555555:key/1b2c3d4e-5f60-4a1b-8c2d-3e4f5a6b7c8d";

function build(props: Partial<ConstructorParameters<typeof ExistingBucket>[2]> = {}) {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, "existing");
  const bucket = new ExistingBucket(stack, "capture", {
    bucketName: "fraud-llm-capture",
    encryptionKeyArn: KEY,
    region: "sa-east-1",
    contentName: "Capture",
    ...props,
  });
  return { stack, bucket };
}

describe("ExistingBucket", () => {
  it("gives a grantee read under the prefix and decrypt on the bucket's key through the role's own policy", () => {
    const { stack, bucket } = build();
    bucket.grantRead(testGrantee(stack, "evaluator", "Evaluator"), "datacapture/");
    const json = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, { policy: string }>> };
    const statements = JSON.parse(Object.values(json.resource.aws_iam_role_policy!)[0]!.policy).Statement as PolicyStatement[];
    expect(statements).toEqual([
      { Sid: "ReadCapture", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: ["arn:aws:s3:::fraud-llm-capture/datacapture/*"] },
      { Sid: "DecryptCapture", Effect: "Allow", Action: "kms:Decrypt", Resource: KEY },
    ]);
    // No key policy is written for a key this stack does not manage.
    expect(json.resource.aws_kms_key).toBeUndefined();
  });

  it("warns at synth that the key's own policy must let the role decrypt", () => {
    const { stack, bucket } = build();
    bucket.grantRead(testGrantee(stack, "evaluator", "Evaluator"), "datacapture/");
    const warnings = bucket.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data));
    expect(warnings).toEqual([expect.stringContaining(`key ${KEY} of bucket fraud-llm-capture is not managed by this stack`)]);
    expect(warnings[0]).toContain("arn:aws:iam::123456789012:role/evaluator");
  });

  it("refuses a bucket name or key ARN that cannot be right, showing the value", () => {
    expect(() => build({ bucketName: "Fraud_Capture" })).toThrow(
      'bucketName must be an S3 bucket name (lower-case letters, digits, dots, hyphens; 3-63 characters), got "Fraud_Capture"',
    );
    expect(() => build({ encryptionKeyArn: "alias/capture" })).toThrow(
      'encryptionKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got "alias/capture"',
    );
  });
});
