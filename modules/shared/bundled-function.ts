import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AssetType, Lazy, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { EncryptedLogGroup } from "./encrypted-log-group";
import { AttributeTokens } from "./attribute-tokens";
import type { EncryptionKey } from "./encryption-key";
import type { AccountRegion } from "./naming";
import type { FunctionCode } from "./deployment-package";
import type { FunctionCodeSigning } from "./code-signing";
import { GRANT_NAME_PATTERN, type Grantee } from "./grantee";
import { partitionOf } from "./partition";
import { PolicyDocument, statementIdPart, type PolicyStatement } from "./policy-document";

export interface BundledFunctionProps extends AccountRegion {
  /** Function name, from `ResourceNaming.name(...)`. */
  readonly functionName: string;
  /**
   * The deployment package: `FunctionCode.fromEntry(absolutePathOfHandler)` for your own handler,
   * `FunctionCode.platform(name)` for this package's functions.
   */
  readonly code: FunctionCode;
  /** What the function does, shown in the console. */
  readonly description: string;
  /** Key for the function's environment variables and its log group. */
  readonly encryptionKey: EncryptionKey;
  /** @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** What the function may do beyond logging and networking. @default - nothing */
  readonly statements?: readonly PolicyStatement[];
  /** Private subnets; with `securityGroupIds`, puts the function in the VPC. @default - not in a VPC */
  readonly subnetIds?: readonly string[];
  /** Security groups of the function in the VPC. @default - none */
  readonly securityGroupIds?: readonly string[];
  /** VPC of the subnets; network-interface permissions are limited to it. Required with subnets. @default - not in a VPC */
  readonly vpcId?: string;
  /** Timeout in seconds. @default 30 */
  readonly timeoutSeconds?: number;
  /** Memory in MB. @default 512 */
  readonly memorySize?: number;
  /** Reserved concurrency; caps spend and protects downstream services. @default - unreserved */
  readonly reservedConcurrency?: number;
  /** Days the function's logs are kept: a CloudWatch retention value of at least 365. @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Signs the deployment package and deploys the signed object (`FunctionCodeSigning`): the zip is
   * uploaded to the versioned artifact bucket, signed by a Signer job, and the function gets the
   * stack's code signing config.
   * @default - unsigned: the zip is deployed from the synthesized asset
   */
  readonly codeSigning?: FunctionCodeSigning;
  /**
   * What the function does, in PascalCase, e.g. `Evaluator`: grants name their resource-policy
   * statements after it (`EvaluatorDecryptsCapture`).
   * @default - the words of `functionName`, capitalised (`llmobs-x-evaluator` -> `LlmobsXEvaluator`)
   */
  readonly grantName?: string;
}

/**
 * A Node.js 22 arm64 Lambda function bundled with esbuild at synth into a deterministic zip, with its
 * own least-privilege role, a KMS-encrypted log group (365 days), encrypted environment variables and
 * X-Ray tracing. It is a `Grantee`: pass it to `grant*` methods (`bucket.grantRead(fn, prefix)`).
 */
export class BundledFunction extends Construct implements Grantee {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  /** The role's inline policy; grants add statements before synth. The VPC network statements are kept apart and rendered last. */
  readonly policy: PolicyDocument;
  readonly functionName: string;
  readonly grantName: string;
  /** SHA-256 (base64) of the deployment package as built: the same sources give the same hash. */
  readonly codeSha256: string;
  /** Network-interface statements of a function in a VPC, rendered after every other statement. */
  private readonly networkPolicy = new PolicyDocument();

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    if ((props.subnetIds?.length ?? 0) > 0 && !props.vpcId) throw new Error("vpcId is required when subnetIds are given");
    const partition = partitionOf(props.region);
    this.functionName = props.functionName;
    this.grantName = props.grantName ?? statementIdPart(props.functionName);
    if (!GRANT_NAME_PATTERN.test(this.grantName)) {
      throw new Error(`grantName must be letters and digits starting with a letter (it starts statement ids), e.g. "Evaluator", got "${this.grantName}"`);
    }
    const bundle = props.code.bind();
    this.codeSha256 = bundle.sha256;
    const asset = new TerraformAsset(this, "code", {
      path: bundle.zipFile,
      type: AssetType.FILE,
      assetHash: bundle.sha256.replace(/[^A-Za-z0-9]/g, "").slice(0, 32),
    });
    const signed = props.codeSigning?.sign(this, props.functionName, bundle, asset.path);

    props.encryptionKey.allowAccountUseVia("AccountUsesKeyThroughLambda", ["lambda"]);
    this.logGroup = new EncryptedLogGroup(this, "logs", {
      logGroupName: `/aws/lambda/${props.functionName}`,
      encryptionKey: props.encryptionKey,
      accountId: props.accountId,
      region: props.region,
      retentionInDays: props.logRetentionDays,
    }).logGroup;

    this.role = new IamRole(this, "role", {
      name: props.functionName.slice(0, 64),
      assumeRolePolicy: PolicyDocument.trust("lambda.amazonaws.com", { StringEquals: { "aws:SourceAccount": props.accountId } }),
    });
    this.policy = new PolicyDocument([
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${this.logGroup.arn}:*`,
      },
      // Lambda decrypts the environment variables with the role's credentials at start.
      { Sid: "DecryptOwnEnvironment", Effect: "Allow", Action: "kms:Decrypt", Resource: props.encryptionKey.keyArn },
      { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
      ...(props.statements ?? []),
    ]);
    if (props.vpcId) {
      this.networkPolicy.addStatements(
        {
          Sid: "DescribeNetworkInterfaces",
          Effect: "Allow",
          Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"],
          Resource: "*",
        },
        {
          Sid: "ManageInterfacesInVpc",
          Effect: "Allow",
          Action: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
          Resource: "*",
          Condition: { ArnEqualsIfExists: { "ec2:Vpc": `arn:${partition}:ec2:${props.region}:${props.accountId}:vpc/${props.vpcId}` } },
        },
      );
    }
    const rolePolicy = new IamRolePolicy(this, "policy", {
      role: this.role.id,
      name: "least-privilege",
      policy: Lazy.stringValue({
        produce: () => new PolicyDocument([...this.policy.toJson().Statement, ...this.networkPolicy.toJson().Statement]).render(),
      }),
    });

    this.function = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      // Signed: the package is the signed object (its key changes whenever the zip does). Unsigned: the asset.
      ...(signed
        ? { s3Bucket: signed.s3Bucket, s3Key: signed.s3Key, codeSigningConfigArn: signed.codeSigningConfigArn }
        : { filename: asset.path, sourceCodeHash: bundle.sha256 }),
      timeout: props.timeoutSeconds ?? 30,
      memorySize: props.memorySize ?? 512,
      kmsKeyArn: props.encryptionKey.keyArn,
      tracingConfig: { mode: "Active" },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      environment: { variables: { NODE_OPTIONS: "--enable-source-maps", ...(props.environment ?? {}) } },
      ...(props.subnetIds && props.subnetIds.length > 0
        ? { vpcConfig: { subnetIds: [...props.subnetIds], securityGroupIds: [...(props.securityGroupIds ?? [])] } }
        : {}),
      dependsOn: [rolePolicy, this.logGroup],
    });
  }

  get functionArn(): string {
    return this.tokens.of("functionArn", () => this.function.arn);
  }

  get roleArn(): string {
    return this.tokens.of("roleArn", () => this.role.arn);
  }

  private readonly tokens = new AttributeTokens();

  /** Adds statements to the function's role policy (grants call this). */
  addToRolePolicy(...statements: PolicyStatement[]): void {
    this.policy.addStatements(...statements);
  }
}
