import { describe, expect, it } from "vitest";
import { buildUnifiedDashboard } from "..";
import { dashboardInput } from "./fixture";

type Json = Record<string, any>;
const correction = { sensitivity: 0.95, specificity: 0.5, sensitivityVariance: 0.001, specificityVariance: 0.004 };
const panels = (model: Json): Json[] => model.panels.flatMap((p: Json) => [p, ...(p.panels ?? [])]);

describe("quality row: raw and corrected good share", () => {
  it("draws, per request type with a known judge error, the raw share, the corrected one and its 90 % band from the published sums", () => {
    const input = dashboardInput();
    const [requestType] = Object.keys(input.qualityThresholds);
    const model = buildUnifiedDashboard({ ...input, qualityCorrections: { [requestType!]: correction } }) as unknown as Json;
    const panel = panels(model).find((p) => p.title === `${requestType}: good share, raw and corrected for the judge's error`);
    expect(panel).toBeDefined();
    const metrics = panel!.targets.filter((t: Json) => t.metricName).map((t: Json) => t.metricName);
    expect(metrics).toEqual(["QualityGood", "QualityGoodCorrected", "QualityTotal"]);
    const labels = panel!.targets.filter((t: Json) => t.expression).map((t: Json) => t.label);
    expect(labels).toEqual(["raw (judge)", "corrected", "corrected 90 % low", "corrected 90 % high"]);
    expect(panel!.targets.find((t: Json) => t.label === "corrected 90 % low").expression).toContain("^ 0.5");
  });

  it("draws none for a request type whose judge error is not known", () => {
    const model = buildUnifiedDashboard(dashboardInput()) as unknown as Json;
    expect(panels(model).some((p) => String(p.title).includes("raw and corrected"))).toBe(false);
  });
});
