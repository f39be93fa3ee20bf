import { Annotations, Token } from "cdktf";
import { Construct } from "constructs";
import { GRANT_NAME_PATTERN, type Grantee } from "./grantee";
import { partitionOf } from "./partition";

/**
 * A bucket a module reads objects from and is notified by: a `SecureBucket` of this platform, or an
 * `ExistingBucket` that another stack or team manages.
 */
export interface ReadableBucket {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** Lets the grantee read (and decrypt) objects under `prefix`. */
  grantRead(grantee: Grantee, prefix?: string): void;
}

export interface ExistingBucketProps {
  /** Name of the bucket, e.g. the DataCapture bucket of an endpoint the team already runs. */
  readonly bucketName: string;
  /** ARN of the customer-managed KMS key the bucket's objects are encrypted with (SSE-KMS). */
  readonly encryptionKeyArn: string;
  /** Region of the bucket (for the ARN partition). */
  readonly region: string;
  /**
   * Names the role-policy statements a grant writes: `Read<contentName>`, `Decrypt<contentName>`.
   * @default "BucketObjects"
   */
  readonly contentName?: string;
}

const KEY_ARN = /^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/**
 * A bucket this stack does not manage. Grants write the role's own policy only: the key's policy
 * is not this stack's to change, so it must already let the account's IAM policies grant use of
 * the key (AWS's default key policy does) or name the role itself. Synth warns with the statement
 * the key policy needs.
 */
export class ExistingBucket extends Construct implements ReadableBucket {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly encryptionKeyArn: string;
  private readonly contentName: string;

  constructor(scope: Construct, id: string, props: ExistingBucketProps) {
    super(scope, id);
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName)) {
      throw new Error(`bucketName must be an S3 bucket name (lower-case letters, digits, dots, hyphens; 3-63 characters), got "${props.bucketName}"`);
    }
    if (!KEY_ARN.test(props.encryptionKeyArn)) {
      throw new Error(`encryptionKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got "${props.encryptionKeyArn}"`);
    }
    this.contentName = props.contentName ?? "BucketObjects";
    if (!GRANT_NAME_PATTERN.test(this.contentName)) {
      throw new Error(`contentName must be letters and digits starting with a letter (it is part of statement ids), e.g. "Capture", got "${this.contentName}"`);
    }
    this.bucketName = props.bucketName;
    this.bucketArn = `arn:${partitionOf(props.region)}:s3:::${props.bucketName}`;
    this.encryptionKeyArn = props.encryptionKeyArn;
  }

  grantRead(grantee: Grantee, prefix = ""): void {
    grantee.addToRolePolicy(
      { Sid: `Read${this.contentName}`, Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [`${this.bucketArn}/${prefix}*`] },
      { Sid: `Decrypt${this.contentName}`, Effect: "Allow", Action: "kms:Decrypt", Resource: this.encryptionKeyArn },
    );
    // Names only: ARNs made in this stack are tokens, which a warning would print unresolved.
    const shown = (value: string, otherwise: string): string => (Token.isUnresolved(value) ? otherwise : value);
    Annotations.of(this).addWarning(
      `key ${shown(this.encryptionKeyArn, "(given as a reference)")} of bucket ${shown(this.bucketName, this.contentName)} is not managed by this stack: its key policy must allow ` +
        `kms:Decrypt to ${grantee.grantName}${Token.isUnresolved(grantee.roleArn) ? "" : ` (${grantee.roleArn})`}, or keep AWS's default statement that lets IAM policies of the account grant it`,
    );
  }
}
