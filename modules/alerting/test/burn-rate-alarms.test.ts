import { describe, expect, it } from "vitest";
import { BurnRateAlarms } from "../burn-rate-alarms";
import { defaultSlos } from "../slo/default-slos";
import type { Slo } from "../slo/slo";
import { ofType, synthResources, type ResourceConfig } from "./synth";

const PREFIX = "llmobs-retail-banking-prod";
const BASE = "https://git.example.com/platform/blob/main/runbooks";
const PAGE = "arn:aws:sns:sa-east-1:111122223333:page";
const TICKET = "arn:aws:sns:sa-east-1:111122223333:ticket";
const SLOS = defaultSlos({
  modelName: "llama-3-70b",
  endpointName: "chat-prod",
  instanceType: "ml.g5.12xlarge",
  judgePair: "anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1",
  requestTypes: [
    { requestType: "balance_inquiry", threshold: 0.9 },
    { requestType: "investment_strategy", threshold: 0.75 },
  ],
});
const slo = (name: string): Slo => SLOS.find((s) => s.name === name)!;

function synthSlo(target: Slo) {
  return synthResources((scope) => {
    new BurnRateAlarms(scope, target.name, { slo: target, namePrefix: PREFIX, runbookBaseUrl: BASE, pageTopicArn: PAGE, ticketTopicArn: TICKET });
  });
}

const byName = (alarms: ResourceConfig[], name: string) => {
  const found = alarms.find((a) => a.alarm_name === name);
  if (!found) throw new Error(`no alarm ${name} among ${alarms.map((a) => a.alarm_name).join(", ")}`);
  return found;
};

describe("BurnRateAlarms for the availability SLO", () => {
  const resources = synthSlo(slo("availability"));
  const metricAlarms = ofType(resources, "aws_cloudwatch_metric_alarm");
  const composites = ofType(resources, "aws_cloudwatch_composite_alarm");

  it("creates a long and a short metric-math alarm per window pair and one composite per severity", () => {
    expect(metricAlarms).toHaveLength(8);
    expect(composites.map((c) => c.alarm_name).sort()).toEqual([`${PREFIX}-slo-availability-page`, `${PREFIX}-slo-availability-ticket`]);
  });

  it("computes the burn rate over the window from RequestCount and FailedRequestCount", () => {
    const long = byName(metricAlarms, `${PREFIX}-slo-availability-page-1h-long-1h`);
    expect(long.threshold).toBeCloseTo(14.4, 9);
    expect(long.comparison_operator).toBe("GreaterThanThreshold");
    expect(long.evaluation_periods).toBe(1);
    expect(long.treat_missing_data).toBe("notBreaching");
    const queries = long.metric_query as ResourceConfig[];
    const requests = queries.find((q) => q.id === "requests")!;
    expect(requests.metric).toMatchObject({
      namespace: "LLMInference/SageMaker",
      metric_name: "RequestCount",
      stat: "Sum",
      period: 3600,
      dimensions: { ModelName: "llama-3-70b", EndpointName: "chat-prod", InstanceType: "ml.g5.12xlarge" },
    });
    expect(queries.find((q) => q.id === "failed")!.metric.metric_name).toBe("FailedRequestCount");
    const burn = queries.find((q) => q.return_data === true)!;
    expect(burn.expression).toBe("IF((requests) >= 1, (1 - (requests - failed) / (requests)) / 0.005)");
    expect(queries.filter((q) => q.return_data === true)).toHaveLength(1);

    const short = byName(metricAlarms, `${PREFIX}-slo-availability-page-1h-short-5m`);
    expect((short.metric_query as ResourceConfig[]).find((q) => q.id === "requests")!.metric.period).toBe(300);
    expect(short.threshold).toBeCloseTo(14.4, 9);
  });

  it("samples the 3-day window as three daily datapoints that must all breach", () => {
    const long = byName(metricAlarms, `${PREFIX}-slo-availability-ticket-3d-long-3d`);
    expect(long.threshold).toBeCloseTo(1, 9);
    expect(long.evaluation_periods).toBe(3);
    expect(long.datapoints_to_alarm).toBe(3);
    expect((long.metric_query as ResourceConfig[])[0]!.metric.period).toBe(86400);
  });

  it("joins long AND short per pair and ORs the pairs in the composite rule", () => {
    const page = byName(composites, `${PREFIX}-slo-availability-page`);
    const ref = (name: string) => {
      const [address] = Object.entries(resources.aws_cloudwatch_metric_alarm!).find(([, a]) => a.alarm_name === name)!;
      return `ALARM("\${aws_cloudwatch_metric_alarm.${address}.alarm_name}")`;
    };
    expect(page.alarm_rule).toBe(
      `(${ref(`${PREFIX}-slo-availability-page-1h-long-1h`)} AND ${ref(`${PREFIX}-slo-availability-page-1h-short-5m`)}) OR ` +
        `(${ref(`${PREFIX}-slo-availability-page-6h-long-6h`)} AND ${ref(`${PREFIX}-slo-availability-page-6h-short-30m`)})`,
    );
    expect(page.alarm_actions).toEqual([PAGE]);
    expect(page.ok_actions).toEqual([PAGE]);
    expect(page.actions_suppressor).toBeUndefined();
  });

  it("suppresses the ticket composite while the page composite fires", () => {
    const ticket = byName(composites, `${PREFIX}-slo-availability-ticket`);
    const [pageAddress] = Object.entries(resources.aws_cloudwatch_composite_alarm!).find(([, c]) => c.alarm_name.endsWith("-page"))!;
    expect(ticket.alarm_actions).toEqual([TICKET]);
    expect(ticket.actions_suppressor).toEqual({
      alarm: `\${aws_cloudwatch_composite_alarm.${pageAddress}.alarm_name}`,
      wait_period: 120,
      extension_period: 900,
    });
  });

  it("leaves notification to the composites: window alarms have no actions of their own", () => {
    for (const alarm of metricAlarms) expect(alarm.alarm_actions).toBeUndefined();
  });
});

