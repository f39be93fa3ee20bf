/**
 * Generates the cdktf bindings of the Grafana provider from its pinned schema, with the machinery
 * `cdktf get` uses (@cdktf/provider-generator), and no network: `@cdktf/provider-grafana` is not
 * published, and the schema (the JSON of `terraform providers schema -json` with
 * `provider_versions`) is the provider's published interface.
 *
 *   schema:   modules/grafana/schema/grafana-provider-schema-<version>.json
 *   bindings: modules/grafana/generated/   (committed; never edit by hand)
 *
 * Usage: npm run get:grafana            regenerates the bindings
 *        npm run get:grafana -- --check exits 1 when the committed bindings differ from the schema's
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type CommandSpec, runAsMain } from "./cli/command-line";

const ROOT = path.resolve(__dirname, "..");
/** The pinned schema of grafana/grafana. */
export const GRAFANA_SCHEMA_FILE = path.join(ROOT, "modules", "grafana", "schema", "grafana-provider-schema-4.45.1.json");
/** Where the committed bindings live. */
export const GRAFANA_BINDINGS_DIR = path.join(ROOT, "modules", "grafana", "generated");
const FQPN = "registry.terraform.io/grafana/grafana";

interface ProviderSchemaFile {
  readonly provider_schemas?: Record<string, unknown>;
  readonly provider_versions?: Record<string, string>;
}

/** Provider version the schema pins (`provider_versions`). */
export function pinnedGrafanaVersion(schema: ProviderSchemaFile): string {
  const version = schema.provider_versions?.[FQPN];
  if (!version || !schema.provider_schemas?.[FQPN]) {
    throw new Error(`the schema holds no ${FQPN} provider with a provider_versions entry; regenerate it with terraform providers schema -json`);
  }
  return version;
}

/** Generates the bindings of `schemaFile` into `outDir` (replaced wholesale). Returns the version. */
export async function generateGrafanaBindings(schemaFile: string = GRAFANA_SCHEMA_FILE, outDir: string = GRAFANA_BINDINGS_DIR): Promise<string> {
  // @cdktf/commons reports errors to HashiCorp's checkpoint service unless told not to, and loads
  // it on import: set the switch first, then load the generator.
  process.env.CHECKPOINT_DISABLE ??= "1";
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { TerraformProviderGenerator } =
    require("@cdktf/provider-generator/lib/get/generator/provider-generator") as typeof import("@cdktf/provider-generator/lib/get/generator/provider-generator");
  const { ConstructsMakerProviderTarget, TerraformProviderConstraint, LANGUAGES } = require("@cdktf/commons") as typeof import("@cdktf/commons");
  const { CodeMaker } = require("codemaker") as typeof import("codemaker");
  /* eslint-enable @typescript-eslint/no-require-imports */

  const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8")) as ProviderSchemaFile;
  const version = pinnedGrafanaVersion(schema);
  const generator = new TerraformProviderGenerator(new CodeMaker(), schema as ConstructorParameters<typeof TerraformProviderGenerator>[1]);
  const target = new ConstructsMakerProviderTarget(new TerraformProviderConstraint({ name: "grafana", source: "grafana/grafana", version }), LANGUAGES[0]!);
  generator.generate(target);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "grafana-bindings-"));
  try {
    await generator.save(staging);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(outDir), { recursive: true });
    fs.cpSync(path.join(staging, "providers", "grafana"), outDir, { recursive: true });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return version;
}

/** Every file under `dir`, relative and `/`-separated, mapped to its content. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else files.set(child, fs.readFileSync(path.join(dir, child), "utf8"));
    }
  };
  walk("");
  return files;
}

/** Files that differ between two trees: missing, extra or changed, sorted. */
export function treeDifferences(expected: ReadonlyMap<string, string>, actual: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [file, content] of expected) {
    if (!actual.has(file)) out.push(`missing ${file}`);
    else if (actual.get(file) !== content) out.push(`changed ${file}`);
  }
  for (const file of actual.keys()) if (!expected.has(file)) out.push(`extra ${file}`);
  return out.sort();
}

/** Regenerates into a temporary folder and lists how the committed bindings differ from it. */
export async function checkGrafanaBindings(schemaFile: string = GRAFANA_SCHEMA_FILE, bindingsDir: string = GRAFANA_BINDINGS_DIR): Promise<string[]> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "grafana-bindings-check-"));
  try {
    await generateGrafanaBindings(schemaFile, path.join(scratch, "generated"));
    const committed = fs.existsSync(bindingsDir) ? readTree(bindingsDir) : new Map<string, string>();
    return treeDifferences(readTree(path.join(scratch, "generated")), committed);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export const GET_GRAFANA_COMMAND = {
  name: "npm run get:grafana --",
  summary: "regenerates the Grafana provider bindings from the pinned provider schema",
  options: { check: { type: "boolean", help: "only compare the committed bindings with a fresh generation (exit 1 on a difference)" } },
} as const satisfies CommandSpec;

async function main(check: boolean): Promise<number> {
  if (check) {
    const differences = await checkGrafanaBindings();
    for (const d of differences) console.error(d);
    console.log(differences.length === 0 ? "grafana bindings match the pinned schema" : `${differences.length} files differ: run npm run get:grafana`);
    return differences.length === 0 ? 0 : 1;
  }
  const version = await generateGrafanaBindings();
  console.log(`generated grafana/grafana ${version} bindings into ${path.relative(ROOT, GRAFANA_BINDINGS_DIR)}`);
  return 0;
}

if (require.main === module) runAsMain(GET_GRAFANA_COMMAND, ({ values }) => main(values.check === true));
