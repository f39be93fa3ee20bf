import { describe, expect, it } from "vitest";
import { runScript } from "../../testing/fixtures/run-script";
import { checkAcrossEnvironments } from "../across-environments";
import { preflightChecks, type PreflightCheck } from "../preflight";
import { resolveEnvironment, type ResolvedEnvironment } from "../resolved";
import type { EnvironmentConfig } from "../types";
import retailProd from "../../environments/retail-banking/prod";
import sandbox from "../../environments/sandbox/sandbox";
import { validEnvironment } from "../../testing/fixtures/environment-fixture";

function resolved(config: EnvironmentConfig, file: string): ResolvedEnvironment {
  return checkAcrossEnvironments([resolveEnvironment(config, file)]).environments[0]!;
}

const bySubject = (checks: readonly PreflightCheck[]) => new Map(checks.map((c) => [c.subject, c]));

/** Read-only commands only: every `&&`-joined part is a describe/get/list/ls or a local check. */
const READ_ONLY =
  /^(aws [a-z0-9-]+ (describe-[a-z-]+|get-[a-z-]+|list-[a-z-]+|batch-get-image|head-object)\b|aws s3 ls\b|test -n |terraform version$|ls |curl -sf (-o \/dev\/null )?)/;

describe("preflight", () => {
  const prod = resolved(retailProd, "environments/retail-banking/prod.ts");
  const checks = preflightChecks(prod, {});
  const subjects = bySubject(checks);

  it("lists everything a prod deploy assumes exists, from the environment file alone", () => {
    expect([...subjects.keys()]).toEqual([
      "account",
      "vpc",
      "subnets",
      "security groups",
      "vpc endpoints to create",
      "route tables",
      "container image",
      "model artifacts",
      "instance type",
      "state bucket",
      "state key",
      "state lock",
      "api gateway logging role",
      "lambda concurrency",
      "code signing",
      "judge model",
      "audit role",
      "pagerduty token",
    ]);
    expect(subjects.get("vpc")!.command).toContain("--vpc-ids vpc-0b1b2c3d4e5f60001 --region sa-east-1");
    expect(subjects.get("subnets")!.command).toContain("subnet-0b1b2c3d4e5f60011 subnet-0b1b2c3d4e5f60012 subnet-0b1b2c3d4e5f60013");
    expect(subjects.get("route tables")!.command).toContain("--route-table-ids rtb-0b1b2c3d4e5f60031");
    expect(subjects.get("container image")!.command).toBe(
      "aws ecr batch-get-image --registry-id 763104351884 --repository-name djl-inference --image-ids imageTag=0.33.0-lmi15.0.0-cu128 --region sa-east-1 --query 'images[].imageId' --output text",
    );
    expect(subjects.get("instance type")!.command).toBe(
      `aws service-quotas list-service-quotas --service-code sagemaker --region sa-east-1 --query "Quotas[?QuotaName=='ml.g5.12xlarge for endpoint usage'].Value" --output text`,
    );
    expect(subjects.get("model artifacts")!.command).toContain("aws s3 ls s3://retail-banking-model-artifacts-222222222222/llama-3-1-8b-instruct/");
    expect(subjects.get("state bucket")!.command).toContain("get-bucket-versioning --bucket retail-banking-terraform-state-222222222222");
    expect(subjects.get("state lock")).toMatchObject({
      command: expect.stringContaining("describe-table --table-name terraform-locks"),
      expect: "ACTIVE LockID S",
    });
    expect(subjects.get("api gateway logging role")!.expect).toContain("arn:aws:iam::222222222222:role/llmobs-retail-banking-prod-apigw-cloudwatch");
    expect(subjects.get("pagerduty token")!.assumption).toContain("it is not set in this shell");
    expect(subjects.get("pagerduty token")!.command).toContain("https://api.pagerduty.com/schedules/PRETAIL1");
  });

  it("gives only read-only commands, and never prints the PagerDuty token", () => {
    for (const c of checks) for (const part of c.command.split(" && ")) expect(part).toMatch(READ_ONLY);
    const withToken = preflightChecks(prod, { PAGERDUTY_TOKEN: "u+secret-token" });
    expect(JSON.stringify(withToken)).not.toContain("u+secret-token");
    expect(bySubject(withToken).get("pagerduty token")!.assumption).toContain("it is set in this shell");
  });

  it("checks the landing zone's endpoints it is given, and looks for conflicts only among those it creates", () => {
    const env = resolved(
      {
        ...validEnvironment(),
        evaluation: { vpcEndpoints: { sqs: "vpce-0123456789abcdef0", s3: "vpce-0123456789abcdef1", dynamodb: "vpce-0123456789abcdef2" } },
      },
      "main.ts",
    );
    const s = bySubject(preflightChecks(env, {}));
    expect(s.get("existing vpc endpoints")!.command).toContain("--vpc-endpoint-ids vpce-0123456789abcdef0 vpce-0123456789abcdef1 vpce-0123456789abcdef2");
    expect(s.get("vpc endpoints to create")!.command).not.toContain(".sqs");
    expect(s.get("vpc endpoints to create")!.command).toContain("com.amazonaws.sa-east-1.bedrock-runtime");
    expect(s.has("route tables")).toBe(false);
    // The policy each existing endpoint must allow: the platform's buckets (and the weights'), its tables, its queues.
    const s3 = s.get("endpoint policy s3")!;
    expect(s3.command).toBe(
      "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids vpce-0123456789abcdef1 --region sa-east-1 --query 'VpcEndpoints[0].PolicyDocument' --output text",
    );
    const s3Policy = JSON.parse(s3.assumption.slice(s3.assumption.indexOf("{")));
    expect(s3Policy.Statement[0].Resource).toContain("arn:aws:s3:::llmobs-retail-banking-staging-*/*");
    expect(s3Policy.Statement[0].Condition.ArnLike["aws:PrincipalArn"]).toBe("arn:aws:iam::123456789012:role/llmobs-retail-banking-staging-*");
    const tables = JSON.parse(s.get("endpoint policy dynamodb")!.assumption.replace(/^[^{]*/, "")).Statement[0].Resource;
    expect(tables).toContain("arn:aws:dynamodb:sa-east-1:123456789012:table/llmobs-retail-banking-staging-evaluation-scores");
    expect(s.get("endpoint policy sqs")!.assumption).toContain('"Resource":"arn:aws:sqs:sa-east-1:123456789012:llmobs-retail-banking-staging-*"');
    expect(s.has("endpoint policy bedrock-runtime")).toBe(false);
    // Not the owner of the account's logging role: the role must already be set.
    expect(s.get("api gateway logging role")!.expect).toBe("a role ARN, not None");
  });

  it("a sandbox: local state and a model downloaded through a NAT", () => {
    const s = bySubject(preflightChecks(resolved(sandbox, "environments/sandbox/sandbox.ts"), {}));
    expect(s.get("state")!.assumption).toContain("local file");
    expect(s.get("model download")!.assumption).toContain("meta-llama/Llama-3.1-8B-Instruct");
    expect(s.has("pagerduty token")).toBe(false);
  });

  it("npm run preflight prints them for an environment and names the known ones for a wrong name, calling nothing", () => {
    const ok = runScript("scripts/preflight.ts", ["retail-banking-prod"], { env: {} });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("Preflight of retail-banking-prod (environments/retail-banking/prod.ts): account 222222222222, sa-east-1.");
    expect(ok.stdout).toContain("$ aws sts get-caller-identity --query Account --output text");
    const bad = runScript("scripts/preflight.ts", ["retail-banking/qa"], { env: {} });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown environment "retail-banking/qa"; known: retail-banking/prod, retail-banking/staging');
  });
});
