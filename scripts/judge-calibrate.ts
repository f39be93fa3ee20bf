/**
 * `npm run judge:calibrate -- --golden <file> [options]`: runs a golden-set calibration locally,
 * through the evaluator's masking and judge code, against Bedrock (the SDK's usual credentials and
 * region), a Bedrock Runtime endpoint you name, or an in-process stub with a simulated judge.
 * Prints the per-dimension table; exits 1 when the pair misses a floor or ceiling, 2 on bad input.
 *
 * Options: `npm run judge:calibrate -- --help` (CALIBRATE_COMMAND below).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { DEFAULT_CALIBRATION_THRESHOLDS, type CalibrationThresholds } from "../contracts/calibration-record";
import { DEFAULT_RUBRIC_VERSION, isKnownRubricVersion, judgePairSlug, RUBRIC_VERSIONS, type JudgePair } from "../contracts/judge-pair";
import { isVersionedModelId } from "../contracts/model-id";
import { BedrockJudge } from "../functions/evaluator/adapters/bedrock-judge";
import { RUBRICS } from "../functions/evaluator/judge/rubrics";
import { judgeServiceFrom } from "../functions/judge-calibration/config";
import { GoldenSetError, parseGoldenSet } from "../functions/judge-calibration/golden-set";
import { ConfigError } from "../functions/judge-calibration/errors";
import { parseVerdictThresholds } from "../functions/judge-calibration/config";
import { calibrate, type CalibrationResult } from "../functions/judge-calibration/tasks";
import { EVALUATOR_DEFAULTS } from "../modules/evaluation-layer";
import { BedrockStub } from "../testing/wire/bedrock-stub";
import { SIMULATED_JUDGE_MODES, simulatedJudge, type SimulatedJudgeMode } from "../testing/fixtures/golden-judge";
import { type CommandSpec, parseCommandLine, runAsMain, UsageError } from "./cli/command-line";
import { projectRoot } from "./cli/project-root";

const ROOT = projectRoot();
/** Where committed records live by default; synth reads this folder. */
export const RECORDS_DIR = path.join(ROOT, "calibration", "records");

export interface CalibrateCliOptions {
  readonly golden: string;
  readonly stub?: SimulatedJudgeMode;
  readonly endpoint?: string;
  readonly region: string;
  readonly pair: JudgePair;
  readonly piiLanguages: readonly string[];
  readonly thresholds: CalibrationThresholds;
  readonly verdictThresholds: readonly number[];
  readonly outDir: string;
  readonly writeRecord: boolean;
  /** Where `--write-record` puts the record: the folder the app reads its records from. */
  readonly recordsDir: string;
}

/** The default request types' thresholds and the default threshold (`config/` defaults): 0.75 and 0.9. */
const DEFAULT_VERDICT_THRESHOLDS = "0.75,0.9";

export const CALIBRATE_COMMAND = {
  name: "npm run judge:calibrate --",
  summary:
    "golden-set calibration of the judge through the evaluator's masking and judge code, against Bedrock, an endpoint you name, or a local stub; prints the per-dimension table",
  options: {
    golden: { type: "string", value: "<file>", help: "golden set (JSON lines), required" },
    stub: { type: "string", value: "<mode>", help: `simulated judge on a local Bedrock stub: ${SIMULATED_JUDGE_MODES.join(" | ")}` },
    endpoint: { type: "string", value: "<url>", help: "Bedrock Runtime endpoint (sets AWS_ENDPOINT_URL_BEDROCK_RUNTIME)" },
    region: { type: "string", value: "<region>", help: "Bedrock region (default AWS_REGION, else sa-east-1)" },
    "judge-model-id": { type: "string", value: "<id>", help: "judge model (default: the platform's default judge)" },
    "rubric-version": { type: "string", value: "<v>", help: "rubric version (default: the platform's default rubric)" },
    "pii-languages": { type: "string", value: "<codes>", help: "masking languages, as the evaluator's PII_LANGUAGES (default pt: local detectors only)" },
    "kappa-floor": { type: "string", value: "<n>", help: "floor on each 1-5 dimension's kappa (default 0.6); other bounds: defaults" },
    "verdict-thresholds": {
      type: "string",
      value: "<list>",
      help: "quality thresholds the judge's sensitivity and specificity for \"good\" are measured at (default 0.75,0.9: the default request types' and the default threshold)",
    },
    out: { type: "string", value: "<dir>", help: "where the reports and the record go (default cdktf.out/calibration)" },
    "write-record": { type: "boolean", help: "also write the record to <records>/<pair>.json (what synth reads)" },
    records: { type: "string", value: "<dir>", help: "the folder of the app's calibration records (default calibration/records)" },
  },
  notes: ["exit codes: 0 the pair passes, 1 it misses a floor or ceiling, 2 bad input"],
} as const satisfies CommandSpec;

