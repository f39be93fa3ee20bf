import { describe, expect, it } from "vitest";
import { InferenceEndpoint, type InferenceEndpointProps } from "..";
import { testGrantee } from "../../../testing/fixtures/grantee";
import { onlyResource, resourcesOf, synthStack, TEST_ACCOUNT, TEST_REGION, testNaming } from "../../../testing/fixtures/synth";

const EVALUATOR = "arn:aws:iam::123456789012:role/evaluator";
const AUDITOR = "arn:aws:iam::123456789012:role/auditor";

function props(overrides: Partial<InferenceEndpointProps> = {}): InferenceEndpointProps {
  return {
    naming: testNaming(),
    accountId: TEST_ACCOUNT,
    region: TEST_REGION,
    modelName: "llama-3-1-8b-instruct",
    image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
    modelDataS3Uri: "s3://models-123456789012/llama",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    securityGroupIds: ["sg-0123456789abcdef0"],
    captureReaderRoleArns: [EVALUATOR, AUDITOR],
    ...overrides,
  };
}

function synth(overrides: Partial<InferenceEndpointProps> = {}) {
  return synthStack((stack) => new InferenceEndpoint(stack, "endpoint", props(overrides)));
}

/** The key policy of the key whose description starts with `prefix`, parsed. */
function keyPolicy(json: ReturnType<typeof synth>, prefix: string): Array<Record<string, any>> {
  const key = resourcesOf(json, "aws_kms_key").find((k) => String(k.description).startsWith(prefix));
  if (!key) throw new Error(`no key described as ${prefix}`);
  return JSON.parse(key.policy).Statement;
}

function principalsWith(statements: Array<Record<string, any>>, effect: string, action: string): string[] {
  return statements.filter((s) => s.Effect === effect && [s.Action].flat().includes(action)).flatMap((s) => [s.Principal?.AWS].flat());
}

