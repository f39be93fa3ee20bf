/**
 * The examples as another team runs them: the package packed into a tarball, the tarball installed
 * into a copy of each example beside that team's own cdktf, then type-checked and synthesized. No
 * network: the example's dependencies are this repository's installed copies, linked in.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const PACKAGE = "llm-observability-platform";
let work: string;
let tarball: string;

interface PackageJson {
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/** Links `name` from this repository's node_modules into `modules`, as npm would have installed it. */
function link(modules: string, name: string): void {
  const target = path.join(ROOT, "node_modules", name);
  if (!fs.existsSync(target)) throw new Error(`${name} is not installed in this repository`);
  fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
  fs.symlinkSync(target, path.join(modules, name), "dir");
}

/**
 * A copy of `examples/<name>` with the tarball unpacked as its dependency, the package's own
 * dependencies and the example's other dependencies linked in: nothing the package does not declare.
 */
function install(name: string, options: { secondCdktfCopy?: boolean } = {}): string {
  const app = path.join(work, name);
  fs.cpSync(path.join(ROOT, "examples", name), app, { recursive: true });
  const modules = path.join(app, "node_modules");
  fs.mkdirSync(modules);
  execFileSync("tar", ["-xzf", tarball, "-C", modules]);
  const installed = path.join(modules, PACKAGE);
  fs.renameSync(path.join(modules, "package"), installed);
  const own = readJson<PackageJson>(path.join(installed, "package.json"));
  const example = readJson<PackageJson>(path.join(app, "package.json"));
  const wanted = new Set([...Object.keys(own.dependencies ?? {}), ...Object.keys(example.dependencies ?? {}), ...Object.keys(example.devDependencies ?? {})]);
  wanted.delete(PACKAGE);
  for (const dependency of wanted) link(modules, dependency);
  if (options.secondCdktfCopy) {
    // What npm does when versions do not dedupe: the package gets a cdktf of its own.
    fs.cpSync(fs.realpathSync(path.join(ROOT, "node_modules", "cdktf")), path.join(installed, "node_modules", "cdktf"), { recursive: true });
  }
  return app;
}

function typecheckAndBuild(app: string, project = "tsconfig.json"): void {
  const result = spawnSync(process.execPath, [TSC, "-p", path.join(app, project)], { cwd: app, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`tsc -p ${project} failed in ${path.basename(app)}:\n${result.stdout}${result.stderr}`);
}

/** Runs the built app from another directory (nothing may depend on the current one). */
function synth(app: string, main = "main.js"): { status: number | null; output: string; outdir: string } {
  const outdir = path.join(app, "cdktf.out");
  const result = spawnSync(process.execPath, [path.join(app, "dist", main)], {
    cwd: os.tmpdir(),
    encoding: "utf8",
    env: { ...process.env, CDKTF_OUTDIR: outdir },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, outdir };
}

function stackJson(outdir: string, stack: string): { resource: Record<string, Record<string, Record<string, unknown>>> } {
  return readJson(path.join(outdir, "stacks", stack, "cdk.tf.json"));
}

/** A copy of the example's main.ts that adds a bare S3 bucket to `stack` before synth. */
function plantBareBucket(app: string): void {
  const source = fs.readFileSync(path.join(app, "main.ts"), "utf8");
  const planted = `import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\n${source.replace(
    "app.synth();",
    'new S3Bucket(stack, "planted-bare-bucket", { bucket: "planted-bare-bucket" });\napp.synth();',
  )}`;
  fs.writeFileSync(path.join(app, "planted.ts"), planted);
  const config = readJson<Record<string, unknown>>(path.join(app, "tsconfig.json"));
  fs.writeFileSync(path.join(app, "tsconfig.planted.json"), JSON.stringify({ ...config, include: ["planted.ts"] }));
  typecheckAndBuild(app, "tsconfig.planted.json");
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "llmobs-examples-"));
  // `npm pack` runs `prepack`, which is `npm run build`: the tarball holds what a publish would.
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
  tarball = path.join(work, packed);
}, 180_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  it("ships built JavaScript, types, prebuilt functions and runbooks, and no sources or tests", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    expect(files).toContain("package/dist/modules/evaluation-layer/index.js");
    expect(files).toContain("package/dist/modules/evaluation-layer/index.d.ts");
    expect(files).toContain("package/dist/functions/evaluator.zip");
    expect(files).toContain("package/runbooks/slo-quality.md");
    expect(files).toContain("package/runbooks/judge-calibration.md");
    expect(files).toContain("package/dist/functions/judge-calibration.zip");
    expect(files).toContain("package/calibration/golden/example-set.jsonl");
    // Records are evidence of one organisation's judge: a consumer commits its own.
    expect(files.filter((f) => f.startsWith("package/calibration/records/"))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(files.filter((f) => /\/test\/|\.test\./.test(f))).toEqual([]);
    // The configuration engine ships (the package's `environments` subpath); this repository's business
    // lines and deployment settings do not.
    expect(files).toContain("package/dist/config/index.js");
    expect(files.filter((f) => f.startsWith("package/environments/") || f.includes("deployment-settings"))).toEqual([]);
  });
});

