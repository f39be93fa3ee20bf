/**
 * The prefix-cache alarm replayed end to end: a PromQL endpoint (local server, Prometheus JSON)
 * answers a hit rate each minute, the bridge queries it over signed HTTP and writes EMF, CloudWatch's
 * metric model ingests the EMF, and the platform's alarm engine evaluates the synthesized alarm.
 * At 30 % it fires, at 60 % it stays quiet; an idle endpoint (no answer) does not fire it, but does
 * fire the missing-metrics alarm.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PromqlClient } from "../../functions/serving-metrics/adapters/promql-client";
import { runBridge } from "../../functions/serving-metrics/bridge";
import { emfDocuments } from "../../functions/serving-metrics/emf";
import { ServingAlarms } from "../../modules/alerting";
import { MetricStore, pointsIn, statistic } from "../../testing/aws/metric-store";
import { alarmStateAfter } from "../../testing/cloudwatch/alarm-state";
import { alarmDatapoint, datapointBreaches, metricAlarmFromTerraform, type MetricSource } from "../../testing/cloudwatch/metric-alarm";
import { synthStack } from "../../testing/fixtures/synth";
import { TEST_REGION } from "../../testing/local-aws";
import { type PromAnswer, PromqlStub } from "../../testing/wire/promql-stub";

const ENDPOINT = "llmobs-retail-prod-endpoint";
const START = Date.UTC(2026, 11, 1, 12, 0, 0);
const MINUTE = 60_000;

const alarmsJson = synthStack((stack) => {
  new ServingAlarms(stack, "serving", {
    namePrefix: "llmobs-retail-prod",
    runbookBaseUrl: "https://git.example.com/platform/blob/main/runbooks",
    pageTopicArn: "arn:aws:sns:sa-east-1:123456789012:page",
    ticketTopicArn: "arn:aws:sns:sa-east-1:123456789012:ticket",
    endpointName: ENDPOINT,
    repeatedPrefixUseCases: ["onboarding"],
  });
}).resource.aws_cloudwatch_metric_alarm!;
const alarmNamed = (suffix: string) => metricAlarmFromTerraform(Object.values(alarmsJson).find((a) => String(a.alarm_name).endsWith(suffix))!);

let hitRate: string | undefined;
const stub = new PromqlStub((query): PromAnswer => {
  if (hitRate === undefined) return [];
  if (query.includes("vllm:prefix_cache_hits")) return [{ value: hitRate }];
  if (query.includes("vllm:num_requests_running")) return [{ value: "12" }];
  return [];
});

beforeAll(async () => {
  await stub.start();
});
afterAll(async () => {
  await stub.stop();
});

/** Runs the bridge once a minute for `minutes`, each run's EMF ingested as CloudWatch would. */
async function bridgeMinutes(rate: string | undefined, minutes: number): Promise<MetricStore> {
  hitRate = rate;
  const store = new MetricStore();
  const client = new PromqlClient({
    url: stub.url,
    region: TEST_REGION,
    credentials: () => Promise.resolve({ accessKeyId: "AKIDREPLAY", secretAccessKey: "replay-secret" }),
  });
  for (let minute = 0; minute < minutes; minute++) {
    const run = await runBridge(client, [ENDPOINT], new Date(START + minute * MINUTE));
    for (const document of emfDocuments(run)) store.ingestEmfLine(JSON.stringify(document));
  }
  return store;
}

/** The alarm's state at `at`, from its last evaluation periods (what CloudWatch evaluates each minute). */
function inAlarmAt(store: MetricStore, suffix: string, at: number): boolean {
  const alarm = alarmNamed(suffix);
  const source: MetricSource = {
    read: (metric, window) => statistic(pointsIn(store.find(metric.namespace, metric.metricName, metric.dimensions), window.from, window.to), metric.stat),
  };
  const period = alarm.periodSeconds * 1000;
  const points = Array.from({ length: alarm.evaluationPeriods }, (_, k) =>
    datapointBreaches(alarm, alarmDatapoint(alarm, source, { from: at - (k + 1) * period, to: at - k * period })),
  );
  return alarmStateAfter(points, alarm.datapointsToAlarm, alarm.treatMissingData, false);
}

describe("server prefix-cache hit-rate alarm, replayed through the bridge", () => {
  it("fires after 15 minutes at a 30 % hit rate", async () => {
    const store = await bridgeMinutes("30", 20);

    expect(store.find("LLMInference/Serving", "PrefixCacheHitRate", { EndpointName: ENDPOINT })[0]!.points).toHaveLength(20);
    expect(inAlarmAt(store, "-serving-prefix-cache-hit-rate", START + 10 * MINUTE)).toBe(false);
    expect(inAlarmAt(store, "-serving-prefix-cache-hit-rate", START + 15 * MINUTE)).toBe(true);
    expect(inAlarmAt(store, "-serving-metrics-missing", START + 20 * MINUTE)).toBe(false);
  });

  it("stays quiet at a 60 % hit rate", async () => {
    const store = await bridgeMinutes("60", 20);

    for (const minute of [5, 10, 15, 20]) expect(inAlarmAt(store, "-serving-prefix-cache-hit-rate", START + minute * MINUTE)).toBe(false);
  });

  it("stays quiet on an idle endpoint (no prefix-cache lookups, no datum), where the missing-metrics alarm fires", async () => {
    const store = await bridgeMinutes(undefined, 20);

    expect(store.all()).toEqual([]);
    expect(inAlarmAt(store, "-serving-prefix-cache-hit-rate", START + 20 * MINUTE)).toBe(false);
    expect(inAlarmAt(store, "-serving-metrics-missing", START + 20 * MINUTE)).toBe(true);
  });
});
