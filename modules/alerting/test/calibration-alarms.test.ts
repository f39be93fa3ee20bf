import { describe, expect, it } from "vitest";
import { CALIBRATION_METRICS } from "../../../contracts/metric-catalogue";
import { Alerting } from "../alerting";
import { DirectAlarms, type DirectAlarmsProps } from "../direct-alarms";
import { defaultSlos } from "../slo/default-slos";
import { TEST_ACCOUNT, TEST_REGION, testNaming } from "../../../testing/fixtures/synth";
import { ofType, synthResources, type ResourceConfig } from "./synth";

const PREFIX = "llmobs-retail-banking-prod";
const PAIR = "anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1";
const PROPS: DirectAlarmsProps = {
  namePrefix: PREFIX,
  runbookBaseUrl: "https://git.example.com/platform/blob/main/runbooks",
  pageTopicArn: "arn:aws:sns:sa-east-1:111122223333:page",
  ticketTopicArn: "arn:aws:sns:sa-east-1:111122223333:ticket",
  modelName: "llama-3-70b",
  endpointName: "chat-prod",
  instanceType: "ml.g5.12xlarge",
  judgeDailyBudgetUsd: 25,
  judgeCalibration: {
    judgePair: PAIR,
    thresholds: { kappaFloor: 0.65, lengthCorrelationCeiling: 0.25, paddingGapCeiling: 0.4, refusalPrecisionFloor: 0.8, refusalRecallFloor: 0.7 },
  },
};

const alarms = (props: DirectAlarmsProps = PROPS): ResourceConfig[] =>
  ofType(
    synthResources((scope) => void new DirectAlarms(scope, "direct", props)),
    "aws_cloudwatch_metric_alarm",
  );
const named = (list: ResourceConfig[], suffix: string) => list.find((a) => a.alarm_name === `${PREFIX}-${suffix}`)!;

describe("judge calibration alarms", () => {
  const list = alarms();

  it("alarm when the lowest kappa of the 1-5 dimensions falls under the configured floor, reading the current pair only", () => {
    const kappa = named(list, "judge-calibration-kappa");
    expect(kappa).toMatchObject({
      comparison_operator: "LessThanThreshold",
      threshold: 0.65,
      evaluation_periods: 1,
      treat_missing_data: "ignore",
      alarm_actions: [PROPS.ticketTopicArn],
    });
    const metrics = kappa.metric_query.filter((q: ResourceConfig) => q.metric);
    expect(metrics.map((q: ResourceConfig) => [q.metric.namespace, q.metric.metric_name, q.metric.dimensions])).toEqual(
      ["factuality", "completeness", "toneCompliance"].map((dimension) => [
        CALIBRATION_METRICS.kappa.namespace,
        "JudgeKappa",
        { JudgePair: PAIR, RubricDimension: dimension },
      ]),
    );
    expect(kappa.metric_query.find((q: ResourceConfig) => q.return_data).expression).toBe("MIN([k0, k1, k2])");
    expect(kappa.alarm_description).toMatch(/Runbook: https:\/\/git\.example\.com\/platform\/blob\/main\/runbooks\/judge-calibration\.md$/);
  });

  it("alarm when any bias probe passes its bound, each term being how far past it is", () => {
    const bias = named(list, "judge-calibration-bias");
    expect(bias).toMatchObject({ comparison_operator: "GreaterThanThreshold", threshold: 0, treat_missing_data: "ignore" });
    expect(bias.metric_query.find((q: ResourceConfig) => q.return_data).expression).toBe("MAX([len - 0.25, gap - 0.4, 0.8 - prec, 0.7 - rec])");
    expect(bias.metric_query.filter((q: ResourceConfig) => q.metric).map((q: ResourceConfig) => q.metric.metric_name)).toEqual([
      "LengthErrorCorrelation",
      "PaddingScoreGap",
      "RefusalPrecision",
      "RefusalRecall",
    ]);
    expect(named(list, "judge-calibration-failed")).toMatchObject({
      metric_name: "CalibrationPassed",
      dimensions: { JudgePair: PAIR },
      comparison_operator: "LessThanThreshold",
      threshold: 1,
    });
  });

  it("are created only with a judge pair to watch, and can be switched off", () => {
    const { judgeCalibration: _omitted, ...withoutCalibration } = PROPS;
    expect(alarms(withoutCalibration).filter((a) => a.alarm_name.includes("calibration"))).toEqual([]);
    expect(alarms({ ...PROPS, families: { judgeCalibration: false } }).filter((a) => a.alarm_name.includes("calibration"))).toEqual([]);
  });
});

describe("quality SLOs and the judge pair", () => {
  it("read the series of one judge pair", () => {
    const [quality] = defaultSlos({
      modelName: "m",
      endpointName: "e",
      instanceType: "ml.g5.12xlarge",
      judgePair: PAIR,
      requestTypes: [{ requestType: "balance_inquiry", threshold: 0.9 }],
    }).filter((s) => s.name.startsWith("quality-"));
    expect(quality!.sli.queries.map((q) => q.dimensions)).toEqual([
      { ModelName: "m", JudgePair: PAIR, request_type: "balance_inquiry" },
      { ModelName: "m", JudgePair: PAIR, request_type: "balance_inquiry" },
    ]);
  });

  it("need the pair, and the calibration alarms need it too", () => {
    expect(() => defaultSlos({ modelName: "m", endpointName: "e", instanceType: "ml.g5.12xlarge" })).toThrow(
      "quality slos read the series of one judge pair: pass judgePair",
    );
    const base = {
      naming: testNaming(),
      accountId: TEST_ACCOUNT,
      region: TEST_REGION,
      runbookBaseUrl: PROPS.runbookBaseUrl,
      modelName: "m",
      endpointName: "e",
      instanceType: "ml.g5.12xlarge",
    };
    expect(() =>
      synthResources((scope) => void new Alerting(scope, "a", { ...base, requestTypes: [], calibrationThresholds: PROPS.judgeCalibration!.thresholds! })),
    ).toThrow("calibrationThresholds needs judgePair");
    expect(() =>
      synthResources(
        (scope) =>
          void new Alerting(scope, "a", { ...base, judgePair: PAIR, calibrationThresholds: { ...PROPS.judgeCalibration!.thresholds!, kappaFloor: 2 } }),
      ),
    ).toThrow("calibrationThresholds.kappaFloor is 2; expected a kappa above -1 and at most 1, e.g. 0.6");
  });
});
