/**
 * The import graph of the shipped sources and the one direction it may point in (docs/guides/library.md,
 * "Layering"): contracts <- functions, contracts <- modules/shared <- modules/<module> <- config
 * <- stacks <- main.ts, config <- environments (business-line data), and contracts <- dashboards <- stacks.
 * Outside `modules/`, a module is imported through its index (or a package entry point) only. Test files are not shipped and are left out.
 * testing/ (stubs, local servers, the local Lambda runtime, the metric store) sits above every
 * shipped layer: it may import them, and none of them may import it, so `tsc -p tsconfig.build.json`
 * never follows an import into it and the package ships constructs only. The demo and the scripts sit
 * on top of everything: they use the testing package and the shipped layers, but reach a module
 * through its index like any other consumer, and nothing below imports them (the command-line
 * helpers of scripts/cli aside, which the demo's command shares).
 *
 * Usage: npx tsx scripts/layering.ts  (exits 1 and lists every wrong-way import and every cycle)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { isTestFile } from "./cli/source-files";

/** A layer: which files belong to it and which layers it may import. */
export interface Layer {
  readonly name: string;
  /** True when `file` (relative to the root, `/`-separated) belongs to this layer. */
  readonly contains: (file: string) => boolean;
  /** Layers this one may import, besides itself. */
  readonly mayImport: readonly string[];
}

export interface LayeringReport {
  /** `from -> to: why`, one per wrong-way import. */
  readonly violations: readonly string[];
  /** Each cycle as the files on it, first file repeated at the end. */
  readonly cycles: readonly (readonly string[])[];
  readonly filesChecked: number;
}

const moduleName = (file: string): string | undefined => /^modules\/([^/]+)\//.exec(file)?.[1];

/** Every layer the package ships or deploys: what the testing package, the demo and the scripts sit on. */
const EVERY_SHIPPED_LAYER = [
  "contracts",
  "functions",
  "modules/shared",
  "modules/<module>",
  "modules (package entry points)",
  "config",
  "environments",
  "dashboards",
  "stacks",
  "app",
];

/** The platform's layers. A module may import itself, the shared glue and the contracts only. */
export const PLATFORM_LAYERS: readonly Layer[] = [
  { name: "contracts", contains: (f) => f.startsWith("contracts/"), mayImport: [] },
  { name: "functions", contains: (f) => f.startsWith("functions/"), mayImport: ["contracts"] },
  { name: "modules/shared", contains: (f) => f.startsWith("modules/shared/"), mayImport: ["contracts"] },
  {
    name: "modules/<module>",
    contains: (f) => moduleName(f) !== undefined && !f.startsWith("modules/shared/"),
    mayImport: ["modules/shared", "contracts"],
  },
  { name: "modules (package entry points)", contains: (f) => /^modules\/[^/]+\.ts$/.test(f), mayImport: ["modules/<module>", "modules/shared", "contracts"] },
  { name: "config", contains: (f) => f.startsWith("config/"), mayImport: ["modules/<module>", "modules/shared", "contracts"] },
  /** Business-line folders are data: they import the typed helpers and deployment settings only. */
  { name: "environments", contains: (f) => f.startsWith("environments/"), mayImport: ["config"] },
  /** Dashboards as code read the metric catalogue, never the functions or the modules. */
  { name: "dashboards", contains: (f) => f.startsWith("dashboards/"), mayImport: ["contracts"] },
  {
    name: "stacks",
    contains: (f) => f.startsWith("stacks/"),
    mayImport: ["config", "modules (package entry points)", "modules/<module>", "modules/shared", "contracts", "dashboards"],
  },
  { name: "app", contains: (f) => f === "main.ts", mayImport: ["stacks", "config", "modules/shared"] },
  /** The simulation room: imported by tests, the demo and scripts, never by what ships. */
  {
    name: "testing",
    contains: (f) => f.startsWith("testing/"),
    mayImport: EVERY_SHIPPED_LAYER.filter((layer) => layer !== "app"),
  },
  /** The one command-line style (parseArgs, --help, exit 2) every command shares, the demo's included. */
  { name: "scripts/cli", contains: (f) => f.startsWith("scripts/cli/"), mayImport: [] },
  { name: "demo", contains: (f) => f.startsWith("demo/"), mayImport: [...EVERY_SHIPPED_LAYER, "testing", "scripts/cli"] },
  { name: "scripts", contains: (f) => f.startsWith("scripts/"), mayImport: [...EVERY_SHIPPED_LAYER, "testing", "scripts/cli", "demo"] },
];