/** The calibration's options from the command line; a UsageError names the flag and what it allows. */
export function parseArgs(argv: readonly string[]): CalibrateCliOptions {
  const parsed = parseCommandLine(CALIBRATE_COMMAND, argv);
  if (parsed === "help") throw new UsageError("--help is answered by the command, not here");
  const values = parsed.values;
  const golden = values.golden;
  if (!golden) throw new UsageError("--golden <file> is required");
  const stub = values.stub;
  if (stub !== undefined && !(SIMULATED_JUDGE_MODES as readonly string[]).includes(stub))
    throw new UsageError(`--stub must be one of ${SIMULATED_JUDGE_MODES.join(", ")}, got "${stub}"`);
  if (stub !== undefined && values.endpoint !== undefined) throw new UsageError("--stub and --endpoint exclude each other");
  const judgeModelId = values["judge-model-id"] ?? EVALUATOR_DEFAULTS.judgeModelId;
  if (!isVersionedModelId(judgeModelId)) throw new UsageError(`--judge-model-id must be versioned (ending in -vN:M), got "${judgeModelId}"`);
  const rubricVersion = values["rubric-version"] ?? DEFAULT_RUBRIC_VERSION;
  if (!isKnownRubricVersion(rubricVersion))
    throw new UsageError(`--rubric-version must be one of ${Object.keys(RUBRIC_VERSIONS).join(", ")}, got "${rubricVersion}"`);
  const floor = values["kappa-floor"];
  const kappaFloor = floor === undefined ? DEFAULT_CALIBRATION_THRESHOLDS.kappaFloor : Number(floor);
  if (!(Number.isFinite(kappaFloor) && kappaFloor > -1 && kappaFloor <= 1))
    throw new UsageError(`--kappa-floor must be a kappa above -1 and at most 1, got "${floor}"`);
  let verdictThresholds: number[];
  try {
    verdictThresholds = parseVerdictThresholds(values["verdict-thresholds"] ?? DEFAULT_VERDICT_THRESHOLDS);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--verdict-thresholds: ${error.message.replace(/^environment variable VERDICT_THRESHOLDS /, "")}`);
    throw error;
  }
  return {
    golden,
    verdictThresholds,
    ...(stub ? { stub: stub as SimulatedJudgeMode } : {}),
    ...(values.endpoint !== undefined ? { endpoint: values.endpoint } : {}),
    region: values.region ?? process.env.AWS_REGION ?? "sa-east-1",
    pair: { judgeModelId, rubricVersion },
    piiLanguages: (values["pii-languages"] ?? "pt").split(",").map((code) => code.trim().toLowerCase()),
    thresholds: { ...DEFAULT_CALIBRATION_THRESHOLDS, kappaFloor },
    outDir: path.resolve(values.out ?? path.join(ROOT, "cdktf.out", "calibration")),
    writeRecord: values["write-record"] === true,
    recordsDir: path.resolve(values.records ?? RECORDS_DIR),
  };
}

export interface CliRun {
  readonly result: CalibrationResult;
  readonly files: readonly string[];
  readonly exitCode: 0 | 1;
}

/** Runs one calibration as the CLI does and writes its files; the caller prints. */
export async function runCalibrateCli(options: CalibrateCliOptions): Promise<CliRun> {
  const text = fs.readFileSync(options.golden, "utf8");
  const parsed = parseGoldenSet(text);
  if (parsed.problems.length > 0) throw new GoldenSetError(path.relative(process.cwd(), options.golden) || options.golden, parsed.problems);
  let stub: BedrockStub | undefined;
  const previous = process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
  try {
    if (options.stub) {
      stub = await new BedrockStub().start();
      const reply = await simulatedJudge(parsed.items, options.stub, options.piiLanguages);
      stub.reply = (call) => reply(call);
      process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = stub.url;
      // The stub checks no signature; the SDK still wants credentials to sign with.
      process.env.AWS_ACCESS_KEY_ID ??= "local-stub";
      process.env.AWS_SECRET_ACCESS_KEY ??= "local-stub";
    } else if (options.endpoint) {
      process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = options.endpoint;
    }
    const client = new BedrockRuntimeClient({ region: options.region, retryMode: "adaptive", maxAttempts: 6 });
    const judge = new BedrockJudge(client, { modelId: options.pair.judgeModelId, rubric: RUBRICS[options.pair.rubricVersion as keyof typeof RUBRICS] });
    const name = path.relative(ROOT, path.resolve(options.golden)).split(path.sep).join("/");
    const result = await calibrate(text, options.pair, judge, {
      goldenSetName: name.startsWith("..") ? path.basename(options.golden) : name,
      piiLanguages: options.piiLanguages,
      thresholds: options.thresholds,
      verdictThresholds: options.verdictThresholds,
      judgeService: judgeServiceFrom({ ...process.env, AWS_REGION: options.region }),
      concurrency: 4,
      now: () => new Date(),
      reportKeys: () => ({ json: "report.json", markdown: "report.md" }),
    });
    client.destroy();
    const dir = path.join(options.outDir, judgePairSlug(options.pair));
    fs.mkdirSync(dir, { recursive: true });
    const files = [path.join(dir, "report.md"), path.join(dir, "report.json"), path.join(dir, "record.json")];
    fs.writeFileSync(files[0]!, result.markdown);
    fs.writeFileSync(files[1]!, result.json);
    fs.writeFileSync(files[2]!, `${JSON.stringify(result.record, null, 2)}\n`);
    if (options.writeRecord) {
      fs.mkdirSync(options.recordsDir, { recursive: true });
      const record = path.join(options.recordsDir, `${judgePairSlug(options.pair)}.json`);
      fs.writeFileSync(record, `${JSON.stringify(result.record, null, 2)}\n`);
      files.push(record);
    }
    return { result, files, exitCode: result.record.passed ? 0 : 1 };
  } finally {
    await stub?.stop();
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
    else process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = previous;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  try {
    const run = await runCalibrateCli(options);
    console.log(run.result.table);
    console.log("");
    for (const file of run.files) console.log(`wrote ${path.relative(process.cwd(), file)}`);
    return run.exitCode;
  } catch (error) {
    console.error(error instanceof GoldenSetError ? error.message : `judge:calibrate: ${(error as Error).name}: ${(error as Error).message}`);
    return 2;
  }
}

// The spec answers --help and usage errors; parseArgs re-reads the line for its own checks.
if (require.main === module) runAsMain(CALIBRATE_COMMAND, () => main(process.argv.slice(2)));
