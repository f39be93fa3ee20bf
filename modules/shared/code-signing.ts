/**
 * Code signing for the platform's Lambda functions (`FunctionCodeSigning`): one AWS Signer profile
 * and code-signing config per stack, a signing job per deployment package.
 */
import { LambdaCodeSigningConfig } from "@cdktf/provider-aws/lib/lambda-code-signing-config";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { SignerSigningJob } from "@cdktf/provider-aws/lib/signer-signing-job";
import { SignerSigningProfile } from "@cdktf/provider-aws/lib/signer-signing-profile";
import { TerraformStack } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { EncryptionKey } from "./encryption-key";
import type { BundleResult } from "./esbuild-bundler";
import { type EnvironmentScope, fitName, NAME_LIMITS } from "./naming";
import { dnsSuffixOf, partitionOf } from "./partition";
import { SecureBucket } from "./secure-bucket";

/**
 * What Lambda does with code that is not signed by the platform's signing profile (or was changed
 * after signing): `enforce` refuses to deploy it, `warn` deploys it and records the failed check
 * (CloudWatch metric and CloudTrail), `off` signs nothing.
 */
export type CodeSigningMode = "enforce" | "warn" | "off";

/** Signer's platform for Lambda deployment packages. */
export const LAMBDA_SIGNING_PLATFORM = "AWSLambda-SHA384-ECDSA";
/** Where the unsigned zips are uploaded, and where Signer writes the signed ones. */
export const UNSIGNED_PREFIX = "unsigned/";
export const SIGNED_PREFIX = "signed/";

/** `naming` names the artifact bucket, its key and the signing profile. */
export interface FunctionCodeSigningProps extends EnvironmentScope {
  /** `enforce` or `warn` (see `CodeSigningMode`); `off` means: do not create this construct. */
  readonly mode: Exclude<CodeSigningMode, "off">;
  /** Months a signature stays valid (1-135). @default 135 - Signer's maximum */
  readonly signatureValidityMonths?: number;
}

/** Where a stack keeps its one `FunctionCodeSigning` (a global symbol: found across copies of this package). */
const STACK_CODE_SIGNING = Symbol.for("llm-observability-platform.function-code-signing");

/** The `codeSigning` prop of the modules that create functions. */
export type CodeSigningChoice = FunctionCodeSigning | "off";

/** Where a signed deployment package is, for `aws_lambda_function`'s `s3_bucket` / `s3_key`. */
export interface SignedCode {
  readonly s3Bucket: string;
  readonly s3Key: string;
  readonly codeSigningConfigArn: string;
  /** The upload of the unsigned zip and the job that signed it. */
  readonly object: S3Object;
  readonly job: SignerSigningJob;
}

/**
 * Lambda code signing for the functions of one stack: an AWS Signer profile, a Lambda code signing
 * config that trusts only that profile (`enforce` or `warn`), and a versioned, KMS-encrypted
 * artifact bucket. `sign()` uploads a function's deterministic zip under `unsigned/` (its key holds
 * the zip's SHA-256, so the same source is the same object and no new job), has Signer sign that
 * object version into `signed/`, and hands the signed object to the function.
 */
export class FunctionCodeSigning extends Construct {
  readonly profile: SignerSigningProfile;
  readonly config: LambdaCodeSigningConfig;
  readonly key: EncryptionKey;
  readonly artifactBucket: SecureBucket;
  readonly mode: Exclude<CodeSigningMode, "off">;

  /**
   * The stack's code signing, created (at stack level, `enforce` unless told otherwise) the first
   * time a module asks: every function of a stack shares one profile, config and artifact bucket.
   */
  static ofStack(scope: IConstruct, props: Omit<FunctionCodeSigningProps, "mode"> & { readonly mode?: Exclude<CodeSigningMode, "off"> }): FunctionCodeSigning {
    const stack = TerraformStack.of(scope) as TerraformStack & { [STACK_CODE_SIGNING]?: FunctionCodeSigning };
    const existing = stack[STACK_CODE_SIGNING];
    if (existing) {
      if (props.mode !== undefined && props.mode !== existing.mode) {
        throw new Error(`the stack's code signing is "${existing.mode}" already; one stack has one code signing config, got "${props.mode}"`);
      }
      return existing;
    }
    return new FunctionCodeSigning(stack, "function-code-signing", { ...props, mode: props.mode ?? "enforce" });
  }

  /**
   * What a module's `codeSigning` prop resolves to: `"off"` signs nothing, a given
   * `FunctionCodeSigning` is used, and nothing given is the stack's own (`ofStack`, enforce).
   */
  static resolve(scope: IConstruct, choice: CodeSigningChoice | undefined, props: Omit<FunctionCodeSigningProps, "mode">): FunctionCodeSigning | undefined {
    if (choice === "off") return undefined;
    return choice ?? FunctionCodeSigning.ofStack(scope, props);
  }

