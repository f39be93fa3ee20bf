import { describe, expect, it } from "vitest";
import { formatProblem } from "../errors";
import { resolveEnvironment } from "../resolved";
import type { TelemetryConfig } from "../sections/telemetry";
import type { EnvironmentConfig } from "../types";
import { validateEnvironment } from "../validate";
import { validEnvironment } from "../../testing/fixtures/environment-fixture";

const FILE = "environments/retail-banking/staging.ts";

function withTelemetry(telemetry: TelemetryConfig): EnvironmentConfig {
  return { ...validEnvironment(), telemetry };
}

function problems(telemetry: TelemetryConfig): string[] {
  return validateEnvironment(withTelemetry(telemetry), FILE).map(formatProblem);
}

describe("telemetry section", () => {
  it("defaults: 365 days of logs, no Object Lock on inference logs, the audit trail locked in governance mode outside prod, 64 MiB / 300 s buffering", () => {
    const resolved = resolveEnvironment(validEnvironment(), FILE);
    expect(resolved.telemetry).toEqual({
      logRetentionDays: 365,
      auditObjectLockMode: "GOVERNANCE",
      firehoseBufferingSizeMb: 64,
      firehoseBufferingIntervalSeconds: 300,
      tracing: { sampleRatio: 0.1 },
    });
  });

  it("locks a production audit trail in compliance mode, and refuses governance there", () => {
    const prod = { ...validEnvironment(), stage: "prod" };
    expect(resolveEnvironment(prod, "environments/retail-banking/prod.ts").telemetry.auditObjectLockMode).toBe("COMPLIANCE");
    const found = validateEnvironment({ ...prod, telemetry: { auditObjectLockMode: "GOVERNANCE" } }, "environments/retail-banking/prod.ts").map(formatProblem);
    expect(found.filter((p) => p.includes("telemetry."))).toEqual([
      expect.stringContaining('telemetry.auditObjectLockMode is "GOVERNANCE"; a production audit trail is locked in "COMPLIANCE" mode'),
    ]);
  });

  it("accepts every valid setting and keeps it", () => {
    const telemetry: TelemetryConfig = {
      logRetentionDays: 2557,
      objectLockRetentionDays: 2557,
      firehoseBufferingSizeMb: 128,
      firehoseBufferingIntervalSeconds: 60,
      auditObjectLockMode: "COMPLIANCE",
    };
    expect(problems(telemetry)).toEqual([]);
    expect(resolveEnvironment(withTelemetry(telemetry), FILE).telemetry).toEqual({ ...telemetry, tracing: { sampleRatio: 0.1 } });
  });

  it.each([
    [{ logRetentionDays: 90 }, "telemetry.logRetentionDays is 90; expected a CloudWatch Logs retention of at least 365 days"],
    [{ logRetentionDays: 500 }, "telemetry.logRetentionDays is 500"],
    [{ objectLockRetentionDays: 0 }, "telemetry.objectLockRetentionDays is 0; expected a whole number of days from 1 to 2557"],
    [{ objectLockRetentionDays: 3000 }, "telemetry.objectLockRetentionDays is 3000"],
    [
      { otelLayerArn: "arn:aws:lambda:sa-east-1:901920570463:layer:aws-otel-nodejs-arm64-ver-1-30-2:1" },
      'telemetry.otelLayerArn is "arn:aws:lambda:sa-east-1:901920570463:layer:aws-otel-nodejs-arm64-ver-1-30-2:1"; no longer used: the gateway publishes every metric once, with EMF',
    ],
    [{ firehoseBufferingSizeMb: 129 }, "telemetry.firehoseBufferingSizeMb is 129; expected a whole number of MiB from 1 to 128"],
    [{ firehoseBufferingIntervalSeconds: 901 }, "telemetry.firehoseBufferingIntervalSeconds is 901; expected a whole number of seconds from 0 to 900"],
  ] as [TelemetryConfig, string][])("refuses %j", (telemetry, message) => {
    const found = problems(telemetry);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${FILE}: ${message}`);
  });

  it("reports every bad field at once", () => {
    expect(problems({ logRetentionDays: 7, firehoseBufferingSizeMb: 0, objectLockRetentionDays: -1 })).toHaveLength(3);
  });
});

describe("telemetry.tracing", () => {
  it("is on by default (X-Ray, 10 %), off with false, and carries a bank endpoint with its network path", () => {
    expect(resolveEnvironment(withTelemetry({ tracing: false }), FILE).telemetry.tracing).toBe(false);
    const resolved = resolveEnvironment(
      withTelemetry({
        tracing: { sampleRatio: 0.25, otlp: { url: "https://otel.bank.internal:4318/v1/traces", protocol: "http/json", egressCidr: "10.20.0.0/16" } },
      }),
      FILE,
    ).telemetry;
    expect(resolved.tracing).toEqual({ sampleRatio: 0.25, otlp: { url: "https://otel.bank.internal:4318/v1/traces", protocol: "http/json" } });
    expect(resolved.otlpEgressCidr).toBe("10.20.0.0/16");
  });

  it.each([
    [{ tracing: { sampleRatio: 2 } }, "telemetry.tracing.sampleRatio is 2; expected a ratio from 0 to 1"],
    [{ tracing: { otlp: { url: "http://otel.bank.internal:4318/v1/traces" } } }, "telemetry.tracing.otlp.url is"],
    [{ tracing: { otlp: { url: "https://otel.bank.internal/v1/traces", protocol: "grpc" } } }, 'telemetry.tracing.otlp.protocol is "grpc"'],
    [{ tracing: { otlp: { url: "https://otel.bank.internal/v1/traces", egressCidr: "10.0.0.0" } } }, "telemetry.tracing.otlp.egressCidr"],
  ] as [TelemetryConfig, string][])("refuses %j naming the field", (telemetry, message) => {
    const found = problems(telemetry);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${FILE}: ${message}`);
  });
});
