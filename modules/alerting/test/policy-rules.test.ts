import { describe, expect, it } from "vitest";
import type { SynthesizedResource } from "../../shared/policy/types";
import { ALERTING_RULES } from "../policy-rules";
import { synthResources, toSynthesizedStack } from "./synth";
import { addPlatformAlarms } from "./platform-alarms";

const rule = (id: string) => ALERTING_RULES.find((r) => r.id === id)!;

function platformStack() {
  return toSynthesizedStack(synthResources((scope) => addPlatformAlarms(scope)));
}

function resource(type: string, config: Record<string, unknown>): SynthesizedResource {
  return { type, name: "r", address: `${type}.r`, path: "stack/r", config };
}

describe("ALERTING_RULES", () => {
  const stackOnce = platformStack();
  it("passes every alarm the alerting module synthesizes", () => {
    const stack = stackOnce;
    let checked = 0;
    for (const r of ALERTING_RULES) {
      for (const type of r.resourceTypes) {
        for (const res of stack.byType(type)) {
          expect(`${r.id} ${res.config.alarm_name}: ${r.check(res, stack)}`).toBe(`${r.id} ${res.config.alarm_name}: compliant`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("flags an alarm with no actions that no composite alarm uses", () => {
    const stack = stackOnce;
    const orphan = resource("aws_cloudwatch_metric_alarm", { alarm_name: "orphan", treat_missing_data: "notBreaching" });
    expect(rule("LLMOBS-ALARM-1").check(orphan, stack)).toBe("non-compliant");
    const disabled = resource("aws_cloudwatch_composite_alarm", { alarm_actions: ["arn:page"], actions_enabled: false });
    expect(rule("LLMOBS-ALARM-1").check(disabled, stack)).toBe("non-compliant");
  });

  it("accepts a window alarm only because its composite has actions", () => {
    const child = resource("aws_cloudwatch_metric_alarm", {});
    const withParent = (actions: string[]) => {
      const parent = resource("aws_cloudwatch_composite_alarm", { alarm_rule: 'ALARM("${aws_cloudwatch_metric_alarm.r.alarm_name}")', alarm_actions: actions });
      return toSynthesizedStack({ aws_cloudwatch_metric_alarm: { r: child.config }, aws_cloudwatch_composite_alarm: { c: parent.config } });
    };
    expect(rule("LLMOBS-ALARM-1").check(child, withParent(["arn:page"]))).toBe("compliant");
    expect(rule("LLMOBS-ALARM-1").check(child, withParent([]))).toBe("non-compliant");
  });

  it("requires a runbook link after a real description", () => {
    const check = (d: unknown) => rule("LLMOBS-ALARM-2").check(resource("aws_cloudwatch_metric_alarm", { alarm_description: d }), stackOnce);
    expect(check("CPU high")).toBe("non-compliant");
    expect(check(undefined)).toBe("non-compliant");
    expect(check("Runbook: https://x.example/runbooks/gpu-memory.md")).toBe("non-compliant");
    expect(check("GPU memory above 85 % per GPU. Runbook: https://x.example/runbooks/gpu-memory.md")).toBe("compliant");
  });

  it("requires an explicit missing-data treatment", () => {
    const check = (t: unknown) => rule("LLMOBS-ALARM-3").check(resource("aws_cloudwatch_metric_alarm", { treat_missing_data: t }), stackOnce);
    expect(check(undefined)).toBe("non-compliant");
    expect(check("missing")).toBe("non-compliant");
    expect(check("ignore")).toBe("compliant");
  });

  it("enforces PutMetricAlarm evaluation range limits", () => {
    const check = (config: Record<string, unknown>) => rule("LLMOBS-ALARM-4").check(resource("aws_cloudwatch_metric_alarm", config), stackOnce);
    expect(check({ period: 300, evaluation_periods: 288 })).toBe("compliant"); // exactly one day
    expect(check({ period: 300, evaluation_periods: 289 })).toBe("non-compliant");
    expect(check({ period: 86400, evaluation_periods: 7 })).toBe("compliant");
    expect(check({ period: 86400, evaluation_periods: 8 })).toBe("non-compliant");
    expect(check({ period: 300, evaluation_periods: 3, datapoints_to_alarm: 4 })).toBe("non-compliant");
    const mixed = { evaluation_periods: 1, metric_query: [{ metric: { period: 300 } }, { metric: { period: 3600 } }] };
    expect(check(mixed)).toBe("non-compliant");
  });

  it("requires every SNS topic to be KMS-encrypted", () => {
    const check = (config: Record<string, unknown>) => rule("LLMOBS-TOPIC-1").check(resource("aws_sns_topic", config), stackOnce);
    expect(check({ name: "page" })).toBe("non-compliant");
    expect(check({ name: "page", kms_master_key_id: "${aws_kms_key.alerting.arn}" })).toBe("compliant");
  });
});
