// A team's own cdktf app that deploys the whole platform for one environment of its own, with no
// `environments/` folder: the configuration is typed code, validated at synth.
import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { defineBusinessLine, defineEnvironment, environmentFromConfig } from "llm-observability-platform/environments";
import { ObservabilityStack } from "llm-observability-platform/stacks";

const businessLine = defineBusinessLine({
  name: "cards",
  allowedRegions: ["sa-east-1"],
  costCentre: "CC-4410-CARDS",
  owner: "cards-platform@example-bank.com",
});

// Every problem is reported at once, each naming "main.ts", the field and what is allowed.
const environment = environmentFromConfig(
  defineEnvironment({
    businessLine,
    stage: "staging",
    accountId: "444444444444",
    region: "sa-east-1",
    model: {
      name: "llama-3-1-8b-instruct",
      image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
      modelDataS3Uri: "s3://cards-model-artifacts-444444444444/llama-3-1-8b-instruct/",
      instanceType: "ml.g5.2xlarge",
      hourlyPriceUsd: 1.97,
      tensorParallelDegree: 1,
    },
    network: {
      vpcId: "vpc-0c1c2c3c4c5c60001",
      subnetIds: ["subnet-0c1c2c3c4c5c60011", "subnet-0c1c2c3c4c5c60012"],
      securityGroupIds: ["sg-0c1c2c3c4c5c60021"],
    },
    // Each calling role books its traffic to its use case; any other caller gets 403.
    gateway: { auth: { type: "iam", callers: [{ principal: "arn:aws:iam::444444444444:role/cards-assistant-*", useCase: "general" }] } },
    evaluation: {
      routeTableIds: ["rtb-0c1c2c3c4c5c60031"],
      // The package's synthetic example golden set; bring the business line's own. Records are read
      // from calibration/records under the app's root.
      calibration: {
        goldenSet: path.join(path.dirname(require.resolve("llm-observability-platform/package.json")), "calibration", "golden", "example-set.jsonl"),
      },
    },
    // The only environment of account 444444444444 in sa-east-1: it owns API Gateway's CloudWatch Logs role there.
    accountSettings: { ownsApiGatewayLoggingRole: true },
    alerting: { runbookBaseUrl: "https://git.example-bank.com/cards/llm-runbooks/blob/main/runbooks" },
  }),
  "main.ts",
);

const app = new App();
// The stack applies the platform's policy checks itself: synth fails on a non-compliant resource.
// Calibration paths are relative to the app's folder, the one with cdktf.json (main.js is built
// beside main.ts or into dist/).
const projectRoot = [__dirname, path.dirname(__dirname)].find((dir) => fs.existsSync(path.join(dir, "cdktf.json")))!;
const stack = new ObservabilityStack(app, environment.id, { environment, projectRoot });
app.synth();
