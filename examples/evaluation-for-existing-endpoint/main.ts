// A team that already runs a SageMaker endpoint (DataCapture to its own SSE-KMS bucket) adds only
// the LLM-as-judge evaluation and the quality alerting of the platform to its own cdktf app.
import * as fs from "node:fs";
import * as path from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, App, TerraformStack } from "cdktf";
import { Alerting, defaultSlos } from "llm-observability-platform/modules/alerting";
import { EvaluationLayer, readCalibrationRecords } from "llm-observability-platform/modules/evaluation-layer";
import { PolicyAspect } from "llm-observability-platform/modules/policy";
import { ExistingBucket, ResourceNaming } from "llm-observability-platform/modules/shared";

const accountId = "555555555555";
const region = "sa-east-1";
const endpoint = { endpointName: "fraud-llm-prod", modelName: "mistral-7b-instruct", instanceType: "ml.g5.2xlarge" };
const requestTypes = [{ requestType: "fraud_explanation", threshold: 0.85 }];
// The app's folder, the one with cdktf.json (main.js is built beside main.ts or into dist/): the
// team's calibration records are committed there.
const root = [__dirname, path.dirname(__dirname)].find((dir) => fs.existsSync(path.join(dir, "cdktf.json")))!;
// The package's synthetic example golden set; a team brings its own ~200 human-scored pairs.
const goldenSet = path.join(path.dirname(require.resolve("llm-observability-platform/package.json")), "calibration", "golden", "example-set.jsonl");

const app = new App();
const stack = new TerraformStack(app, "fraud-detection-prod");
new AwsProvider(stack, "aws", { region, allowedAccountIds: [accountId] });
const naming = new ResourceNaming({ businessLine: "fraud-detection", stage: "prod", accountId, region });

// The endpoint's DataCapture bucket, managed by the team's existing stack.
const captureBucket = new ExistingBucket(stack, "capture-bucket", {
  bucketName: "fraud-llm-capture-555555555555",
  encryptionKeyArn: "arn:aws:kms:sa-east-1:555555555555:key/1b2c3d4e-5f60-4a1b-8c2d-3e4f5a6b7c8d",
  region,
  contentName: "Capture",
});

const evaluation = new EvaluationLayer(stack, "evaluation", {
  naming,
  accountId,
  region,
  endpoint: { ...endpoint, captureBucket, capturePrefix: "datacapture/" },
  // The names the clients' custom attributes may carry; any other is scored under "unknown".
  useCases: ["fraud_ops"],
  requestTypes: requestTypes.map((entry) => entry.requestType),
  network: {
    vpcId: "vpc-0d1d2d3d4d5d60001",
    subnetIds: ["subnet-0d1d2d3d4d5d60011", "subnet-0d1d2d3d4d5d60012"],
    securityGroupIds: ["sg-0d1d2d3d4d5d60021"],
  },
  routeTableIds: ["rtb-0d1d2d3d4d5d60031"],
  qualityThresholds: { fraud_explanation: 0.85 },
  defaultQualityThreshold: 0.8,
  // Synth fails unless the judge pair has a passing calibration record among these.
  calibration: { records: readCalibrationRecords(path.join(root, "calibration", "records")), goldenSetPath: goldenSet },
});

new Alerting(stack, "alerting", {
  naming,
  accountId,
  region,
  runbookBaseUrl: "https://git.example-bank.com/fraud/llm-runbooks/blob/main/runbooks",
  ...endpoint,
  // Quality SLOs only: this endpoint has no gateway publishing availability and TTFT.
  // The quality SLOs read the series of the judge pair that scores production.
  slos: defaultSlos({ ...endpoint, requestTypes, judgePair: evaluation.judgePair }).filter((slo) => slo.name.startsWith("quality-")),
  judgePair: evaluation.judgePair,
  calibrationThresholds: evaluation.calibrationThresholds,
  alarms: { latency: false, promptAnomaly: false, cacheHitRate: false },
  functionNames: evaluation.functionNames,
  deadLetterQueueNames: evaluation.deadLetterQueueNames,
});

// Runs the core rules and the rules the evaluation and alerting modules registered on the stack.
Aspects.of(stack).add(new PolicyAspect());
app.synth();
