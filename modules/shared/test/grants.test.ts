import { describe, expect, it } from "vitest";
import { EncryptionKey } from "../encryption-key";
import type { Grantee } from "../grantee";
import { PolicyDocument, type PolicyStatement } from "../policy-document";
import { SecureBucket } from "../secure-bucket";
import { testGrantee } from "../../../testing/fixtures/grantee";
import { synthStack, TEST_ACCOUNT, TEST_REGION } from "../../../testing/fixtures/synth";

const ROLE = "arn:aws:iam::123456789012:role/reporting";

/**
 * A bucket and a role managed by the caller (an inline policy the grants write into), after `grant`;
 * returns the synthesized role policy and key policy statements.
 */
function synthGrant(grant: (bucket: SecureBucket, role: Grantee) => void, contentName?: string) {
  const json = synthStack((stack) => {
    const key = new EncryptionKey(stack, "key", { aliasName: "data", description: "data", accountId: TEST_ACCOUNT, region: TEST_REGION });
    const bucket = new SecureBucket(stack, "bucket", { bucketName: "data-bucket", encryptionKey: key, ...(contentName ? { contentName } : {}) });
    grant(bucket, testGrantee(stack, "reporting", "Reporting"));
  });
  const statements = (type: string) => JSON.parse(Object.values(json.resource[type]!)[0]!.policy).Statement as PolicyStatement[];
  return { rolePolicy: statements("aws_iam_role_policy"), keyPolicy: statements("aws_kms_key") };
}

const BUCKET_ARN = "${aws_s3_bucket.bucket_3056591E.arn}";

describe("SecureBucket.grantRead", () => {
  it("gives the role read under the prefix and decrypt, and names it in the key policy: no hand-written statement", () => {
    const { rolePolicy, keyPolicy } = synthGrant((bucket, role) => bucket.grantRead(role, "reports/"), "Reports");
    expect(rolePolicy).toEqual([
      { Sid: "ReadReports", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [`${BUCKET_ARN}/reports/*`] },
      { Sid: "DecryptReports", Effect: "Allow", Action: "kms:Decrypt", Resource: expect.stringMatching(/^\$\{aws_kms_key\.key_[0-9A-F]+\.arn\}$/) },
    ]);
    expect(keyPolicy.find((s) => s.Sid === "ReportingDecryptsReports")).toEqual({
      Sid: "ReportingDecryptsReports",
      Effect: "Allow",
      Principal: { AWS: [ROLE] },
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: "*",
    });
  });

  it("widens the same statements when granted a second prefix (statement ids stay unique)", () => {
    const { rolePolicy, keyPolicy } = synthGrant((bucket, role) => {
      bucket.grantRead(role, "a/");
      bucket.grantRead(role, "b/");
    });
    expect(rolePolicy.map((s) => s.Sid)).toEqual(["ReadBucketObjects", "DecryptBucketObjects"]);
    expect(rolePolicy[0]!.Resource).toEqual([`${BUCKET_ARN}/a/*`, `${BUCKET_ARN}/b/*`]);
    expect(keyPolicy.filter((s) => s.Sid === "ReportingDecryptsBucketObjects")).toHaveLength(1);
  });

  it("rejects a content name that cannot be part of a statement id", () => {
    expect(() => synthGrant(() => undefined, "capture-data")).toThrow(
      'contentName must be letters and digits starting with a letter (it is part of statement ids), e.g. "Capture", got "capture-data"',
    );
  });
});

describe("PolicyDocument statement ids", () => {
  it("merges principals of the same grant made twice, and refuses a reused id with other actions", () => {
    const doc = new PolicyDocument([{ Sid: "Readers", Effect: "Allow", Principal: { AWS: ["arn:a"] }, Action: "kms:Decrypt", Resource: "*" }]);
    doc.addStatements({ Sid: "Readers", Effect: "Allow", Principal: { AWS: ["arn:b"] }, Action: "kms:Decrypt", Resource: "*" });
    expect(doc.toJson().Statement).toEqual([{ Sid: "Readers", Effect: "Allow", Principal: { AWS: ["arn:a", "arn:b"] }, Action: "kms:Decrypt", Resource: "*" }]);
    expect(() => doc.addStatements({ Sid: "Readers", Effect: "Allow", Principal: { AWS: ["arn:c"] }, Action: "kms:Encrypt", Resource: "*" })).toThrow(
      'statement id "Readers" is used twice with different effects, actions, principals or conditions; give the second statement an id of its own',
    );
  });
});