describe("examples/whole-platform: the whole platform for one environment of the team's own", () => {
  let app: string;
  beforeAll(() => {
    app = install("whole-platform");
    typecheckAndBuild(app);
  }, 120_000);

  it("type-checks against the package's declarations and synthesizes the environment's stack", () => {
    const { status, output, outdir } = synth(app);
    expect(output).toBe("");
    expect(status).toBe(0);
    const json = stackJson(outdir, "cards-staging");
    expect(Object.keys(json.resource.aws_sagemaker_endpoint ?? {})).toHaveLength(1);
    // Gateway, evaluator, publisher, judge calibration, and the PII canary's plant and check functions.
    expect(Object.keys(json.resource.aws_lambda_function ?? {})).toHaveLength(6);
    // The prebuilt zips deploy with the hash the same sources give in this repository: uploaded for
    // signing under that hash, and deployed from the signed object under the code signing config.
    const hashes = Object.values(json.resource.aws_s3_object!)
      .filter((object) => String(object.key).startsWith("unsigned/"))
      .map((object) => object.source_hash)
      .sort();
    for (const fn of Object.values(json.resource.aws_lambda_function!)) expect(fn.code_signing_config_arn).toMatch(/aws_lambda_code_signing_config/);
    // The PII canary's two functions deploy one bundle.
    const prebuilt = ["evaluator", "gateway", "judge-calibration", "pii-canary", "pii-canary", "quality-publisher"]
      .map((name) => readJson<{ sha256: string }>(path.join(ROOT, "dist", "functions", `${name}.json`)).sha256)
      .sort();
    expect(hashes).toEqual(prebuilt);
  });

  it("runs the policy aspect: a planted bare bucket fails synth naming the rule and the construct", () => {
    plantBareBucket(app);
    const { status, output } = synth(app, "planted.js");
    expect(status).not.toBe(0);
    expect(output).toContain("[LLMOBS-S3-1] cards-staging/planted-bare-bucket");
  });
});

describe("examples/evaluation-for-existing-endpoint: evaluation and alerting added to an endpoint the team already runs", () => {
  let app: string;
  beforeAll(() => {
    app = install("evaluation-for-existing-endpoint", { secondCdktfCopy: true });
    typecheckAndBuild(app);
  }, 120_000);

  it("synthesizes with the package holding its own copy of cdktf", () => {
    expect(fs.existsSync(path.join(app, "node_modules", PACKAGE, "node_modules", "cdktf"))).toBe(true);
    const { status, output, outdir } = synth(app);
    expect(output).toBe("");
    expect(status).toBe(0);
    const json = stackJson(outdir, "fraud-detection-prod");
    expect(Object.keys(json.resource.aws_dynamodb_table ?? {})).toHaveLength(1);
    expect(Object.keys(json.resource.aws_cloudwatch_metric_alarm ?? {}).length).toBeGreaterThan(10);
    expect(json.resource.aws_sagemaker_endpoint).toBeUndefined();
    expect(Object.keys(json.resource.aws_scheduler_schedule ?? {})).toHaveLength(1);
  });

  it("still runs the policy aspect across the two copies of cdktf", () => {
    plantBareBucket(app);
    const { status, output } = synth(app, "planted.js");
    expect(status).not.toBe(0);
    expect(output).toContain("[LLMOBS-S3-1] fraud-detection-prod/planted-bare-bucket");
  });
});

describe("the library guide", () => {
  it("shows examples/evaluation-for-existing-endpoint/main.ts line for line in docs/guides/library.md", () => {
    const readme = fs.readFileSync(path.join(ROOT, "docs", "guides", "library.md"), "utf8");
    const block = /<!-- example:evaluation-for-existing-endpoint:start -->\n```ts\n([\s\S]*?)```\n<!-- example:evaluation-for-existing-endpoint:end -->/.exec(
      readme,
    );
    expect(block, "the library guide has the marked example block").not.toBeNull();
    expect(block![1]).toBe(fs.readFileSync(path.join(ROOT, "examples", "evaluation-for-existing-endpoint", "main.ts"), "utf8"));
  });
});

/**
 * A team that starts the way cdktf tells it to (`cdktf init --template=typescript`): the template's
 * own tsconfig (CommonJS, no `exports` resolution, main.js built beside main.ts), the package
 * installed from the tarball, and the library guide followed literally.
 */
