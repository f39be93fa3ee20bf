import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { resolveEnvironment, type ResolvedEnvironment } from "../../config/resolved";
import { TEST_RUNBOOK_BASE_URL, validEnvironment } from "../../testing/fixtures/environment-fixture";
import { foreignReferences } from "../foreign-references";
import { ObservabilityStack } from "../observability-stack";

const environment: ResolvedEnvironment = resolveEnvironment(
  { ...validEnvironment(), alerting: { runbookBaseUrl: TEST_RUNBOOK_BASE_URL } },
  "environments/retail-banking/staging.ts",
);

/** Synthesizes `build`'s app into a folder of its own and returns the written stack JSON. */
function synthApp(build: (app: App) => void, stack: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "synthesis-"));
  const app = new App({ outdir, stackTraces: false });
  build(app);
  app.synth();
  return fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8");
}

describe("ObservabilityStack synthesis shortcuts", () => {
  it("writes the same JSON as cdktf's own preparation and double resolve would", () => {
    const fast = synthApp((app) => new ObservabilityStack(app, environment.id, { environment }), environment.id);
    // The same stack with cdktf's own prepareStack and toTerraform (no reuse of the policy check's JSON).
    class Plain extends ObservabilityStack {
      override prepareStack(): void {
        TerraformStack.prototype.prepareStack.call(this);
      }
      override toTerraform(): any {
        return TerraformStack.prototype.toTerraform.call(this);
      }
    }
    const plain = synthApp((app) => new Plain(app, environment.id, { environment }), environment.id);
    expect(fast).toBe(plain);
  });

  it("fails synth, naming the reference, when a subclass refers to another stack's resource", () => {
    class Extended extends ObservabilityStack {
      constructor(scope: Construct, id: string, other: S3Bucket) {
        super(scope, id, { environment });
        new TerraformOutput(this, "other_bucket", { value: other.arn });
      }
    }
    expect(() =>
      synthApp((app) => {
        const shared = new TerraformStack(app, "shared");
        new AwsProvider(shared, "aws", { region: "sa-east-1" });
        const bucket = new S3Bucket(shared, "shared-bucket", { bucket: "shared" });
        new Extended(app, environment.id, bucket);
      }, environment.id),
    ).toThrow(/stack retail-banking-staging refers to resources it does not declare: aws_s3_bucket\.shared-bucket/);
  });
});

describe("foreignReferences", () => {
  it("finds undeclared resources and data sources inside nested expressions, and nothing else", () => {
    const json = {
      resource: {
        aws_s3_bucket: { mine: {} },
        aws_iam_role: { role: { policy: "${jsonencode({a = aws_s3_bucket.mine.arn, b = aws_sqs_queue.theirs.arn})}" } },
      },
      data: { aws_region: { current: {} } },
      output: { x: { value: "${data.aws_region.current.name}-${data.aws_partition.other.partition}" }, y: { value: "${var.name}" } },
    };
    expect(foreignReferences(json)).toEqual(["aws_sqs_queue.theirs", "data.aws_partition.other"]);
  });
});
