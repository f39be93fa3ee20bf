/**
 * Headless Chromium (Debian's `chromium`) for the HTML report: the DOM after the page's scripts ran
 * (for the check that every chart drew data) and a screenshot (for the README). Always a fresh,
 * empty profile and no network features.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findChromium } from "../../scripts/cli/find-chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export { findChromium };

function requireChromium(): string {
  const binary = findChromium();
  if (!binary) throw new Error("chromium is not installed: run `apt-get install -y chromium` (CI installs it in .ci/run), or set CHROMIUM to its path");
  return binary;
}

function withProfile<T>(run: (profile: string) => T): T {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "chromium-profile-"));
  try {
    return run(profile);
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** The page's DOM once its scripts (and their timers, in virtual time) have run. */
export function dumpDom(htmlFile: string): string {
  const binary = requireChromium();
  return withProfile((profile) =>
    execFileSync(
      binary,
      [...FLAGS, `--user-data-dir=${profile}`, "--virtual-time-budget=10000", "--window-size=1640,1200", "--dump-dom", `file://${path.resolve(htmlFile)}`],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        maxBuffer: 64 * 1024 * 1024,
        timeout: 60_000,
      },
    ),
  );
}

/** A PNG of the page's top `height` pixels. */
export function screenshot(htmlFile: string, pngFile: string, width = 1640, height = 2200): void {
  const binary = requireChromium();
  withProfile((profile) =>
    execFileSync(
      binary,
      [
        ...FLAGS,
        `--user-data-dir=${profile}`,
        "--hide-scrollbars",
        "--virtual-time-budget=10000",
        `--window-size=${width},${height}`,
        `--screenshot=${path.resolve(pngFile)}`,
        `file://${path.resolve(htmlFile)}`,
      ],
      {
        stdio: "ignore",
        timeout: 60_000,
      },
    ),
  );
}

export interface RenderCheck {
  readonly ready: boolean;
  readonly panels: number;
  readonly failed: number;
  readonly charts: { readonly id: string; readonly kind: string; readonly rendered: boolean; readonly points: number; readonly pixels: number }[];
  /** The trace view drew its picked trace, with this many span bars. */
  readonly traceReady: boolean;
  readonly traceBars: number;
}

/** What the report page recorded about its own drawing (`data-*` attributes). */
export function readRenderCheck(dom: string): RenderCheck {
  const body = /<body([^>]*)>/.exec(dom)?.[1] ?? "";
  const attr = (text: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(text)?.[1];
  const charts = [...dom.matchAll(/<div class="panel"([^>]*)>/g)].map(([, attrs]) => ({
    id: attr(attrs!, "data-panel-id") ?? "",
    kind: attr(attrs!, "data-kind") ?? "",
    rendered: attr(attrs!, "data-rendered") === "yes",
    points: Number(attr(attrs!, "data-points") ?? attr(attrs!, "data-values") ?? 0),
    pixels: Number(attr(attrs!, "data-series-pixels") ?? 0),
  }));
  return {
    ready: attr(body, "data-report-ready") === "yes",
    panels: Number(attr(body, "data-charts") ?? 0),
    failed: Number(attr(body, "data-failed") ?? -1),
    charts,
    traceReady: attr(body, "data-trace-ready") === "yes",
    traceBars: Number(attr(body, "data-trace-bars") ?? 0),
  };
}