describe("BurnRateAlarms for the TTFT SLO", () => {
  it("counts requests at or under 1500 ms with the percentile-rank statistic", () => {
    const alarms = ofType(synthSlo(slo("ttft")), "aws_cloudwatch_metric_alarm");
    const long = byName(alarms, `${PREFIX}-slo-ttft-page-1h-long-1h`);
    const queries = long.metric_query as ResourceConfig[];
    expect(queries.find((q) => q.id === "fast_pct")!.metric).toMatchObject({ metric_name: "ttft_ms", stat: "PR(:1500)" });
    expect(queries.find((q) => q.id === "samples")!.metric).toMatchObject({ metric_name: "ttft_ms", stat: "SampleCount" });
    expect(queries.find((q) => q.return_data)!.expression).toBe("IF((samples) >= 1, (1 - (fast_pct / 100 * samples) / (samples)) / 0.05)");
  });
});

describe("quality SLOs per request_type", () => {
  const balance = synthSlo(slo("quality-balance-inquiry"));
  const investment = synthSlo(slo("quality-investment-strategy"));

  it("builds a separate alarm graph per request type, each on its own request_type series", () => {
    for (const [resources, requestType, threshold] of [
      [balance, "balance_inquiry", 0.9],
      [investment, "investment_strategy", 0.75],
    ] as const) {
      const alarms = ofType(resources, "aws_cloudwatch_metric_alarm");
      expect(alarms).toHaveLength(8);
      for (const alarm of alarms) {
        const queries = alarm.metric_query as ResourceConfig[];
        expect(queries.find((q) => q.id === "good")!.metric).toMatchObject({
          namespace: "LLMInference/Quality",
          metric_name: "QualityGood",
          dimensions: { ModelName: "llama-3-70b", request_type: requestType },
        });
        expect(queries.find((q) => q.id === "evaluated")!.metric.dimensions.request_type).toBe(requestType);
      }
      const page = ofType(resources, "aws_cloudwatch_composite_alarm").find((c) => c.alarm_name.endsWith("-page"))!;
      expect(page.alarm_name).toBe(`${PREFIX}-slo-quality-${requestType.replace("_", "-")}-page`);
      expect(page.alarm_description).toContain(`score >= ${threshold}`);
    }
  });

  it("judges sparse, late data on short windows sized from the traffic, and returns to OK when it stops", () => {
    const alarms = ofType(balance, "aws_cloudwatch_metric_alarm");
    for (const alarm of alarms) {
      // With `ignore`, a page would hold all night once traffic stopped.
      expect(alarm.treat_missing_data).toBe("notBreaching");
      expect((alarm.metric_query as ResourceConfig[]).find((q) => q.return_data)!.expression).toMatch(/^IF\(\(evaluated\) >= 5, /);
    }
    // 10,000 requests a day, half of them balance_inquiry, 10 % judged: 20.8 evaluations an hour. A
    // short window must hold 2 x 5 of them after the 5-minute delay: 5 + 28.8 min, rounded up to 35.
    const short = byName(alarms, `${PREFIX}-slo-quality-balance-inquiry-page-1h-short-35m`);
    expect(short.evaluation_periods).toBe(1);
    expect((short.metric_query as ResourceConfig[])[0]!.metric.period).toBe(2100);
    expect(short.threshold).toBeCloseTo(14.4, 9);
    expect(byName(alarms, `${PREFIX}-slo-quality-balance-inquiry-ticket-1d-short-2h`).evaluation_periods).toBe(1);
  });
});

describe("BurnRateAlarms props validation", () => {
  it("rejects dimensions the metric is not published with", () => {
    const bad: Slo = {
      ...slo("availability"),
      sli: { ...slo("availability").sli, queries: [{ ...slo("availability").sli.queries[0]!, dimensions: { ModelName: "x" } }] },
    };
    expect(() => synthSlo(bad)).toThrow(/not published with dimensions \[ModelName\]/);
  });

  it("rejects a runbook base that is not an https URL", () => {
    expect(() =>
      synthResources((scope) => {
        new BurnRateAlarms(scope, "x", {
          slo: slo("availability"),
          namePrefix: PREFIX,
          runbookBaseUrl: "runbooks",
          pageTopicArn: PAGE,
          ticketTopicArn: TICKET,
        });
      }),
    ).toThrow(/runbookBaseUrl must be an https URL/);
  });
});
