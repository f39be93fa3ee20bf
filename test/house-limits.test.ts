import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runScript } from "../testing/fixtures/run-script";
import { sourceTrees } from "../testing/fixtures/source-tree";
import { checkCommentPaths } from "../scripts/comment-paths";
import { checkHouseLimits, describeOffence, type Exemptions } from "../scripts/house-limits";

const ROOT = path.resolve(__dirname, "..");
const tree = sourceTrees("house-limits-");
const NONE: Exemptions = { dataTables: {} };

/** `count` numbered statement lines, each a line of its own. */
const statements = (count: number): string => Array.from({ length: count }, (_, i) => `  total += ${i};\n`).join("");
/** A function declaration spanning exactly `lines` lines (signature and closing brace included). */
const functionOf = (name: string, lines: number): string =>
  `export function ${name}(): number {\n  let total = 0;\n${statements(lines - 4)}  return total;\n}\n`;
/** A constant table spanning exactly `lines` lines, as the one return of a function. */
const tableFunction = (name: string, lines: number): string =>
  `export function ${name}() {\n  return [\n${Array.from({ length: lines - 4 }, (_, i) => `    { row: ${i} },\n`).join("")}  ];\n}\n`;

describe("house limits: lengths", () => {
  it("the repository passes with no exemption but literal data tables", () => {
    const report = checkHouseLimits(ROOT);
    expect(report.offences.map(describeOffence)).toEqual([]);
    expect(report.notDataTables).toEqual([]);
    expect(report.filesChecked).toBeGreaterThan(300);
  });

  it("fails a planted file of 401 lines and passes one of 400, naming the file and its length", () => {
    const root = tree({
      "modules/alerting/long.ts": "export const a = 1;\n".repeat(401),
      "modules/alerting/ok.ts": "export const b = 1;\n".repeat(400),
    });
    expect(checkHouseLimits(root, NONE).offences.map(describeOffence)).toEqual(["modules/alerting/long.ts:1: 401 lines (limit 400)"]);
  });

  it("fails a planted function of 101 lines, a long method and a long constructor, each by name and line", () => {
    const root = tree({
      "functions/gateway/core.ts": `// core\n${functionOf("fits", 100)}${functionOf("tooLong", 101)}`,
      "modules/shared/thing.ts": `export class Thing {\n  constructor() {\n${"    void 0;\n".repeat(100)}  }\n  method = (): void => {\n${"    void 0;\n".repeat(99)}  };\n}\n`,
    });
    expect(checkHouseLimits(root, NONE).offences.map(describeOffence)).toEqual([
      "functions/gateway/core.ts:102 tooLong: 101 lines (limit 100)",
      "modules/shared/thing.ts:2 Thing constructor: 102 lines (limit 100)",
      "modules/shared/thing.ts:104 method: 101 lines (limit 100)",
    ]);
  });

  it("leaves tests, generated code, built output and data files out", () => {
    const long = functionOf("long", 150);
    const root = tree({
      "test/long.test.ts": long,
      "modules/alerting/test/long.test.ts": long,
      "config/long.test.ts": long,
      "modules/grafana/generated/dashboard/index.ts": long,
      "dist/modules/index.js": long,
      "node_modules/x/index.js": long,
      "cdktf.out/stacks/a/cdk.tf.json": "{}\n".repeat(500),
      "calibration/golden/example-set.jsonl": "{}\n".repeat(500),
    });
    expect(checkHouseLimits(root, NONE)).toMatchObject({ offences: [], filesChecked: 0 });
  });

  it("lets a listed literal data table through, refuses a listed function that is not one, and reports stale entries", () => {
    const root = tree({ "contracts/tables.ts": `${tableFunction("priceTable", 120)}${functionOf("procedure", 120)}` });
    const report = checkHouseLimits(root, {
      dataTables: {
        "contracts/tables.ts priceTable": "one row per Region's price, read as a table",
        "contracts/tables.ts procedure": "claimed to be a table",
        "contracts/tables.ts gone": "a table since split",
      },
    });
    expect(report.offences).toEqual([]);
    expect(report.notDataTables).toEqual([
      "contracts/tables.ts:121 procedure: 120 lines (limit 100): listed in DATA_TABLES but its body is not one literal table",
    ]);
    expect(report.staleExemptions).toEqual(["contracts/tables.ts gone"]);
  });
});

describe("house limits: comments that point at nothing", () => {
  const PRESENT = {
    "docs/tracing.md": "# Tracing\n\n## Sampling and cost\n",
    "modules/shared/naming.ts": "export const n = 1;\n",
    "modules/shared/index.ts": 'export { n } from "./naming";\n',
    "runbooks/dead-letter-queue.md": "# Dead-letter queue\n",
  };

  it("the repository's comments point only at files, folders and headings that exist", () => {
    const report = checkCommentPaths(ROOT);
    expect(report.brokenPointers).toEqual([]);
    expect(report.filesChecked).toBeGreaterThan(400);
  });

  it("passes pointers that exist, with or without an anchor, relative or not, and patterns and URLs", () => {
    const root = tree({
      ...PRESENT,
      "stacks/stack.ts": `/** See docs/tracing.md#sampling-and-cost and modules/shared/naming.ts, or modules/shared/. */
// Relative: ./stack-part.ts and ../modules/shared/naming (an import's form).
// Patterns: environments/<business-line>/<stage>.ts, modules/*/index.ts; built: dist/modules/index.js.
// Prose and URLs: request/response, https://github.com/vllm-project/vllm/blob/main/docs/design/metrics.md
export const s = 1;
`,
      "stacks/stack-part.ts": "export const p = 1;\n",
    });
    expect(checkCommentPaths(root).brokenPointers).toEqual([]);
  });

  it("fails a planted pointer at a missing file, a missing heading and a DESIGN.md that does not exist", () => {
    const root = tree({
      ...PRESENT,
      "modules/alerting/alerting.ts": `/**
 * Why: runbooks/page.md and docs/tracing.md#head-sampling.
 */
const text = "docs/in-a-string.md is not a comment";
// See DESIGN.md, section 4, and ../shared/nope.
export const x = text;
`,
    });
    expect(checkCommentPaths(root).brokenPointers).toEqual([
      "modules/alerting/alerting.ts:2: runbooks/page.md (no such file or folder)",
      "modules/alerting/alerting.ts:2: docs/tracing.md#head-sampling (no heading with that anchor)",
      "modules/alerting/alerting.ts:5: DESIGN.md (no such file or folder)",
      "modules/alerting/alerting.ts:5: ../shared/nope (no such file or folder)",
    ]);
  });
});

describe("npm run check:limits", () => {
  it("exits 0 on the repository, saying what it measured", () => {
    const result = runScript("scripts/house-limits.ts");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\d+ sources measured, 0 over a limit; \d+ sources' comments read, 0 pointing at nothing/);
  }, 120_000);
});
