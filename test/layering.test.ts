import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { checkLayering } from "../scripts/layering";
import { sourceTrees } from "../testing/fixtures/source-tree";

const ROOT = path.resolve(__dirname, "..");
const tree = sourceTrees("layering-");

/** A file that imports `name` from `specifier` and exports it on. */
const importing = (specifier: string, name: string): string => `import { ${name} } from "${specifier}";\nexport const z = ${name};\n`;

const CLEAN = {
  "contracts/metric-catalogue.ts": "export const A = 1;\n",
  "functions/gateway/handler.ts": 'import { A } from "../../contracts/metric-catalogue";\nexport const h = A;\n',
  "modules/shared/naming.ts": 'import { A } from "../../contracts/metric-catalogue";\nexport const n = A;\n',
  "modules/shared/index.ts": 'export { n } from "./naming";\n',
  "modules/alerting/alerting.ts": 'import { n } from "../shared/naming";\nexport const x = n;\n',
  "modules/alerting/index.ts": 'export { x } from "./alerting";\n',
  "modules/evaluation-layer/evaluation-layer.ts": 'import { n } from "../shared/naming";\nexport const y = n;\n',
  "stacks/stack.ts": 'import { x } from "../modules/alerting";\nexport const s = x;\n',
  "testing/wire/http-stub.ts": 'import { A } from "../../contracts/metric-catalogue";\nexport const stub = A;\n',
  "testing/fixtures/synth.ts": 'import { n } from "../../modules/shared";\nimport { x } from "../../modules/alerting";\nexport const t = [n, x];\n',
  "modules/alerting/test/alerting.test.ts": 'import { t } from "../../../testing/fixtures/synth";\nexport const u = t;\n',
  "config/define.ts": 'import { n } from "../modules/shared";\nexport const defineEnvironment = n;\n',
  "environments/cards/prod.ts": 'import { defineEnvironment } from "../../config/define";\nexport default defineEnvironment;\n',
  "scripts/cli/command-line.ts": "export const parse = 1;\n",
  "demo/main.ts": 'import { parse } from "../scripts/cli/command-line";\nexport const m = parse;\n',
  "demo/workload/catalog.ts":
    'import { x } from "../../modules/alerting";\nimport { stub } from "../../testing/wire/http-stub";\nexport const c = [x, stub];\n',
  "scripts/cost/estimate.ts":
    'import { c } from "../../demo/workload/catalog";\nimport { parse } from "../cli/command-line";\nimport { s } from "../../stacks/stack";\nexport const e = [c, parse, s];\n',
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
    expect(checkLayering(tree(CLEAN))).toMatchObject({ violations: [], cycles: [], filesChecked: 16 });
  });

  /** One rule, a planted violation of it, and what the check must say. */
  interface PlantedViolation {
    readonly rule: string;
    readonly planted: Readonly<Record<string, string>>;
    readonly violations: readonly string[];
  }

  const PLANTED: readonly PlantedViolation[] = [
    {
      rule: "a function may not import a module",
      planted: { "functions/gateway/handler.ts": importing("../../modules/shared/naming", "n") },
      violations: ["functions/gateway/handler.ts -> modules/shared/naming.ts: functions may not import modules/shared"],
    },
    {
      rule: "the shared glue may not import a module, and one module may not import another",
      planted: {
        "modules/shared/naming.ts": importing("../alerting/alerting", "x"),
        "modules/evaluation-layer/evaluation-layer.ts": importing("../alerting/alerting", "x"),
      },
      violations: [
        "modules/evaluation-layer/evaluation-layer.ts -> modules/alerting/alerting.ts: a module imports another module (modules meet only through props)",
        "modules/shared/naming.ts -> modules/alerting/alerting.ts: modules/shared may not import modules/<module>",
      ],
    },
    {
      rule: "dashboards read the catalogue in contracts, never the functions",
      planted: { "dashboards/unified-dashboard.ts": importing("../functions/gateway/handler", "h") },
      violations: ["dashboards/unified-dashboard.ts -> functions/gateway/handler.ts: dashboards may not import functions"],
    },
    {
      rule: "nothing that ships imports the testing package",
      planted: {
        "modules/alerting/alerting.ts": importing("../../testing/fixtures/synth", "t"),
        "functions/gateway/handler.ts": importing("../../testing/wire/http-stub", "stub"),
        "modules/shared/naming.ts": importing("../../testing/wire/http-stub", "stub"),
        "config/define.ts": importing("../testing/wire/http-stub", "stub"),
        "stacks/stack.ts": importing("../testing/fixtures/synth", "t"),
        "environments/cards/prod.ts": importing("../../testing/fixtures/synth", "t"),
        "main.ts": importing("./testing/fixtures/synth", "t"),
      },
      violations: [
        "config/define.ts -> testing/wire/http-stub.ts: config may not import testing",
        "environments/cards/prod.ts -> testing/fixtures/synth.ts: environments may not import testing",
        "functions/gateway/handler.ts -> testing/wire/http-stub.ts: functions may not import testing",
        "main.ts -> testing/fixtures/synth.ts: app may not import testing",
        "modules/alerting/alerting.ts -> testing/fixtures/synth.ts: modules/<module> may not import testing",
        "modules/shared/naming.ts -> testing/wire/http-stub.ts: modules/shared may not import testing",
        "stacks/stack.ts -> testing/fixtures/synth.ts: stacks may not import testing",
      ],
    },
    {
      rule: "a business-line file imports the configuration engine only, and the engine never a stack",
      planted: {
        "config/define.ts": importing("../stacks/stack", "s"),
        "environments/cards/prod.ts": importing("../../modules/alerting/alerting", "x"),
        "environments/cards/business-line.ts": importing("../../contracts/metric-catalogue", "A"),
      },
      violations: [
        "config/define.ts -> stacks/stack.ts: config may not import stacks",
        "environments/cards/business-line.ts -> contracts/metric-catalogue.ts: environments may not import contracts",
        "environments/cards/prod.ts -> modules/alerting/alerting.ts: environments may not import modules/<module>",
      ],
    },
    {
      rule: "code outside modules/ reaches a module through its index, the demo and the scripts included",
      planted: {
        "stacks/stack.ts": importing("../modules/alerting/alerting", "x"),
        "stacks/other.ts": importing("../modules/alerting", "x"),
        "demo/phases.ts": importing("../modules/shared/naming", "n"),
        "scripts/slo-table.ts": importing("../modules/alerting/alerting", "x"),
        "scripts/cost/estimate.ts": importing("../../modules/alerting", "x"),
      },
      violations: [
        "demo/phases.ts -> modules/shared/naming.ts: import a module through its index (modules/shared/index.ts), not its internals",
        "scripts/slo-table.ts -> modules/alerting/alerting.ts: import a module through its index (modules/alerting/index.ts), not its internals",
        "stacks/stack.ts -> modules/alerting/alerting.ts: import a module through its index (modules/alerting/index.ts), not its internals",
      ],
    },
    {
      rule: "nothing that ships imports the demo or the scripts, and the command-line helpers import neither",
      planted: {
        "config/define.ts": importing("../scripts/cost/estimate", "e"),
        "modules/alerting/alerting.ts": importing("../../demo/workload/catalog", "c"),
        "testing/fixtures/synth.ts": importing("../../demo/workload/catalog", "c"),
        "scripts/cli/command-line.ts": importing("../cost/estimate", "e"),
      },
      violations: [
        "config/define.ts -> scripts/cost/estimate.ts: config may not import scripts",
        "modules/alerting/alerting.ts -> demo/workload/catalog.ts: modules/<module> may not import demo",
        "scripts/cli/command-line.ts -> scripts/cost/estimate.ts: scripts/cli may not import scripts",
        "testing/fixtures/synth.ts -> demo/workload/catalog.ts: testing may not import demo",
      ],
    },
  ];

  it.each(PLANTED)("fails when $rule", ({ planted, violations }) => {
    expect(checkLayering(tree({ ...CLEAN, ...planted })).violations).toEqual(violations);
  });

  it("fails on contracts importing either side, which is also a cycle", () => {
    const report = checkLayering(tree({ ...CLEAN, "contracts/metric-catalogue.ts": importing("../functions/gateway/handler", "h") }));
    expect(report.violations).toEqual(["contracts/metric-catalogue.ts -> functions/gateway/handler.ts: contracts may not import functions"]);
    expect(report.cycles).toEqual([["contracts/metric-catalogue.ts", "functions/gateway/handler.ts", "contracts/metric-catalogue.ts"]]);
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
