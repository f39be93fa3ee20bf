import { type App, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { checkAcrossEnvironments, environmentReservedConcurrency, gatewayReservedConcurrencyOf } from "../across-environments";
import { formatProblem } from "../errors";
import { environmentFromConfig } from "../from-config";
import { resolveEnvironment, type ResolvedEnvironment } from "../resolved";
import type { EnvironmentConfig } from "../types";
import { validateEnvironment } from "../validate";
import { validEnvironment } from "../../testing/fixtures/environment-fixture";
import { ObservabilityStack } from "../../stacks/observability-stack";
import retailProd from "../../environments/retail-banking/prod";
import retailStaging from "../../environments/retail-banking/staging";
import sandbox from "../../environments/sandbox/sandbox";
import wealthProd from "../../environments/wealth-management/prod";
import wealthStaging from "../../environments/wealth-management/staging";

const STAGING = "environments/retail-banking/staging.ts";

/** An environment of the business line its folder names (distinct folders, distinct stack ids). */
function env(file: string, overrides: Partial<EnvironmentConfig> = {}): ResolvedEnvironment {
  const base = validEnvironment();
  const folder = file.split("/")[1]!;
  return resolveEnvironment({ ...base, businessLine: { ...base.businessLine, name: folder }, ...overrides }, file);
}

describe("accountSettings section", () => {
  it("defaults: the stack does not own the logging role, the quota is AWS's default 1000", () => {
    expect(env(STAGING).accountSettings).toEqual({ ownsApiGatewayLoggingRole: false, lambdaConcurrencyLimit: 1000 });
  });

  it.each([
    [{ ownsApiGatewayLoggingRole: "yes" }, 'accountSettings.ownsApiGatewayLoggingRole is "yes"; expected true or false'],
    [{ lambdaConcurrencyLimit: 500 }, "accountSettings.lambdaConcurrencyLimit is 500; expected the account's Lambda concurrent-executions quota"],
  ])("refuses %j", (accountSettings, message) => {
    const found = validateEnvironment({ ...validEnvironment(), accountSettings } as EnvironmentConfig, STAGING).map(formatProblem);
    expect(found).toEqual([`${STAGING}: ${message}${found[0]!.slice(STAGING.length + 2 + message.length)}`]);
  });
});

describe("environments that share an account and region", () => {
  const owner = { accountSettings: { ownsApiGatewayLoggingRole: true } };

  it("fails when two environments own the account's API Gateway logging role, naming both files", () => {
    const { problems } = checkAcrossEnvironments([env("environments/a/staging.ts", owner), env("environments/b/staging.ts", owner)]);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /^environments\/a\/staging\.ts: accountSettings\.ownsApiGatewayLoggingRole is true; account 123456789012 in sa-east-1 has one API Gateway CloudWatch Logs role; exactly one environment may own it, but environments\/a\/staging\.ts and environments\/b\/staging\.ts all set true$/,
      ),
      expect.stringMatching(/^environments\/b\/staging\.ts: /),
    ]);
  });

  it("accepts one owner per account and region; another region is another account setting", () => {
    const other = env("environments/c/staging.ts", {
      ...owner,
      region: "us-east-1",
      businessLine: { ...validEnvironment().businessLine, allowedRegions: ["us-east-1"] },
    });
    const { problems, environments } = checkAcrossEnvironments([env("environments/a/staging.ts", owner), env("environments/b/staging.ts"), other]);
    expect(problems).toEqual([]);
    expect(environments.flatMap((e) => e.warnings)).toEqual([]);
  });

  it("warns every environment of an account and region that nobody owns the role", () => {
    const { problems, environments } = checkAcrossEnvironments([env("environments/a/staging.ts"), env("environments/b/staging.ts")]);
    expect(problems).toEqual([]);
    for (const e of environments) {
      expect(e.warnings).toEqual([expect.stringContaining("no environment of account 123456789012 in sa-east-1 owns the API Gateway CloudWatch Logs role")]);
    }
  });

  it("shows the warning at synth on the stack and creates the account role only in the owner's stack", () => {
    const synth = (environment: ResolvedEnvironment) => {
      const stack = new ObservabilityStack(Testing.app() as App, environment.id, { environment });
      const json = JSON.parse(Testing.synth(stack));
      return { json, warnings: stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data)) };
    };
    const alone = synth(environmentFromConfig(validEnvironment(), "main.ts"));
    expect(alone.warnings).toEqual([expect.stringContaining("main.ts: no environment of account 123456789012 in sa-east-1 owns")]);
    expect(alone.json.resource.aws_api_gateway_account).toBeUndefined();
    const owning = synth(environmentFromConfig({ ...validEnvironment(), ...owner }, "main.ts"));
    expect(owning.warnings).toEqual([]);
    expect(Object.values(owning.json.resource.aws_api_gateway_account)).toHaveLength(1);
  });

  it("fails when the environments' reserved concurrency leaves less than AWS's 100 unreserved executions", () => {
    const busy = { model: { ...validEnvironment().model, instanceCount: 10 }, gateway: { throttling: { rateLimit: 200, burstLimit: 400 } } };
    const a = env("environments/a/staging.ts", { ...owner, ...busy });
    const b = env("environments/b/staging.ts", busy);
    expect(environmentReservedConcurrency(a)).toBe(gatewayReservedConcurrencyOf(a) + 5 + 2);
    const { problems } = checkAcrossEnvironments([a, b]);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringContaining(
        `environments/a/staging.ts: accountSettings.lambdaConcurrencyLimit is 1000; the environments of account 123456789012 in sa-east-1 reserve ${2 * environmentReservedConcurrency(a)} concurrent executions`,
      ),
      expect.stringContaining("environments/b/staging.ts: "),
    ]);
    const raised = { accountSettings: { ownsApiGatewayLoggingRole: true, lambdaConcurrencyLimit: 5000 } };
    expect(
      checkAcrossEnvironments([
        env("environments/a/staging.ts", { ...busy, ...raised }),
        env("environments/b/staging.ts", { ...busy, accountSettings: { lambdaConcurrencyLimit: 5000 } }),
      ]).problems,
    ).toEqual([]);
  });

  it("the repository's environments: one owner per account and region, no warning", () => {
    const files: [EnvironmentConfig, string][] = [
      [retailProd, "environments/retail-banking/prod.ts"],
      [retailStaging, "environments/retail-banking/staging.ts"],
      [sandbox, "environments/sandbox/sandbox.ts"],
      [wealthProd, "environments/wealth-management/prod.ts"],
      [wealthStaging, "environments/wealth-management/staging.ts"],
    ];
    const { problems, environments } = checkAcrossEnvironments(files.map(([config, file]) => resolveEnvironment(config, file)));
    expect(problems).toEqual([]);
    expect(environments.flatMap((e) => e.warnings)).toEqual([]);
  });
});