describe("an app made from cdktf's own TypeScript template, following docs/guides/library.md", () => {
  const TEMPLATE = path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "templates", "typescript");
  const guide = fs.readFileSync(path.join(ROOT, "docs", "guides", "library.md"), "utf8");
  let app: string;

  /** The guide's calibration command, as written, run the way npx runs a package's bin. */
  const guideCommand = (name: string): string[] => {
    const line = new RegExp(`^npx ${name} (.*)$`, "m").exec(guide);
    if (!line) throw new Error(`docs/guides/library.md shows no \`npx ${name}\` command`);
    return line[1]!.split(" ");
  };
  const runBin = (name: string, args: readonly string[]) =>
    spawnSync(process.execPath, [path.join(app, "node_modules", PACKAGE, "dist", "bin", `${name}.js`), ...args], { cwd: app, encoding: "utf8" });
  const synthTemplateApp = () =>
    spawnSync(process.execPath, [path.join(app, "main.js")], {
      cwd: app,
      encoding: "utf8",
      env: { ...process.env, CDKTF_OUTDIR: path.join(app, "cdktf.out") },
    });

  beforeAll(() => {
    app = path.join(work, "from-template");
    fs.mkdirSync(app);
    for (const file of ["tsconfig.json", "package.json", "cdktf.json"]) {
      const text = fs
        .readFileSync(path.join(TEMPLATE, file), "utf8")
        .replace("{{ $base }}", "fraud-llm")
        .replace("{{projectId}}", "00000000-0000-4000-8000-000000000000")
        .replace("{{sendCrashReports}}", "false")
        .replace("{{futureFlags}}", "");
      fs.writeFileSync(path.join(app, file), text);
    }
    const code = /<!-- example:evaluation-for-existing-endpoint:start -->\n```ts\n([\s\S]*?)```/.exec(guide);
    if (!code) throw new Error("docs/guides/library.md has no example block");
    fs.writeFileSync(path.join(app, "main.ts"), code[1]!);
    const modules = path.join(app, "node_modules");
    fs.mkdirSync(modules);
    execFileSync("tar", ["-xzf", tarball, "-C", modules]);
    fs.renameSync(path.join(modules, "package"), path.join(modules, PACKAGE));
    const own = readJson<PackageJson>(path.join(modules, PACKAGE, "package.json"));
    // What the guide installs beside the package, and what `cdktf init` installs (@types/node, typescript).
    for (const name of [...Object.keys(own.dependencies ?? {}), "cdktf", "constructs", "@cdktf/provider-aws", "@types/node", "typescript"]) link(modules, name);
  }, 120_000);

  it("type-checks with the template's tsconfig: the subpath imports resolve under its CommonJS settings", () => {
    const result = spawnSync(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: app, encoding: "utf8" });
    expect(`${result.stdout}${result.stderr}`).toBe("");
    expect(result.status).toBe(0);
    expect(fs.existsSync(path.join(app, "main.js"))).toBe(true);
  });

  it("first refuses to synthesize without a calibration record, naming the folder it searched and the command that makes one", () => {
    const result = synthTemplateApp();
    expect(result.status).not.toBe(0);
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toContain(`no record of this pair was found in ${path.join(app, "calibration", "records")}`);
    expect(output).toContain("npx llmobs-calibrate --golden");
  });

  it("makes the record with the package's own command, then synthesizes, printing no unresolved token", () => {
    // The guide's command calibrates against Bedrock; offline, the guide's --stub switch stands in.
    const calibrate = runBin("llmobs-calibrate", [...guideCommand("llmobs-calibrate"), "--stub", "honest"]);
    expect(calibrate.status, calibrate.stderr).toBe(0);
    expect(fs.readdirSync(path.join(app, "calibration", "records"))).toHaveLength(1);
    const result = synthTemplateApp();
    const output = `${result.stdout}${result.stderr}`;
    expect(output).not.toContain("TfToken");
    expect(result.status).toBe(0);
    const json = stackJson(path.join(app, "cdktf.out"), "fraud-detection-prod");
    expect(Object.keys(json.resource.aws_dynamodb_table ?? {})).toHaveLength(1);
  });

  it("ships every command-line tool as a bin entry that answers --help", () => {
    const manifest = readJson<{ bin: Record<string, string> }>(path.join(app, "node_modules", PACKAGE, "package.json"));
    expect(Object.keys(manifest.bin).sort()).toEqual([
      "llmobs-calibrate",
      "llmobs-cost",
      "llmobs-dashboards",
      "llmobs-import-reviews",
      "llmobs-preflight",
      "llmobs-review-sample",
    ]);
    for (const name of Object.keys(manifest.bin)) {
      const help = runBin(name, ["--help"]);
      expect(help.status, name).toBe(0);
      expect(help.stdout, name).toContain(`usage: ${name}`);
    }
  });
});