  constructor(scope: Construct, id: string, props: FunctionCodeSigningProps) {
    super(scope, id);
    if (props.mode !== "enforce" && props.mode !== "warn") {
      throw new Error(`code signing mode must be "enforce" or "warn" (for "off", create no FunctionCodeSigning), got ${JSON.stringify(props.mode)}`);
    }
    const months = props.signatureValidityMonths ?? 135;
    if (!Number.isInteger(months) || months < 1 || months > 135) {
      throw new Error(`signature validity must be a whole number of months from 1 to 135, got ${months}`);
    }
    this.mode = props.mode;
    const stack = TerraformStack.of(this) as TerraformStack & { [STACK_CODE_SIGNING]?: FunctionCodeSigning };
    if (stack[STACK_CODE_SIGNING]) throw new Error("a stack has one FunctionCodeSigning; use FunctionCodeSigning.ofStack(scope, props) to share it");
    stack[STACK_CODE_SIGNING] = this;
    const { naming, accountId, region } = props;
    const partition = partitionOf(region);
    const bucketName = naming.bucketName("function-artifacts");

    this.key = new EncryptionKey(this, "key", {
      aliasName: naming.name("function-artifacts-key", NAME_LIMITS.kmsAlias),
      description: `Lambda deployment packages (unsigned and signed) of ${naming.prefix}`,
      accountId,
      region,
    });
    // The deployer uploads, Signer reads and writes, Lambda reads the package: all through S3, for
    // this bucket's objects only (with an S3 bucket key, the encryption context is the bucket ARN).
    this.key.policy.addStatements({
      Sid: "AccountUsesKeyThroughS3ForArtifacts",
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:CallerAccount": accountId, "kms:ViaService": `s3.${region}.${dnsSuffixOf(region)}` },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": [`arn:${partition}:s3:::${bucketName}`, `arn:${partition}:s3:::${bucketName}/*`] },
      },
    });
    this.artifactBucket = new SecureBucket(this, "bucket", {
      bucketName,
      encryptionKey: this.key,
      contentName: "FunctionArtifacts",
    });

    this.profile = new SignerSigningProfile(this, "profile", {
      // Signer names allow letters, digits and underscores only; a prefix keeps a replaced profile's name free.
      namePrefix: `${fitName(naming.prefix, 37).replace(/[^A-Za-z0-9]/g, "_")}_`,
      platformId: LAMBDA_SIGNING_PLATFORM,
      signatureValidityPeriod: { type: "MONTHS", value: months },
    });
    this.config = new LambdaCodeSigningConfig(this, "config", {
      description: `Only code signed by ${naming.prefix}'s signing profile (${props.mode})`,
      allowedPublishers: { signingProfileVersionArns: [this.profile.versionArn] },
      policies: { untrustedArtifactOnDeployment: props.mode === "enforce" ? "Enforce" : "Warn" },
    });
  }

  /**
   * Uploads `bundle` (its asset file at `assetPath`) for the function `name`, signs it and returns
   * where the signed package is. Call once per function; the resources are created in `scope`.
   */
  sign(scope: Construct, name: string, bundle: BundleResult, assetPath: string): SignedCode {
    const hex = Buffer.from(bundle.sha256, "base64").toString("hex");
    const object = new S3Object(scope, "code-object", {
      bucket: this.artifactBucket.bucket.id,
      key: `${UNSIGNED_PREFIX}${name}/${hex}.zip`,
      source: assetPath,
      // The key already changes with the content; the hash makes Terraform re-upload a changed file too.
      sourceHash: bundle.sha256,
      serverSideEncryption: "aws:kms",
      kmsKeyId: this.key.keyArn,
      contentType: "application/zip",
      // Signer needs the object's version: the bucket must be versioned before the upload.
      dependsOn: [this.artifactBucket.versioning, this.artifactBucket.bucketPolicy],
    });
    const job = new SignerSigningJob(scope, "signing-job", {
      profileName: this.profile.name,
      source: { s3: { bucket: object.bucket, key: object.key, version: object.versionId } },
      destination: { s3: { bucket: this.artifactBucket.bucketName, prefix: `${SIGNED_PREFIX}${name}/` } },
      // A failed signing fails the apply: nothing unsigned is deployed in its place.
      ignoreSigningJobFailure: false,
    });
    const signed = job.signedObject.get(0).s3.get(0);
    return { s3Bucket: signed.bucket, s3Key: signed.key, codeSigningConfigArn: this.config.arn, object, job };
  }
}
