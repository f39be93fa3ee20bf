import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { AttributeTokens } from "./attribute-tokens";
import type { EncryptionKey } from "./encryption-key";
import { GRANT_NAME_PATTERN, type Grantee } from "./grantee";
import { PolicyDocument, type PolicyStatement } from "./policy-document";
import type { ReadableBucket } from "./readable-bucket";

export interface SecureBucketProps {
  /** Globally unique bucket name, from `ResourceNaming.bucketName(...)`. */
  readonly bucketName: string;
  /** Customer-managed key for SSE-KMS (with an S3 bucket key to cut KMS request cost). */
  readonly encryptionKey: EncryptionKey;
  /**
   * Keep the bucket and its objects when the stack is destroyed with objects inside.
   * @default false - `terraform destroy` fails on a non-empty bucket instead of deleting audit data
   */
  readonly forceDestroy?: boolean;
  /** Enable S3 Object Lock at creation (cannot be added later). @default false */
  readonly objectLockEnabled?: boolean;
  /**
   * Storage lifecycle of every object. Audit data is kept years without paying Standard storage
   * for years.
   * @default - 90 days in Standard, then Glacier Instant Retrieval, expired after 2,557 days (7 years);
   * noncurrent versions expired after 30 days; incomplete multipart uploads aborted after 7 days
   */
  readonly lifecycle?: BucketLifecycle;
  /**
   * What the bucket holds, in PascalCase, e.g. `Capture`: the statements grants add are named after
   * it (`ReadCapture` in the role policy, `EvaluatorDecryptsCapture` in the key policy).
   * @default "BucketObjects"
   */
  readonly contentName?: string;
}

export interface BucketLifecycle {
  /** Days in S3 Standard before the move to Glacier Instant Retrieval. @default 90 */
  readonly transitionToGlacierIrAfterDays?: number;
  /** Days after creation when objects expire. @default 2557 (7 years) */
  readonly expireAfterDays?: number;
  /** Days a replaced (noncurrent) version is kept. @default 30 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days before an incomplete multipart upload is aborted. @default 7 */
  readonly abortIncompleteMultipartUploadAfterDays?: number;
}

/** The lifecycle every bucket of the platform gets unless told otherwise. */
export const DEFAULT_LIFECYCLE: Required<BucketLifecycle> = {
  transitionToGlacierIrAfterDays: 90,
  expireAfterDays: 2557,
  noncurrentVersionExpirationDays: 30,
  abortIncompleteMultipartUploadAfterDays: 7,
};

/**
 * An S3 bucket that is compliant with no extra code: SSE-KMS with a customer-managed key and bucket
 * key, versioning, all public access blocked, bucket-owner-enforced ownership (no ACLs), and a bucket
 * policy that refuses plain HTTP and uploads encrypted with anything but this key.
 */
export class SecureBucket extends Construct implements ReadableBucket {
  readonly bucket: S3Bucket;
  /** The customer-managed key objects are encrypted with. */
  readonly encryptionKey: EncryptionKey;
  /** What the bucket holds (PascalCase), in the statement ids of grants. */
  readonly contentName: string;
  /** Bucket policy; modules add statements (e.g. a service's write access) before synth. */
  readonly policy: PolicyDocument;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  /** Versioning (on); writers that need object versions depend on it. */
  readonly versioning: S3BucketVersioningA;
  /** The bucket policy resource (rendered from `policy`); services that check it depend on it. */
  readonly bucketPolicy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    this.contentName = props.contentName ?? "BucketObjects";
    if (!GRANT_NAME_PATTERN.test(this.contentName)) {
      throw new Error(`contentName must be letters and digits starting with a letter (it is part of statement ids), e.g. "Capture", got "${this.contentName}"`);
    }
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      objectLockEnabled: props.objectLockEnabled ?? false,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.encryptionKey.keyArn },
          bucketKeyEnabled: true,
        },
      ],
    });
    this.versioning = new S3BucketVersioningA(this, "versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    const lifecycle = { ...DEFAULT_LIFECYCLE, ...props.lifecycle };
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "retain-then-archive",
          status: "Enabled",
          filter: [{ prefix: "" }],
          transition: [{ days: lifecycle.transitionToGlacierIrAfterDays, storageClass: "GLACIER_IR" }],
          expiration: [{ days: lifecycle.expireAfterDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: lifecycle.noncurrentVersionExpirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: lifecycle.abortIncompleteMultipartUploadAfterDays }],
        },
      ],
    });
    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const denyEveryRequest = (Sid: string, Condition: NonNullable<PolicyStatement["Condition"]>): PolicyStatement => ({
      Sid,
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
      Condition,
    });
    this.policy = new PolicyDocument([
      denyEveryRequest("DenyInsecureTransport", { Bool: { "aws:SecureTransport": "false" } }),
      denyEveryRequest("DenyOutdatedTls", { NumericLessThan: { "s3:TlsVersion": "1.2" } }),
      {
        Sid: "DenyOtherEncryptionKeys",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: `${this.bucket.arn}/*`,
        Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": props.encryptionKey.keyArn } },
      },
    ]);
    // The policy waits for the public access block, or S3 may briefly evaluate it as public.
    this.bucketPolicy = new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      policy: Lazy.stringValue({ produce: () => this.policy.render() }),
      dependsOn: [this.publicAccessBlock],
    });
  }

  get bucketName(): string {
    return this.tokens.of("bucketName", () => this.bucket.bucket);
  }

  get bucketArn(): string {
    return this.tokens.of("bucketArn", () => this.bucket.arn);
  }

  private readonly tokens = new AttributeTokens();

  /** ARN pattern of the objects under `prefix` (e.g. `datacapture/`). */
  arnForObjects(prefix = ""): string {
    return `${this.bucket.arn}/${prefix}*`;
  }

  /**
   * Lets the grantee read objects under `prefix` (`s3:GetObject`, `s3:GetObjectVersion`; no listing)
   * and decrypt them: the role policy gets `Read<contentName>` and `Decrypt<contentName>`, and the
   * bucket key's policy names the role in `<grantName>Decrypts<contentName>`, so readers need no
   * other statement. Calling it again for another prefix widens the same statements.
   */
  grantRead(grantee: Grantee, prefix = ""): void {
    grantee.addToRolePolicy(
      { Sid: `Read${this.contentName}`, Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [this.arnForObjects(prefix)] },
      { Sid: `Decrypt${this.contentName}`, Effect: "Allow", Action: "kms:Decrypt", Resource: this.encryptionKey.keyArn },
    );
    this.encryptionKey.grantDecrypt(`${grantee.grantName}Decrypts${this.contentName}`, [grantee.roleArn]);
  }

  /**
   * Lets the grantee write objects under `prefix` (`s3:PutObject`) encrypted with the bucket's key:
   * the role policy gets `Write<contentName>` and `Encrypt<contentName>`, and the key's policy names
   * the role in `<grantName>Encrypts<contentName>`. No read, no delete; unlike a writer-only key
   * grant, it does not deny decrypt, so the same role may also `grantRead` another prefix.
   */
  grantWrite(grantee: Grantee, prefix = ""): void {
    grantee.addToRolePolicy(
      { Sid: `Write${this.contentName}`, Effect: "Allow", Action: "s3:PutObject", Resource: [this.arnForObjects(prefix)] },
      { Sid: `Encrypt${this.contentName}`, Effect: "Allow", Action: "kms:GenerateDataKey", Resource: this.encryptionKey.keyArn },
    );
    this.encryptionKey.grantEncrypt(`${grantee.grantName}Encrypts${this.contentName}`, [grantee.roleArn], { denyDecrypt: false });
  }
}
