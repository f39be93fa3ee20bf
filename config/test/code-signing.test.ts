import { type App, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../errors";
import { resolveEnvironment } from "../resolved";
import type { EnvironmentConfig } from "../types";
import { validateEnvironment } from "../validate";
import { validEnvironment } from "../../testing/fixtures/environment-fixture";
import type { SynthesizedJson } from "../../testing/fixtures/synth";
import { ObservabilityStack } from "../../stacks/observability-stack";

describe("codeSigning in the environment", () => {
  const FILE = "environments/retail-banking/staging.ts";
  const stackOf = (config: EnvironmentConfig) => {
    const environment = resolveEnvironment(config, FILE);
    const stack = new ObservabilityStack(Testing.app() as App, environment.id, { environment });
    return { stack, json: JSON.parse(Testing.synth(stack, true)) as SynthesizedJson };
  };

  it("defaults to enforce in prod and warn elsewhere; refuses off in prod", () => {
    expect(resolveEnvironment({ ...validEnvironment(), stage: "prod" }, FILE).codeSigning).toBe("enforce");
    expect(resolveEnvironment(validEnvironment(), FILE).codeSigning).toBe("warn");
    const prodOff = validateEnvironment({ ...validEnvironment(), stage: "prod", codeSigning: "off" }, FILE).map(formatProblem);
    expect(prodOff).toContain(`${FILE}: codeSigning is "off"; a production stage deploys signed code only; use "enforce" (the default) or "warn"`);
    expect(validateEnvironment({ ...validEnvironment(), codeSigning: "sometimes" as never }, FILE).map(formatProblem)).toEqual([
      `${FILE}: codeSigning is "sometimes"; expected "enforce" (unsigned code is refused), "warn" (deployed and recorded) or "off"`,
    ]);
  });

  it("signs all seven functions of the stack (gateway, evaluator, publisher, judge calibration, PII canary plant and check, serving-metrics bridge) with one profile and config", () => {
    const { json } = stackOf(validEnvironment());
    expect(Object.keys(json.resource.aws_signer_signing_job!)).toHaveLength(7);
    expect(Object.keys(json.resource.aws_lambda_code_signing_config!)).toHaveLength(1);
    for (const fn of Object.values(json.resource.aws_lambda_function!)) expect(fn.code_signing_config_arn).toMatch(/aws_lambda_code_signing_config/);
  });

  it("off (outside production): no signing resources, and the policy exception printed per function with its reason", () => {
    const { stack, json } = stackOf({ ...validEnvironment(), codeSigning: "off" });
    expect(json.resource.aws_signer_signing_job).toBeUndefined();
    const infos = stack.node.metadata.filter((m) => m.type === "@cdktf/info").map((m) => String(m.data));
    expect(infos).toHaveLength(7);
    for (const info of infos)
      expect(info).toMatch(/^\[LLMOBS-LAMBDA-4\] suppressed for retail-banking-staging\/.* codeSigning is "off" in environments\/retail-banking\/staging\.ts/);
  });
});
