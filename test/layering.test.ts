import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkLayering } from "../scripts/layering";

const ROOT = path.resolve(__dirname, "..");

/** A throwaway source tree: `files` maps root-relative paths to their content. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "layering-"));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  roots.push(root);
  return root;
}
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

const CLEAN = {
  "contracts/metric-catalogue.ts": "export const A = 1;\n",
  "functions/gateway/handler.ts": 'import { A } from "../../contracts/metric-catalogue";\nexport const h = A;\n',
  "modules/shared/naming.ts": 'import { A } from "../../contracts/metric-catalogue";\nexport const n = A;\n',
  "modules/alerting/alerting.ts": 'import { n } from "../shared/naming";\nexport const x = n;\n',
  "modules/evaluation-layer/evaluation-layer.ts": 'import { n } from "../shared/naming";\nexport const y = n;\n',
  "stacks/stack.ts": 'import { x } from "../modules/alerting/alerting";\nexport const s = x;\n',
  "testing/wire/http-stub.ts": 'import { A } from "../../contracts/metric-catalogue";\nexport const stub = A;\n',
  "testing/fixtures/synth.ts":
    'import { n } from "../../modules/shared/naming";\nimport { x } from "../../modules/alerting/alerting";\nexport const t = [n, x];\n',
  "modules/alerting/test/alerting.test.ts": 'import { t } from "../../../testing/fixtures/synth";\nexport const u = t;\n',
};

describe("import layering", () => {
  it("the repository's shipped sources import in one direction only and have no cycles", () => {
    const report = checkLayering(ROOT);
    expect(report.violations).toEqual([]);
    expect(report.cycles).toEqual([]);
    expect(report.filesChecked).toBeGreaterThan(100);
  });

  it("a clean tree passes", () => {
    // The module's test imports testing/ and is left out: tests are not shipped.
    expect(checkLayering(tree(CLEAN))).toMatchObject({ violations: [], cycles: [], filesChecked: 8 });
  });

  it("fails on a function importing a module", () => {
    const root = tree({ ...CLEAN, "functions/gateway/handler.ts": 'import { n } from "../../modules/shared/naming";\nexport const h = n;\n' });
    expect(checkLayering(root).violations).toEqual(["functions/gateway/handler.ts -> modules/shared/naming.ts: functions may not import modules/shared"]);
  });

  it("fails on the shared glue importing a module, and on one module importing another", () => {
    const root = tree({
      ...CLEAN,
      "modules/shared/naming.ts": 'import { x } from "../alerting/alerting";\nexport const n = x;\n',
      "modules/evaluation-layer/evaluation-layer.ts": 'import { x } from "../alerting/alerting";\nexport const y = x;\n',
    });
    expect(checkLayering(root).violations).toEqual([
      "modules/evaluation-layer/evaluation-layer.ts -> modules/alerting/alerting.ts: a module imports another module (modules meet only through props)",
      "modules/shared/naming.ts -> modules/alerting/alerting.ts: modules/shared may not import modules/<module>",
    ]);
  });

  it("fails on contracts importing either side", () => {
    const root = tree({ ...CLEAN, "contracts/metric-catalogue.ts": 'import { h } from "../functions/gateway/handler";\nexport const A = h;\n' });
    const report = checkLayering(root);
    expect(report.violations).toEqual(["contracts/metric-catalogue.ts -> functions/gateway/handler.ts: contracts may not import functions"]);
    expect(report.cycles).toEqual([["contracts/metric-catalogue.ts", "functions/gateway/handler.ts", "contracts/metric-catalogue.ts"]]);
  });

  it("fails on dashboards reading the functions instead of the catalogue in contracts", () => {
    const root = tree({
      ...CLEAN,
      "dashboards/unified-dashboard.ts":
        'import { h } from "../functions/gateway/handler";\nimport { A } from "../contracts/metric-catalogue";\nexport const d = [h, A];\n',
    });
    expect(checkLayering(root).violations).toEqual(["dashboards/unified-dashboard.ts -> functions/gateway/handler.ts: dashboards may not import functions"]);
  });

  it("fails on a shipped module or function importing the testing package", () => {
    const root = tree({
      ...CLEAN,
      "modules/alerting/alerting.ts": 'import { t } from "../../testing/fixtures/synth";\nexport const x = t;\n',
      "functions/gateway/handler.ts": 'import { stub } from "../../testing/wire/http-stub";\nexport const h = stub;\n',
      "modules/shared/naming.ts": 'import { stub } from "../../testing/wire/http-stub";\nexport const n = stub;\n',
    });
    expect(checkLayering(root).violations).toEqual([
      "functions/gateway/handler.ts -> testing/wire/http-stub.ts: functions may not import testing",
      "modules/alerting/alerting.ts -> testing/fixtures/synth.ts: modules/<module> may not import testing",
      "modules/shared/naming.ts -> testing/wire/http-stub.ts: modules/shared may not import testing",
    ]);
  });

  it("fails on a business-line file reaching past the configuration engine, and on the engine importing a stack", () => {
    const root = tree({
      ...CLEAN,
      "config/define.ts": 'import { s } from "../stacks/stack";\nexport const defineEnvironment = s;\n',
      "environments/cards/prod.ts":
        'import { defineEnvironment } from "../../config/define";\nimport { x } from "../../modules/alerting/alerting";\nexport default [defineEnvironment, x];\n',
    });
    expect(checkLayering(root).violations).toEqual([
      "config/define.ts -> stacks/stack.ts: config may not import stacks",
      "environments/cards/prod.ts -> modules/alerting/alerting.ts: environments may not import modules/<module>",
    ]);
  });

  it("fails on a cycle inside one layer", () => {
    const root = tree({
      ...CLEAN,
      "modules/alerting/a.ts": 'import { b } from "./b";\nexport const a = b;\n',
      "modules/alerting/b.ts": 'import { a } from "./a";\nexport const b = a;\n',
    });
    const report = checkLayering(root);
    expect(report.violations).toEqual([]);
    expect(report.cycles).toEqual([["modules/alerting/a.ts", "modules/alerting/b.ts", "modules/alerting/a.ts"]]);
  });
});
