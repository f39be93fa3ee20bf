import * as fs from "node:fs";
import * as semconv from "@opentelemetry/semantic-conventions/incubating";
import { describe, expect, it } from "vitest";
import { GATEWAY_METRICS } from "../../../contracts/metric-catalogue";
import { SEMCONV_METRIC_MAP, semconvMetricTable } from "../../../contracts/semconv-metric-map";

describe("EMF metrics mapped to the semantic conventions", () => {
  it("maps every metric the gateway publishes with EMF", () => {
    expect(Object.keys(SEMCONV_METRIC_MAP).sort()).toEqual(Object.keys(GATEWAY_METRICS).sort());
  });

  it("names only metrics the conventions define", () => {
    const defined = new Set(
      Object.entries(semconv)
        .filter(([key]) => key.startsWith("METRIC_GEN_AI"))
        .map(([, value]) => value),
    );
    for (const entry of Object.values(SEMCONV_METRIC_MAP)) {
      if (entry.equivalent.startsWith("none")) continue;
      expect(defined).toContain(entry.equivalent.split(" ")[0]);
    }
  });

  it.each(["docs/tracing.md", "README.md"])("is the table %s shows", (file) => {
    const doc = fs.readFileSync(file, "utf8");
    const table = /<!-- semconv-metric-table:start -->\n([\s\S]*?)\n<!-- semconv-metric-table:end -->/.exec(doc)?.[1];
    expect(table).toBe(semconvMetricTable());
  });
});
