import { describe, expect, it } from "vitest";
import { DIMENSIONS, GATEWAY_LOG_FIELDS, GATEWAY_METRICS, METRIC_CATALOGUE } from "../../contracts/metric-catalogue";
import { buildUnifiedDashboard, costPer1kTokensExpression, exportableDashboard, requireDimensionSet, ROWS, VARIABLES } from "..";
import { dashboardInput, JUDGE_PAIR } from "./fixture";

type Json = Record<string, any>;

/** Panels grouped under the row that precedes them. */
function rows(model: Json): Map<string, Json[]> {
  const out = new Map<string, Json[]>();
  let current: Json[] = [];
  for (const panel of model.panels) {
    if (panel.type === "row") {
      current = [];
      out.set(panel.title, current);
    } else current.push(panel);
  }
  return out;
}

const panel = (model: Json, title: string): Json => {
  const found = model.panels.find((p: Json) => p.title === title);
  if (!found) throw new Error(`no panel "${title}"`);
  return found;
};
const steps = (p: Json) => p.fieldConfig.defaults.thresholds?.steps.map((s: Json) => [s.value, s.color]);
const target = (p: Json, refId: string) => p.targets.find((t: Json) => t.refId === refId);

describe("unified dashboard", () => {
  const model = buildUnifiedDashboard(dashboardInput()) as unknown as Json;

  it("has the four rows in order, each with its panels", () => {
    const byRow = rows(model);
    // Health first: the error budgets, then quality, cost and the machines behind them.
    expect([...byRow.keys()]).toEqual([ROWS.slos, ROWS.quality, ROWS.tokenEconomics, ROWS.serving, ROWS.infrastructure]);
    expect(byRow.get(ROWS.infrastructure)!.map((p) => p.title)).toEqual([
      "GPU utilisation",
      "GPU memory utilisation",
      "ModelLatency P50 and P99",
      "ModelLatency P99 / P50",
      "Invocations, 4XX and 5XX",
      "CPU and memory",
      "Server-side failures at the gateway",
    ]);
    expect(byRow.get(ROWS.tokenEconomics)!.map((p) => p.title)).toEqual(
      expect.arrayContaining([
        "TTFT P50, P95 and P99",
        "ITL distribution",
        "Tokens per second",
        "Prompt and completion tokens",
        "Cost per request and per 1,000 generated tokens",
        "Cache hit rate",
        "Tokens and estimated cost by use_case",
        "Completion tokens by use_case",
        "Top models by requests",
        "Request outcomes",
      ]),
    );
    expect(byRow.get(ROWS.quality)!.map((p) => p.title)).toEqual(
      expect.arrayContaining([
        "Quality score by request_type against its threshold",
        "balance_inquiry quality",
        "investment_strategy quality",
        "Factuality, completeness and tone",
        "Undue-refusal rate",
        "Week-over-week drift",
        "Quality by sampling stratum",
        "Evaluations and undue refusals by stratum",
        "Evaluations per hour",
        "Judge spend per day",
        "Dead-letter depth",
      ]),
    );
    expect(byRow.get(ROWS.slos)!.map((p) => p.title)).toEqual([
      "Error budget remaining",
      "Error budget burn-down",
      "Burn rate: availability",
      "Burn rate: ttft",
      "Burn rate: quality-balance-inquiry",
    ]);
    // The layout fills the 24-column grid without overlaps.
    const cells = new Set<string>();
    for (const p of model.panels) {
      const { x, y, w, h } = p.gridPos;
      expect(x + w).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i += 1)
        for (let j = y; j < y + h; j += 1) {
          expect(cells.has(`${i},${j}`), `${p.title} overlaps`).toBe(false);
          cells.add(`${i},${j}`);
        }
    }
    expect(new Set(model.panels.map((p: Json) => p.id)).size).toBe(model.panels.length);
  });

  it("draws the source article's lines: 85 % GPU memory, 5x P99/P50, 1,500 ms TTFT, 40 % cache hit rate, the judge budget", () => {
    const lines: [title: string, value: number, color: string][] = [
      ["GPU memory utilisation", 85, "red"],
      ["ModelLatency P99 / P50", 5, "red"],
      ["TTFT P50, P95 and P99", 1500, "red"],
      ["Cache hit rate", 40, "orange"],
      ["Judge spend per day", 40, "orange"],
    ];
    for (const [title, value, color] of lines) {
      expect(steps(panel(model, title)), title).toEqual([
        [null, "transparent"],
        [value, color],
      ]);
    }
    expect(steps(panel(model, "TTFT SLO attainment (<= 1500 ms)"))).toEqual([
      [null, "red"],
      [95, "green"],
    ]);
    expect(panel(model, "GPU memory utilisation").fieldConfig.defaults.custom.thresholdsStyle).toEqual({ mode: "dashed" });
  });

  it("uses the catalogue's units: ms for TTFT and ITL, µs for SageMaker latency, percent, tokens/s, USD", () => {
    const unit = (title: string) => panel(model, title).fieldConfig.defaults.unit;
    expect(unit("TTFT P50, P95 and P99")).toBe("ms");
    expect(unit("ITL distribution")).toBe("ms");
    expect(unit("ModelLatency P50 and P99")).toBe("µs");
    expect(unit("GPU utilisation")).toBe("percent");
    expect(unit("Tokens per second")).toBe("suffix: tok/s");
    expect(unit("Cost per request and per 1,000 generated tokens")).toBe("currencyUSD");
    expect(unit("Error budget remaining")).toBe("percentunit");
    expect(unit("Undue-refusal rate")).toBe("percentunit");
  });

  it("puts every quality request type against its own threshold", () => {
    const p = panel(model, "Quality score by request_type against its threshold");
    expect(p.targets.filter((t: Json) => t.expression).map((t: Json) => [t.label, t.expression])).toEqual([
      ["balance_inquiry threshold 0.9", "FILL(rt0_balance_inquiry, 0) * 0 + 0.9"],
      ["investment_strategy threshold 0.75", "FILL(rt1_investment_strategy, 0) * 0 + 0.75"],
    ]);
    // The current judge pair's series only, as the quality SLO reads them.
    expect(target(p, "rt0_balance_inquiry").dimensions).toEqual({ ModelName: "$model", JudgePair: JUDGE_PAIR, request_type: "balance_inquiry" });
    expect(steps(panel(model, "balance_inquiry quality"))).toEqual([
      [null, "red"],
      [0.9, "green"],
    ]);
    expect(steps(panel(model, "investment_strategy quality"))).toEqual([
      [null, "red"],
      [0.75, "green"],
    ]);
  });

  it("shows guardrail-flagged and low-confidence answers apart from the random sample", () => {
    const p = panel(model, "Quality by sampling stratum");
    expect(p.targets.map((t: Json) => [t.label, t.dimensions])).toEqual([
      ["guardrail_flagged", { ModelName: "$model", JudgePair: JUDGE_PAIR, stratum: "guardrail_flagged" }],
      ["low_confidence", { ModelName: "$model", JudgePair: JUDGE_PAIR, stratum: "low_confidence" }],
      ["random", { ModelName: "$model", JudgePair: JUDGE_PAIR, stratum: "random" }],
    ]);
  });

  it("draws each SLO's burn rate over the alarms' windows with the page and ticket factors as lines", () => {
    const p = panel(model, "Burn rate: availability");
    expect(steps(p)).toEqual([
      [null, "transparent"],
      [1, "yellow"],
      [3, "yellow"],
      [6, "red"],
      [14.4, "red"],
    ]);
    const burn = p.targets.filter((t: Json) => t.expression);
    expect(burn.map((t: Json) => [t.label, t.period])).toEqual([
      ["burn rate over 5m", "300"],
      ["burn rate over 30m", "1800"],
      ["burn rate over 1h", "3600"],
      ["burn rate over 2h", "7200"],
      ["burn rate over 6h", "21600"],
      ["burn rate over 1d", "86400"],
    ]);
    expect(target(p, "burn_5m").expression).toBe("((w5m_requests) - (w5m_requests - w5m_failed)) / (w5m_requests) / 0.005");
    expect(target(p, "w5m_failed")).toMatchObject({ metricName: "FailedRequestCount", statistic: "Sum", period: "300", hide: true });
    const ttft = panel(model, "Burn rate: ttft");
    expect(target(ttft, "w1h_fast_pct").statistic).toBe("PR(:1500)");
    expect(target(ttft, "burn_1h").expression).toBe("((w1h_samples) - (w1h_fast_pct / 100 * w1h_samples)) / (w1h_samples) / 0.05");
    const budget = panel(model, "Error budget remaining");
    expect(target(budget, "budget_availability").expression).toBe(
      "1 - (RUNNING_SUM((b_availability_requests)) - RUNNING_SUM((b_availability_requests - b_availability_failed))) / RUNNING_SUM((b_availability_requests)) / 0.005",
    );
    expect(budget.timeFrom).toBe("30d");
  });

  it("computes cost per 1,000 generated tokens from the environment's hourly price: cost/hour / (tokens/s x 3600)", () => {
    const expression = target(panel(model, "Cost per request and per 1,000 generated tokens"), "cost_per_1k_tokens").expression as string;
    // 7.09 USD per instance-hour x 2 instances.
    expect(expression).toBe("1000 * 14.18 / ((completion / PERIOD(completion)) * 3600)");
    // At 1,000 generated tokens/s (60,000 per minute): 14.18 / 3,600,000 tokens x 1000.
    const evaluate = (e: string) => Function(`return ${e.replace(/PERIOD\(completion\)/g, "60").replace(/\bcompletion\b/g, "60000")}`)() as number;
    expect(evaluate(expression)).toBeCloseTo((14.18 / 3_600_000) * 1000, 10);
    const cheaper = costPer1kTokensExpression(dashboardInput({ model: { ...dashboardInput().model, hourlyPriceUsd: 1.97, instanceCount: 1 } }));
    expect(cheaper).toBe("1000 * 1.97 / ((completion / PERIOD(completion)) * 3600)");
    expect(target(panel(model, "Cost per request and per 1,000 generated tokens"), "cost_per_request").expression).toBe(
      "14.18 / ((requests / PERIOD(requests)) * 3600)",
    );
  });

  it("names only catalogue metrics, each with one of its published dimension sets", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const p of model.panels) {
      for (const t of p.targets ?? []) {
        if (!t.metricName) continue;
        checked += 1;
        const metric = METRIC_CATALOGUE.find((m) => m.namespace === t.namespace && m.name === t.metricName);
        if (!metric) problems.push(`${p.title}: ${t.namespace} ${t.metricName} is not in the catalogue`);
        else {
          try {
            requireDimensionSet(metric, Object.keys(t.dimensions ?? {}));
          } catch (error) {
            problems.push(`${p.title}: ${(error as Error).message}`);
          }
          if (t.matchExact !== true) problems.push(`${p.title}: ${t.metricName} must match its dimension set exactly`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it("reads only catalogue names and gateway log fields in Logs Insights and Metrics Insights queries", () => {
    const names = new Set([...METRIC_CATALOGUE.map((m) => m.name), ...Object.values(GATEWAY_LOG_FIELDS), ...Object.values(DIMENSIONS)]);
    const keywords = new Set([
      "fields",
      "filter",
      "stats",
      "sort",
      "by",
      "as",
      "and",
      "desc",
      "ispresent",
      "count",
      "sum",
      "bin",
      "regex",
      "SELECT",
      "SUM",
      "FROM",
      "SCHEMA",
      "GROUP",
      "BY",
      "ORDER",
      "DESC",
      "LIMIT",
    ]);
    const texts = model.panels.flatMap((p: Json) =>
      (p.targets ?? []).map((t: Json) => (t.queryMode === "Logs" ? t.expression : t.sqlExpression)).filter(Boolean),
    ) as string[];
    expect(texts.length).toBe(4);
    for (const text of texts) {
      const stripped = text.replace(/"[^"]*"/g, "").replace(/\/\^[^/]*\$\//g, "");
      const aliases = new Set([...stripped.matchAll(/\bas\s+([A-Za-z_]\w*)/g)].map((m) => m[1]!));
      const unknown = [...stripped.matchAll(/(?<![\w.$])([A-Za-z_]\w*)(?![\w(])/g)]
        .map((m) => m[1]!)
        .filter((id) => !keywords.has(id) && !aliases.has(id) && !names.has(id) && !/^\d/.test(id));
      expect(unknown, text).toEqual([]);
    }
    expect(target(panel(model, "Tokens and estimated cost by use_case"), "by_use_case").logGroups).toEqual([
      {
        name: "/aws/lambda/llmobs-retail-banking-prod-gateway",
        arn: "arn:aws:logs:sa-east-1:222222222222:log-group:/aws/lambda/llmobs-retail-banking-prod-gateway",
      },
    ]);
  });

  it("has the five template variables, and every one of them is used", () => {
    const variables = model.templating.list as Json[];
    expect(variables.map((v) => v.name)).toEqual([VARIABLES.environment, VARIABLES.endpoint, VARIABLES.model, VARIABLES.requestType, VARIABLES.useCase]);
    for (const v of variables) {
      const elsewhere = JSON.stringify([model.panels, variables.filter((other) => other !== v)]);
      expect(elsewhere.includes(`$${v.name}`) || elsewhere.includes(`\${${v.name}`), `variable ${v.name} is never used`).toBe(true);
    }
    const endpoint = variables[1]!;
    expect(endpoint.query).toMatchObject({ queryType: "dimensionValues", namespace: "AWS/SageMaker", dimensionKey: "EndpointName" });
    expect(endpoint.regex).toBe("/^${environment}-.*/");
    expect(variables[3]).toMatchObject({
      multi: true,
      includeAll: true,
      allValue: "*",
      query: { dimensionKey: "request_type", dimensionFilters: { EndpointName: "$endpoint", ModelName: "$model" } },
    });
    expect(variables[4]!.query).toBe("general,payments");
  });

  it("every metric-math expression refers only to queries of its own panel, and query ids are unique per panel", () => {
    for (const p of model.panels) {
      const ids = (p.targets ?? []).filter((t: Json) => t.queryMode === "Metrics").map((t: Json) => t.id as string);
      expect(new Set(ids).size, p.title).toBe(ids.length);
      for (const t of p.targets ?? []) {
        if (!t.expression || t.queryMode !== "Metrics") continue;
        const refs = [...(t.expression as string).matchAll(/\b[a-z][A-Za-z0-9_]*\b/g)].map((m) => m[0]);
        expect(
          refs.filter((r) => !ids.includes(r)),
          `${p.title}: ${t.expression}`,
        ).toEqual([]);
      }
    }
  });

  it("refuses a query on a dimension set the metric is not published with", () => {
    expect(() => requireDimensionSet(GATEWAY_METRICS.cacheHitRate, ["ModelName", "EndpointName", "InstanceType", "request_type"])).toThrow(
      "LLMInference/SageMaker cache_hit_rate is not published with dimensions [ModelName, EndpointName, InstanceType, request_type]; its sets are [ModelName, EndpointName, InstanceType]",
    );
  });

  it("every query reads the environment's CloudWatch data source, the Serving row's PromQL its own; the hand-import file asks for both", () => {
    const cloudwatch = { type: "cloudwatch", uid: "llmobs-cloudwatch" };
    const promql = { type: "grafana-amazonprometheus-datasource", uid: "llmobs-promql" };
    for (const p of model.panels.filter((x: Json) => x.type !== "row")) {
      for (const t of p.targets) expect(t.datasource).toEqual(t.expr === undefined ? cloudwatch : promql);
      const uids = new Set(p.targets.map((t: Json) => t.datasource.uid));
      expect(p.datasource).toEqual(uids.size > 1 ? { type: "datasource", uid: "-- Mixed --" } : p.targets[0].datasource);
    }
    const file = exportableDashboard(buildUnifiedDashboard(dashboardInput()), "llmobs-cloudwatch", "llmobs-promql");
    expect(JSON.stringify(file)).not.toContain("llmobs-cloudwatch");
    expect(JSON.stringify(file)).not.toContain("llmobs-promql");
    expect((file.panels as Json[])[1]!.datasource).toEqual({ type: "cloudwatch", uid: "${DS_CLOUDWATCH}" });
    expect(file.__inputs).toEqual([
      expect.objectContaining({ name: "DS_CLOUDWATCH", pluginId: "cloudwatch" }),
      expect.objectContaining({ name: "DS_PROMQL", pluginId: "grafana-amazonprometheus-datasource" }),
    ]);
  });
});
