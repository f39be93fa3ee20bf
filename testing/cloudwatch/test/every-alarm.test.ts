/**
 * The engine reads every alarm the platform deploys: every environment is synthesized as users do,
 * and every metric alarm of every AWS stack is evaluated from its synthesized JSON (each metric
 * query, each metric-math expression, the comparison), and every composite alarm's rule is read
 * over its own stack's alarms. A new expression the engine cannot evaluate fails here, not in the
 * replay table or the demo.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { synthesizeEveryStack } from "../../fixtures/every-stack";
import { alarmStateAfter } from "../alarm-state";
import { evaluateRule } from "../composite-rule";
import { alarmDatapoint, datapointBreaches, metricAlarmFromTerraform, type MetricSource } from "../metric-alarm";
import { idsOf } from "../metric-math";

type Json = Record<string, any>;

/** `${aws_cloudwatch_metric_alarm.<name>.alarm_name}` -> that alarm's literal name. */
function resolveAlarmNames(rule: string, resources: Json): string {
  return rule.replace(/\$\{(aws_cloudwatch_(?:metric|composite)_alarm)\.([A-Za-z0-9_-]+)\.alarm_name\}/g, (whole, type: string, name: string) => {
    const literal = resources[type]?.[name]?.alarm_name;
    return typeof literal === "string" ? literal : whole;
  });
}

describe("every alarm of every environment, through the one CloudWatch engine", { timeout: 120_000 }, () => {
  let awsStacks: [string, Json][] = [];
  beforeAll(() => {
    awsStacks = Object.entries(synthesizeEveryStack()).filter(([, json]) => json.resource?.aws_cloudwatch_metric_alarm);
  }, 120_000);

  it("evaluates every metric alarm: no expression unreadable, every query it names declared", () => {
    expect(awsStacks.length).toBeGreaterThanOrEqual(5);
    const functions = new Set<string>();
    let expressions = 0;
    for (const [stack, json] of awsStacks) {
      for (const definition of Object.values(json.resource.aws_cloudwatch_metric_alarm as Record<string, Json>)) {
        const alarm = metricAlarmFromTerraform(definition);
        for (const query of alarm.queries.filter((q) => q.expression)) {
          expressions += 1;
          for (const name of query.expression!.match(/[A-Z_]+(?=\()/g) ?? []) functions.add(name);
          const declared = alarm.queries.map((q) => q.id);
          expect(
            idsOf(query.expression!).filter((id) => !declared.includes(id)),
            `${stack} ${alarm.name} ${query.expression}`,
          ).toEqual([]);
        }
        // Every metric at 1 and a band at 1.5: values every alarm of the platform can compute.
        const source: MetricSource = { read: () => 1, anomalyBand: () => ({ kind: "scalar", value: 1.5 }) };
        const datapoint = alarmDatapoint(alarm, source, { from: 0, to: alarm.periodSeconds });
        expect(datapoint.threshold, `${stack} ${alarm.name}`).toEqual(expect.any(Number));
        const state = alarmStateAfter([datapointBreaches(alarm, datapoint)], 1, alarm.treatMissingData, false);
        expect(typeof state, `${stack} ${alarm.name}`).toBe("boolean");
      }
    }
    expect(expressions).toBeGreaterThan(100);
    // The functions the stacks deploy today, all read (a new one must be added to the engine first).
    expect([...functions].sort()).toEqual(["ANOMALY_DETECTION_BAND", "FILL", "IF", "MAX", "MIN"]);
  });

  it("reads every composite alarm's rule over alarms of its own stack", () => {
    let rules = 0;
    for (const [stack, json] of awsStacks) {
      const names = new Set(
        [...Object.values(json.resource.aws_cloudwatch_metric_alarm), ...Object.values(json.resource.aws_cloudwatch_composite_alarm ?? {})].map((a) =>
          String((a as Json).alarm_name),
        ),
      );
      for (const composite of Object.values(json.resource.aws_cloudwatch_composite_alarm ?? {}) as Json[]) {
        rules += 1;
        const named: string[] = [];
        const rule = resolveAlarmNames(String(composite.alarm_rule), json.resource);
        const holds = evaluateRule(rule, (name) => {
          named.push(name);
          return "ALARM";
        });
        expect(holds, `${stack} ${composite.alarm_name}: every alarm in ALARM`).toBe(true);
        expect(named.length, `${stack} ${composite.alarm_name}`).toBeGreaterThan(0);
        expect(
          named.filter((name) => !names.has(name)),
          `${stack} ${composite.alarm_name}`,
        ).toEqual([]);
      }
    }
    expect(rules).toBeGreaterThan(0);
  });
});
