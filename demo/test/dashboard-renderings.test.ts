/**
 * The three renderings of the unified dashboard draw the same panels: the Grafana model the Grafana
 * stack deploys, the in-Region CloudWatch dashboard every AWS stack deploys, and the demo report
 * (which reads the Grafana model's own queries). Built from the demo's environment, as the demo is.
 */
import { describe, expect, it } from "vitest";
import { cloudwatchDashboardBody } from "../../dashboards";
import { MetricStore } from "../../testing/aws/metric-store";
import { demoEnvironment } from "../environment";
import { synthesizeDemoStack } from "../synthesized-stack";
import { dashboardData } from "../report/dashboard-data";
import type { DemoResult } from "../run";

type Json = Record<string, any>;
type Rows = [string, string[]][];

const stack = synthesizeDemoStack(demoEnvironment());

function grafanaRows(model: Json): Rows {
  const rows: Rows = [];
  for (const panel of model.panels as Json[]) {
    if (panel.type === "row") rows.push([panel.title, []]);
    else rows[rows.length - 1]![1].push(panel.title);
  }
  return rows;
}

function cloudwatchRows(body: Json): Rows {
  const rows: Rows = [];
  for (const widget of body.widgets as Json[]) {
    if (widget.type === "text") rows.push([String(widget.properties.markdown).replace(/^## /, ""), []]);
    else rows[rows.length - 1]![1].push(widget.properties.title);
  }
  return rows;
}

describe("renderings of the unified dashboard", () => {
  const model = stack.dashboard;
  const body = cloudwatchDashboardBody(stack.dashboardInput);

  it("have the same rows and panels, in the same order, in Grafana, CloudWatch and the demo report", () => {
    // Arrange: the report reads the model over an empty run (no data: every panel still listed).
    const emptyRun = {
      stack,
      metrics: new MetricStore(),
      startedAt: 0,
      trafficEndedAt: 60_000,
      gatewayLogs: [],
    } as unknown as DemoResult;
    // Act
    const grafana = grafanaRows(model);
    const cloudwatch = cloudwatchRows(body);
    const report: Rows = dashboardData(emptyRun).rows.map((row) => [row.title, row.panels.map((p) => p.title)]);
    // Assert
    expect(grafana.map(([title]) => title)).toEqual(["SLOs", "Quality", "Token economics", "Serving", "Infrastructure"]);
    expect(grafana.flatMap(([, panels]) => panels).length).toBeGreaterThan(40);
    // The Serving row too: CloudWatch reads its series as the bridge republishes them (LLMInference/Serving).
    expect(cloudwatch).toEqual(grafana);
    expect(report).toEqual(grafana);
  });

  it("place each panel where Grafana does and run the same queries, by id", () => {
    const panels = (model.panels as Json[]).filter((p) => p.type !== "row");
    const widgets = (body.widgets as Json[]).filter((w) => w.type !== "text");
    expect(widgets).toHaveLength(panels.length);
    panels.forEach((panel, i) => {
      const widget = widgets[i]!;
      expect({ x: widget.x, y: widget.y, w: widget.width, h: widget.height }, panel.title).toEqual(panel.gridPos);
      const logs = (panel.targets as Json[]).filter((t) => t.queryMode === "Logs");
      if (logs.length > 0) {
        expect(widget.type).toBe("log");
        expect(widget.properties.query).toContain(String(logs[0]!.expression).split("\n")[0]);
        return;
      }
      const ids = (widget.properties.metrics as unknown[][]).map((entry) => (entry[entry.length - 1] as Json).id);
      expect(ids, panel.title).toEqual((panel.targets as Json[]).map((t) => t.refId));
    });
  });
});