describe("InferenceEndpoint", () => {
  it("configures the LMI container for token streaming, INFO logs, prefix caching and batch settings", () => {
    const json = synth({ maxRollingBatchSize: 16, maxConcurrentRequests: 48, prefixCaching: false });
    const env = onlyResource(json, "aws_sagemaker_model").primary_container.environment;
    expect(env).toMatchObject({
      OPTION_OUTPUT_FORMATTER: "jsonlines",
      SAGEMAKER_CONTAINER_LOG_LEVEL: "20",
      OPTION_ENABLE_PREFIX_CACHING: "false",
      OPTION_MAX_ROLLING_BATCH_SIZE: "16",
      SERVING_JOB_QUEUE_SIZE: "48",
    });
  });

  it("runs the model in the VPC, network-isolated when artifacts are staged from S3", () => {
    const model = onlyResource(synth(), "aws_sagemaker_model");
    expect(model.vpc_config).toEqual({ subnets: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], security_group_ids: ["sg-0123456789abcdef0"] });
    expect(model.enable_network_isolation).toBe(true);
    expect(model.primary_container.model_data_source.s3_data_source[0]).toMatchObject({ s3_uri: "s3://models-123456789012/llama/", compression_type: "None" });
  });

  it("captures input and output as JSON lines, with the configured sampling, under datacapture/ with the capture key", () => {
    const config = onlyResource(synth({ dataCaptureSamplingPercentage: 10 }), "aws_sagemaker_endpoint_configuration");
    const capture = config.data_capture_config;
    expect(capture.enable_capture).toBe(true);
    expect(capture.initial_sampling_percentage).toBe(10);
    expect(capture.capture_options).toEqual([{ capture_mode: "Input" }, { capture_mode: "Output" }]);
    expect(capture.capture_content_type_header.json_content_types).toEqual(["application/json", "application/jsonlines"]);
    expect(capture.destination_s3_uri).toMatch(/^s3:\/\/\$\{aws_s3_bucket\..+\.bucket\}\/datacapture$/);
    expect(capture.kms_key_id).toMatch(/^\$\{aws_kms_key\.endpoint_capture-key_.+\.arn\}$/);
  });

  it("encrypts EBS volumes with its own key on EBS-backed instance types", () => {
    const json = synth({ instanceType: "ml.inf2.8xlarge", image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.29.0-neuronx-sdk2.19.1" });
    const config = onlyResource(json, "aws_sagemaker_endpoint_configuration");
    expect(config.kms_key_arn).toMatch(/^\$\{aws_kms_key\.endpoint_volume-key_.+\.arn\}$/);
    expect(resourcesOf(json, "aws_kms_key")).toHaveLength(2);
  });

  it("omits kms_key_arn on instance types with local NVMe storage, which AWS rejects and encrypts in hardware", () => {
    const json = synth({ instanceType: "ml.g5.12xlarge" });
    expect(onlyResource(json, "aws_sagemaker_endpoint_configuration").kms_key_arn).toBeUndefined();
    expect(resourcesOf(json, "aws_kms_key")).toHaveLength(1);
  });

  it("separates duties on the capture key: the endpoint encrypts but cannot decrypt; only evaluator and auditor decrypt", () => {
    const statements = keyPolicy(synth(), "DataCapture");
    const roleRef = principalsWith(statements, "Allow", "kms:GenerateDataKey")[0];
    expect(roleRef).toMatch(/^\$\{aws_iam_role\.endpoint_execution-role_.+\.arn\}$/);
    expect(principalsWith(statements, "Allow", "kms:Decrypt")).toEqual([EVALUATOR, AUDITOR]);
    expect(principalsWith(statements, "Deny", "kms:Decrypt")).toEqual([roleRef]);
    // The account root administers the key but has no data access of its own.
    const root = statements.find((s) => s.Principal?.AWS === `arn:aws:iam::${TEST_ACCOUNT}:root`)!;
    expect(root.Action).not.toContain("kms:Decrypt");
    expect(root.Action).not.toContain("kms:*");
  });

  it("gives the execution role only what serving needs: write under datacapture/, read the model prefix, pull its image", () => {
    const policy = JSON.parse(onlyResource(synth(), "aws_iam_role_policy").policy).Statement as Array<Record<string, any>>;
    const bySid = Object.fromEntries(policy.map((s) => [s.Sid, s]));
    expect(bySid.WriteDataCapture.Action).toBe("s3:PutObject");
    expect(bySid.WriteDataCapture.Resource).toMatch(/\/datacapture\/\*$/);
    expect(bySid.ReadModelArtifacts.Resource).toBe("arn:aws:s3:::models-123456789012/llama*");
    expect(bySid.PullImage.Resource).toBe("arn:aws:ecr:sa-east-1:763104351884:repository/djl-inference");
    expect(policy.flatMap((s) => [s.Action].flat())).not.toContain("kms:Decrypt");
    const trust = JSON.parse(onlyResource(synth(), "aws_iam_role").assume_role_policy).Statement[0];
    expect(trust.Condition).toEqual({ StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } });
  });

  it("protects the capture bucket: SSE-KMS with bucket key, versioning, no public access, TLS only, 7-year lifecycle", () => {
    const json = synth();
    const sse = onlyResource(json, "aws_s3_bucket_server_side_encryption_configuration").rule[0];
    expect(sse.apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(sse.bucket_key_enabled).toBe(true);
    expect(onlyResource(json, "aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
    expect(onlyResource(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const policy = JSON.parse(onlyResource(json, "aws_s3_bucket_policy").policy).Statement;
    expect(policy[0]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    const rule = onlyResource(json, "aws_s3_bucket_lifecycle_configuration").rule[0];
    expect(rule.transition).toEqual([{ days: 90, storage_class: "GLACIER_IR" }]);
    expect(rule.expiration).toEqual([{ days: 2557 }]);
  });

  it("adds target-tracking autoscaling on invocations per instance when asked", () => {
    const json = synth({ autoscaling: { minInstances: 2, maxInstances: 6, targetInvocationsPerInstance: 120 } });
    expect(onlyResource(json, "aws_appautoscaling_target")).toMatchObject({
      min_capacity: 2,
      max_capacity: 6,
      scalable_dimension: "sagemaker:variant:DesiredInstanceCount",
    });
    const policy = onlyResource(json, "aws_appautoscaling_policy").target_tracking_scaling_policy_configuration;
    expect(policy.target_value).toBe(120);
    expect(policy.predefined_metric_specification.predefined_metric_type).toBe("SageMakerVariantInvocationsPerInstance");
    expect(onlyResource(json, "aws_sagemaker_endpoint_configuration").production_variants[0].initial_instance_count).toBe(2);
  });

  it("rejects bad props with the value and the fix", () => {
    expect(() => synth({ dataCaptureSamplingPercentage: 150 })).toThrow("dataCaptureSamplingPercentage must be a whole number from 0 to 100, got 150");
    expect(() => synth({ huggingFaceModelId: "org/model" })).toThrow("set exactly one of modelDataS3Uri and huggingFaceModelId");
    expect(() => synth({ image: "docker.io/lmi:1" })).toThrow("image must be an ECR URI");
  });
});

describe("InferenceEndpoint grants", () => {
  const json = synthStack((stack) => {
    const endpoint = new InferenceEndpoint(stack, "endpoint", props({ captureReaderRoleArns: [] }));
    endpoint.grantInvoke(testGrantee(stack, "caller", "Caller"));
    endpoint.grantReadCaptures(testGrantee(stack, "analyst", "Analyst"));
  });
  const rolePolicy = (name: string) =>
    JSON.parse(Object.entries(json.resource.aws_iam_role_policy!).find(([k]) => k === name)![1].policy).Statement as Array<Record<string, any>>;

  it("grantInvoke lets a role invoke this endpoint only, streaming or not, in its region", () => {
    expect(rolePolicy("caller")).toEqual([
      {
        Sid: "InvokeInferenceEndpoint",
        Effect: "Allow",
        Action: ["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"],
        Resource: `\${aws_sagemaker_endpoint.${Object.keys(json.resource.aws_sagemaker_endpoint!)[0]}.arn}`,
        Condition: { StringEquals: { "aws:RequestedRegion": TEST_REGION } },
      },
    ]);
  });

  it("grantReadCaptures lets a role read under datacapture/ and decrypt, in its policy and in the capture key's", () => {
    const statements = rolePolicy("analyst");
    expect(statements.map((s) => [s.Sid, s.Resource])).toEqual([
      ["ReadCapture", [expect.stringMatching(/^\$\{aws_s3_bucket\.endpoint_capture-bucket_.+\.arn\}\/datacapture\/\*$/)]],
      ["DecryptCapture", expect.stringMatching(/^\$\{aws_kms_key\.endpoint_capture-key_.+\.arn\}$/)],
    ]);
    expect(principalsWith(keyPolicy(json, "DataCapture"), "Allow", "kms:Decrypt")).toEqual(["arn:aws:iam::123456789012:role/analyst"]);
  });
});
