/**
 * The demo end to end, as `npm run demo` runs it but with a small workload: a child process (as a
 * user starts it), faults on, the last line in the exact format, nothing lost; the HTML report
 * opened in headless Chromium, every chart drawn with data; and Ctrl-C stopping everything.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dumpDom, findChromium, readRenderCheck, screenshot } from "../report/chromium";

const ROOT = path.resolve(__dirname, "..", "..");
const LAST_LINE = /^demo: requests (\d+) records (\d+) scored (\d+) sampled-out (\d+) skipped (\d+) dead-lettered (\d+) lost (\d+)$/;
const out = fs.mkdtempSync(path.join(os.tmpdir(), "llmobs-demo-test-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

function runDemo(
  args: string[],
  onStderr?: (text: string, child: ReturnType<typeof spawn>) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "demo/main.ts", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run demo", () => {
  // The run itself takes 30-60 s on a shared 2-core machine (more with the whole suite beside it).
  it("drives a small workload with faults through the real handlers and accounts for every record", async () => {
    // Act
    const { code, stdout, stderr } = await runDemo([
      "--requests",
      "160",
      "--duration",
      "4",
      "--seed",
      "test",
      "--judge-throttle-rate",
      "0.05",
      "--comprehend-error-rate",
      "0.05",
      "--malformed-rate",
      "0.03",
      "--out",
      out,
    ]);

    // Assert: exit 0, the report's sections, the last line in its exact form with nothing lost
    expect(code, stderr).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    const match = LAST_LINE.exec(lines[lines.length - 1]!);
    expect(match, lines[lines.length - 1]).not.toBeNull();
    const [, requests, records, scored, sampledOut, skipped, deadLettered, lost] = match!.map(Number);
    expect(requests).toBe(160);
    expect(lost).toBe(0);
    // On a starved machine the gateway can give up on Firehose (its 2-s attempts): the report says so.
    if (records! < requests!) expect(stdout).toContain(`${requests! - records!} requests' records never reached Firehose`);
    expect(records).toBeGreaterThan(80);
    expect(scored! + sampledOut! + skipped! + deadLettered!).toBe(records);
    expect(scored).toBeGreaterThan(0);
    expect(deadLettered).toBeGreaterThan(0); // malformed lines were injected
    for (const section of [
      "Latency per model and request_type",
      "Token economics",
      "Quality (judge scores",
      "PII masked",
      "Judge (",
      "SLO burn rates",
      "Count invariant",
    ])
      expect(stdout).toContain(section);
    expect(stdout).toMatch(/found in text sent to the judge: none/);
    expect(fs.existsSync(path.join(out, "report.html"))).toBe(true);
  }, 120_000);

  it("writes an HTML report that draws every chart with data in headless Chromium, offline", () => {
    // Arrange: Chromium must be there (CI installs it); a missing browser fails, it does not skip.
    expect(findChromium(), "chromium is not installed: apt-get install -y chromium (see .ci/run)").toBeDefined();
    const html = path.join(out, "report.html");
    const page = fs.readFileSync(html, "utf8");

    // Act
    const check = readRenderCheck(dumpDom(html));
    const png = path.join(out, "report.png");
    screenshot(html, png, 1640, 1400);

    // Assert: no network at view time, every drawn panel has data, the charts have series pixels
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=["']?https?:/);
    expect(check.ready).toBe(true);
    expect(check.failed).toBe(0);
    expect(check.panels).toBeGreaterThanOrEqual(25);
    const charts = check.charts.filter((c) => c.kind === "chart");
    expect(charts.length).toBeGreaterThanOrEqual(15);
    for (const chart of check.charts) expect(chart, `panel ${chart.id}`).toMatchObject({ rendered: true });
    // The trace view: a judged request's spans (request, endpoint call, log delivery, verdict) on a timeline.
    expect(check.traceReady).toBe(true);
    // The Serving row draws from the simulated container's own metrics (drawn, not listed as skipped).
    for (const title of [
      "Queue depth and running requests (server)",
      "KV-cache usage (server)",
      "Prefix-cache hit rate (server)",
      "TTFT: server beside client (p95)",
    ]) {
      const escaped = title.replace(/[()]/g, "\\$&");
      expect(page).toMatch(new RegExp(`<div class="panel" [^>]*><div class="title"[^>]*>${escaped}<`));
    }
    expect(check.traceBars).toBeGreaterThanOrEqual(4);
    expect(page).toContain("gen_ai.evaluation.result");
    expect(page).toMatch(/"traceId":"[0-9a-f]{32}"/);
    expect(fs.statSync(png).size).toBeGreaterThan(20_000);
  });

  it("opens with the run's health and colours every stat by the dashboard's own thresholds", () => {
    const dom = dumpDom(path.join(out, "report.html"));
    const text = fs.readFileSync(path.join(out, "report.html"), "utf8");
    // The headline is the text report's first line, and its colour says how bad it is.
    const banner = /<div class="health" id="health" data-level="(page|ticket|healthy)" style="border-color:(#[0-9a-f]{6})[^"]*">([^<]*)<\/div>/.exec(dom);
    expect(banner).not.toBeNull();
    const [, level, colour, headline] = banner!;
    expect(headline).toMatch(/^(PAGE|TICKET|HEALTHY): /);
    expect(colour).toBe({ page: "#e02f44", ticket: "#ff780a", healthy: "#56a64b" }[level!]);
    // Pages name what pages; the text report (in the page) lists the same alarms in ALARM.
    const inAlarm = /in ALARM now: (\d+) \((\d+) page, (\d+) ticket/.exec(text);
    expect(inAlarm).not.toBeNull();
    const [, total, pages, tickets] = inAlarm!.map(Number);
    expect(level).toBe(pages! > 0 ? "page" : tickets! > 0 ? "ticket" : "healthy");
    expect(/<span id="alarms-in-alarm">(\d+)<\/span>/.exec(dom)?.[1]).toBe(String(total));
    // Every stat's colour is the last threshold step at or below its value, as Grafana draws it.
    const report = JSON.parse(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(text)![1]!) as {
      dashboard: { rows: { panels: { id: number; stats?: unknown[]; steps: { value: number | null; color: string }[] }[] }[] };
    };
    const stepsOf = new Map(report.dashboard.rows.flatMap((r) => r.panels.filter((p) => p.stats).map((p) => [String(p.id), p.steps] as const)));
    let checked = 0;
    for (const [, id, body] of dom.matchAll(/<div class="panel" id="panel-(\d+)" data-kind="stat"[^>]*>([\s\S]*?)<div class="notes">/g)) {
      for (const [, value, colour] of body!.matchAll(/<div class="stat" data-value="([^"]+)" data-color="([^"]+)">/g)) {
        const v = Number(value);
        if (!Number.isFinite(v)) continue;
        const steps = stepsOf.get(id!)!;
        const expected = steps.filter((st) => st.value === null || v >= st.value).pop()?.color ?? "green";
        expect(colour, `panel ${id} value ${v}`).toBe(expected);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(3);
    // The SLO row comes first.
    expect(/<div class="row"[^>]*>([^<]*)<\/div>/.exec(dom)?.[1]).toBe("SLOs");
  });

  it("stops every local service on Ctrl-C and exits 130", async () => {
    // Act: interrupt once the traffic is flowing
    const began = Date.now();
    let sent = false;
    const { code, stderr } = await runDemo(["--requests", "2000", "--duration", "30", "--no-html", "--out", out], (text, child) => {
      if (!sent && /\[\s*\d+ s\] requests/.test(text)) {
        sent = true;
        child.kill("SIGINT");
      }
    });

    // Assert
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(stderr).toContain("interrupted; every local service was stopped");
    expect(Date.now() - began).toBeLessThan(30_000);
  });
});
