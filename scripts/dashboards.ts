/**
 * Writes each environment's dashboard JSON to a folder, for teams that import dashboards by hand
 * (Grafana: Dashboards > New > Import). The files are taken from the synthesized Grafana stacks, so
 * they are exactly what `cdktf deploy` would put in the workspace, with the data source left as an
 * import input (`${DS_CLOUDWATCH}`), and so is each value the stack reads from the AWS stack's state
 * (`${TF_OUTPUT_1}`, the API id: its description names the `terraform output` that gives it).
 *
 * Usage: npm run dashboards [-- --out <dir>]   (default cdktf.out/dashboards; LLMOBS_ENVIRONMENTS limits it)
 */
import { execSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exportableDashboard } from "../dashboards/exportable";
import { unescapeTerraformTemplate } from "../modules/shared";
import { type CommandSpec, runAsMain, UsageError } from "./cli/command-line";
import { projectRoot } from "./cli/project-root";

const ROOT = projectRoot();
/** Suffix of the Grafana stacks' ids. */
export const GRAFANA_STACK_SUFFIX = "-grafana";

/** Writes `<outDir>/<env-id>/<dashboard-uid>.json` for every dashboard of every Grafana stack under `stacksDir`. Returns the files. */
export function exportDashboards(stacksDir: string, outDir: string): string[] {
  const written: string[] = [];
  for (const stack of fs
    .readdirSync(stacksDir)
    .filter((s) => s.endsWith(GRAFANA_STACK_SUFFIX))
    .sort()) {
    const json = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8")) as {
      resource?: Record<string, Record<string, Record<string, unknown>>>;
    };
    const dataSources = Object.values(json.resource?.grafana_data_source ?? {});
    const dashboards = Object.values(json.resource?.grafana_dashboard ?? {});
    const awsStack = stack.slice(0, -GRAFANA_STACK_SUFFIX.length);
    const folder = path.join(outDir, awsStack);
    fs.mkdirSync(folder, { recursive: true });
    for (const dashboard of dashboards) {
      const { text, inputs } = remoteStateInputs(dashboard.config_json as string, awsStack);
      // What Grafana receives: the config_json string after Terraform undid its template escapes.
      let model = JSON.parse(unescapeTerraformTemplate(text)) as Record<string, unknown>;
      const cloudwatch = dataSources.find((ds) => ds.type === "cloudwatch");
      const promql = dataSources.find((ds) => ds.type !== "cloudwatch");
      if (cloudwatch) model = exportableDashboard(model as never, cloudwatch.uid as string, promql?.uid as string | undefined);
      model.__inputs = [...((model.__inputs as unknown[] | undefined) ?? []), ...inputs];
      const file = path.join(folder, `${String(model.uid)}.json`);
      fs.writeFileSync(file, `${JSON.stringify(model, null, 2)}\n`);
      written.push(file);
    }
  }
  return written;
}

/** A value Terraform reads from another stack's state at deploy, e.g. the API id of the throttle panels. */
const REMOTE_STATE_OUTPUT = /(?<!\$)\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.([\w-]+)\}/g;

/**
 * The values the dashboard takes from the AWS stack's state become constant import inputs: Grafana
 * asks for each one at import, and its description names the `terraform output` that gives it.
 */
function remoteStateInputs(configJson: string, awsStack: string): { text: string; inputs: Record<string, string>[] } {
  const inputNames = new Map<string, string>();
  const text = configJson.replace(REMOTE_STATE_OUTPUT, (_, output: string) => {
    if (!inputNames.has(output)) inputNames.set(output, `TF_OUTPUT_${inputNames.size + 1}`);
    return `\${${inputNames.get(output)}}`;
  });
  const inputs = [...inputNames].map(([output, name]) => ({
    name,
    type: "constant",
    label: `Output ${output} of ${awsStack}`,
    value: "",
    description: `terraform -chdir=cdktf.out/stacks/${awsStack} output -raw ${output}`,
  }));
  return { text, inputs };
}

export const DASHBOARDS_COMMAND = {
  name: "npm run dashboards --",
  summary: "writes each environment's dashboard JSON, with its import inputs, for import into a Grafana by hand",
  options: { out: { type: "string", value: "<dir>", help: "where the files go (default cdktf.out/dashboards)" } },
} as const satisfies CommandSpec;

/** The `app` command of the project's cdktf.json: how the app synthesizes. */
function appCommand(): string {
  const file = path.join(ROOT, "cdktf.json");
  if (!fs.existsSync(file)) throw new UsageError(`no cdktf.json in ${ROOT}: run the command in the app's folder`);
  const app = (JSON.parse(fs.readFileSync(file, "utf8")) as { app?: unknown }).app;
  if (typeof app !== "string" || app.trim() === "") throw new UsageError(`${file} has no "app" command`);
  return app;
}

function main(out: string | undefined): number {
  const outDir = path.resolve(out ?? path.join(ROOT, "cdktf.out", "dashboards"));
  const synthDir = fs.mkdtempSync(path.join(os.tmpdir(), "llmobs-dashboards-"));
  try {
    // The app's own synth command, as `cdktf synth` runs it, into a scratch folder.
    execSync(appCommand(), { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, CDKTF_OUTDIR: synthDir } });
    const files = exportDashboards(path.join(synthDir, "stacks"), outDir);
    for (const file of files) console.log(path.relative(process.cwd(), file));
    if (files.length === 0) {
      console.error('no Grafana stack found: grafana.mode is "cloudwatch" (the default) in every environment');
      return 1;
    }
    return 0;
  } finally {
    fs.rmSync(synthDir, { recursive: true, force: true });
  }
}

if (require.main === module) runAsMain(DASHBOARDS_COMMAND, ({ values }) => main(values.out));
