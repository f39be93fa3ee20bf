/**
 * No stack plans a service outside the Regions AWS documents for it: every environment of the
 * repository is loaded and synthesized as synth does it, and a Grafana workspace planted in
 * sa-east-1 is refused with the file, the Region and the documented list.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { GrafanaWorkspace } from "@cdktf/provider-aws/lib/grafana-workspace";
import { App, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../../config/errors";
import { formatPreflight, preflightChecks } from "../../config/preflight";
import { regionalAvailabilityProblems } from "../../config/regional-availability";
import { resolveEnvironment, type ResolvedEnvironment } from "../../config/resolved";
import type { EnvironmentConfig } from "../../config/types";
import { synthesizedStackFrom } from "../../modules/shared/policy/synthesized-stack";
import { isModelOffered, isOffered, serviceOfResource } from "../../modules/shared/regions/regional-availability";
import { ObservabilityStack } from "../observability-stack";

const ROOT = path.resolve(__dirname, "..", "..");
// Every environment file, loaded, validated (availability and residency records included) and
// resolved by loadEnvironments as synth does it: in a process of its own, where require() loads TypeScript.
const environments = JSON.parse(
  execFileSync(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(ROOT, "scripts", "adr-tables.ts"), "--environments"], {
    cwd: ROOT,
    encoding: "utf8",
  }),
) as ResolvedEnvironment[];

describe("regional availability of every environment", () => {
  it.each(environments.map((env) => [env.id, env] as const))("%s plans every service only where AWS offers it", (_id, env) => {
    // Arrange / Act: synth as main.ts does, policy aspect included (it throws on a finding).
    const stack = new ObservabilityStack(Testing.app(), env.id, { environment: env });
    const json = JSON.parse(Testing.synth(stack, true));
    // Assert: each regional resource's Region is in the table, and so is the judge.
    const synthesized = synthesizedStackFrom(json);
    const regional = synthesized.resources
      .map((r) => ({ r, service: serviceOfResource(r.type, r.config), region: synthesized.regionOf(r) }))
      .filter((x) => x.service !== undefined);
    expect(regional.length).toBeGreaterThan(0);
    for (const { r, service, region } of regional) expect(isOffered(service!, region!), `${r.address} (${service}) in ${region}`).toBe(true);
    expect(isModelOffered(env.evaluation.judgeModelId, env.region)).toBe(true);
    expect(regionalAvailabilityProblems(env)).toEqual([]);
  });

  it("gives retail-banking prod no Grafana workspace, and its in-Region CloudWatch dashboard", () => {
    const prod = environments.find((env) => env.id === "retail-banking-prod")!;
    const json = JSON.parse(Testing.synth(new ObservabilityStack(Testing.app(), prod.id, { environment: prod })));
    expect(Object.keys(json.resource).filter((type) => type.startsWith("aws_grafana_"))).toEqual([]);
    const [dashboard] = Object.values(json.resource.aws_cloudwatch_dashboard) as { dashboard_name: string; dashboard_body: string }[];
    expect(dashboard!.dashboard_name).toBe("llmobs-retail-banking-prod-unified");
    const regions = new Set(
      JSON.parse(dashboard!.dashboard_body)
        .widgets.filter((w: any) => w.type !== "text")
        .map((w: any) => w.properties.region),
    );
    expect([...regions]).toEqual(["sa-east-1"]);
  });
});

describe("npm run preflight", () => {
  it("prints the availability table synth checks, for the environment's Region and services", () => {
    const sandbox = environments.find((env) => env.id === "sandbox-sandbox")!;
    const text = formatPreflight(sandbox, preflightChecks(sandbox, {}));
    expect(text).toContain("Regional availability (what synth checks; modules/shared/regions/service-availability.ts):");
    expect(text).toMatch(
      / {2}offered {5}Amazon Managed Grafana in us-east-1 \(grafana\.mode\) - documented: us-east-1, us-east-2, us-west-2, .*eu-west-2\n {14}source: https:\/\/docs\.aws\.amazon\.com\/general\/latest\/gr\/grafana-service\.html, read 2026-12-04/,
    );
    expect(text).toMatch(
      / {2}offered {5}judge anthropic\.claude-3-haiku-20240307-v1:0 in sa-east-1 - documented: sa-east-1, ca-central-1, eu-central-2, ap-northeast-2/,
    );
    expect(text).not.toContain("NOT OFFERED");
    expect(text).not.toContain("Amazon Comprehend");
  });
});

describe("synth refuses a service outside its documented Regions", () => {
  it("refuses an aws_grafana_workspace planted in sa-east-1, naming the file, the Region and AWS's list", () => {
    // Arrange: retail-banking prod as configured, plus a workspace no setting asked for.
    const prod = environments.find((env) => env.id === "retail-banking-prod")!;
    const stack = new ObservabilityStack(new App({ stackTraces: false }), prod.id, { environment: prod });
    new GrafanaWorkspace(stack, "planted-workspace", {
      name: "planted",
      accountAccessType: "CURRENT_ACCOUNT",
      authenticationProviders: ["AWS_SSO"],
      permissionType: "SERVICE_MANAGED",
    });
    // Act / Assert
    expect(() => Testing.synth(stack, true)).toThrow(
      new RegExp(
        [
          "environments/retail-banking/prod\\.ts: \\[LLMOBS-REGION-1\\] retail-banking-prod/planted-workspace",
          "aws_grafana_workspace is planned in sa-east-1, where Amazon Managed Grafana is not offered",
          "set by the environment's grafana\\.mode",
          "Amazon Managed Grafana is offered in us-east-1, us-east-2, us-west-2, ap-northeast-1, ap-northeast-2, ap-southeast-1, ap-southeast-2, eu-central-1, eu-west-1, eu-west-2",
          "https://docs\\.aws\\.amazon\\.com/general/latest/gr/grafana-service\\.html",
        ].join(".*"),
      ),
    );
  });

  it("refuses, in the environment file, a managed workspace in sa-east-1 and a judge where Bedrock no longer offers it", () => {
    const prod = environments.find((env) => env.id === "retail-banking-prod")!;
    const config: EnvironmentConfig = {
      ...prod,
      businessLine: {
        ...prod.businessLine,
        residency: { grafanaWorkspace: { adr: "docs/adr/0002-grafana-workspace-residency.md", workspaceRegions: ["sa-east-1"] } },
      },
      grafana: { mode: "managed-workspace", networkAccess: { prefixListIds: ["pl-0123456789abcdef0"] } },
    };
    const problems = regionalAvailabilityProblems(resolveEnvironment(config, prod.file)).map(formatProblem);
    expect(problems).toEqual([
      expect.stringMatching(
        /^environments\/retail-banking\/prod\.ts: grafana\.mode is "managed-workspace"; Amazon Managed Grafana is not offered in sa-east-1: .*us-east-1, us-east-2/,
      ),
    ]);

    // wealth-management staging as it was, in us-east-1: Claude 3 Haiku ended there on 2026-09-10.
    const staging = environments.find((env) => env.id === "wealth-management-staging")!;
    const inUsEast1 = resolveEnvironment({ ...staging, region: "us-east-1", grafana: undefined }, staging.file);
    expect(regionalAvailabilityProblems(inUsEast1).map(formatProblem)).toEqual([
      expect.stringMatching(
        /^environments\/wealth-management\/staging\.ts: evaluation\.judgeModelId is "anthropic\.claude-3-haiku-20240307-v1:0"; the judge is not offered in us-east-1: .*in-Region in sa-east-1, ca-central-1, eu-central-2, ap-northeast-2/,
      ),
    ]);
  });
});