/**
 * What code outside `modules/` may import of a module: its index, the package's entry points
 * (`modules/<name>.ts`) and the subpaths package.json exports. A module's other files are its own.
 */
export function isModuleEntryPoint(file: string): boolean {
  return /^modules\/[^/]+\/index\.ts$/.test(file) || /^modules\/[^/]+\.ts$/.test(file) || MODULE_SUBPATH_ENTRY_POINTS.includes(file);
}
const MODULE_SUBPATH_ENTRY_POINTS = ["modules/alerting/pagerduty.ts", "modules/shared/policy/index.ts"];

function sourceFiles(root: string, dir = ""): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (["node_modules", "dist", "cdktf.out", ".worktrees", ".git", "examples", "test"].includes(entry.name) && dir === "") continue;
    const relative = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...sourceFiles(root, relative));
    else if (relative.endsWith(".ts") && !relative.endsWith(".d.ts") && !isTestFile(relative)) files.push(relative);
  }
  return files;
}

/** Relative imports of one file, resolved to root-relative `.ts` paths. */
function importsOf(root: string, file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), "utf8"), true, true);
  const resolved: string[] = [];
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith(".")) continue;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName));
    const candidates = [`${base}.ts`, `${base}/index.ts`, base];
    const found = candidates.find((candidate) => fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile());
    if (found) resolved.push(found);
  }
  return resolved;
}

function layerOf(file: string, layers: readonly Layer[]): Layer | undefined {
  // The most specific layer wins: `modules/shared/...` before `modules/<module>`.
  return layers.find((layer) => layer.contains(file));
}

/** Every strongly connected component with more than one file, or a file importing itself. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    indices.set(file, index);
    lowLinks.set(file, index);
    index += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowLinks.set(file, Math.min(lowLinks.get(file)!, lowLinks.get(next)!));
      } else if (onStack.has(next)) {
        lowLinks.set(file, Math.min(lowLinks.get(file)!, indices.get(next)!));
      }
    }
    if (lowLinks.get(file) === indices.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push([...component.reverse(), component[0]!]);
    }
  };
  for (const file of graph.keys()) if (!indices.has(file)) visit(file);
  return cycles;
}

/** Checks the import graph of the sources under `root` against `layers`. */
export function checkLayering(root: string, layers: readonly Layer[] = PLATFORM_LAYERS): LayeringReport {
  const files = sourceFiles(root);
  const graph = new Map<string, string[]>();
  const violations: string[] = [];
  for (const file of files) {
    const imports = importsOf(root, file);
    graph.set(file, imports);
    const from = layerOf(file, layers);
    if (!from) continue;
    for (const target of imports) {
      const to = layerOf(target, layers);
      if (!to || (to === from && (from.name !== "modules/<module>" || moduleName(file) === moduleName(target)))) continue;
      if (to === from) violations.push(`${file} -> ${target}: a module imports another module (modules meet only through props)`);
      else if (!from.mayImport.includes(to.name)) violations.push(`${file} -> ${target}: ${from.name} may not import ${to.name}`);
      else if (!file.startsWith("modules/") && target.startsWith("modules/") && !isModuleEntryPoint(target)) {
        violations.push(`${file} -> ${target}: import a module through its index (${target.split("/").slice(0, 2).join("/")}/index.ts), not its internals`);
      }
    }
  }
  return { violations, cycles: findCycles(graph), filesChecked: files.length };
}

if (require.main === module) {
  const report = checkLayering(path.resolve(__dirname, ".."));
  for (const violation of report.violations) console.error(`wrong-way import: ${violation}`);
  for (const cycle of report.cycles) console.error(`import cycle: ${cycle.join(" -> ")}`);
  console.log(`${report.filesChecked} files, ${report.violations.length} wrong-way imports, ${report.cycles.length} cycles`);
  process.exitCode = report.violations.length + report.cycles.length > 0 ? 1 : 0;
}
