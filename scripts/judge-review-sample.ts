/**
 * `npm run judge:review-sample -- <stack> --per-request-type N [--days 30] [--seed review] [--out file]`:
 * exports scored production records for human raters: N per request type, drawn by a seeded hash
 * (not by score), read back from their source objects, masked by the evaluator's own code (its PII
 * language), with the judge's scores left out. One JSON line each, in the golden-set format with an
 * empty rating to fill in; `npm run judge:import-reviews` takes the file back.
 *
 * The stack's table, region and masking language come from its synthesized JSON
 * (`cdktf.out/stacks/<stack>/cdk.tf.json`, or under CDKTF_OUTDIR): run `npm run synth` first.
 * AWS access is the SDK's usual (profile, role, AWS_ENDPOINT_URL_* for local servers).
 */
import { EVALUATOR_ENV, PII_LANGUAGES_VARIABLE } from "../contracts/evaluator-environment";
import * as fs from "node:fs";
import * as path from "node:path";
import { ComprehendClient } from "@aws-sdk/client-comprehend";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { masksWithComprehend } from "../contracts/pii-languages";
import { ComprehendPiiDetector } from "../functions/evaluator/adapters/comprehend-detector";
import { S3ObjectReader } from "../functions/evaluator/adapters/s3-object-reader";
import { maskJudgeInput } from "../functions/evaluator/judge-input";
import { readLines } from "../functions/evaluator/line-reader";
import { parseRecord } from "../functions/evaluator/record-parser";
import { chooseReviewSample, reviewLine, type ReviewableScore } from "../functions/judge-calibration/review";
import { type CommandSpec, parseCommandLine, runAsMain, UsageError } from "./cli/command-line";
import { projectRoot } from "./cli/project-root";

const ROOT = projectRoot();

export interface ReviewSampleOptions {
  readonly stack: string;
  readonly perRequestType: number;
  readonly days: number;
  readonly seed: string;
  readonly out: string;
  /** Folder of the synthesized stacks. @default CDKTF_OUTDIR or cdktf.out, then stacks/ */
  readonly stacksDir?: string;
  readonly now?: Date;
}

/** What the export needs from a synthesized stack. */
export interface StackFacts {
  readonly region: string;
  readonly scoresTableName: string;
  readonly piiLanguages: readonly string[];
  readonly endpointModelNames: Record<string, string>;
  /** The evaluator's configured use cases and request types (a record naming another is read as `unknown`). */
  readonly useCases: readonly string[];
  readonly requestTypes: readonly string[];
}

type Json = Record<string, any>;

function nameList(value: unknown): string[] {
  return String(value ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

/** Reads the scores table, region and the evaluator's masking settings from a synthesized stack. */
export function stackFacts(stacksDir: string, stack: string): StackFacts {
  const file = path.join(stacksDir, stack, "cdk.tf.json");
  if (!fs.existsSync(file)) throw new Error(`no synthesized stack ${stack} at ${file}; run npm run synth (LLMOBS_ENVIRONMENTS=<business-line>/<stage>) first`);
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as Json;
  const resolve = (value: string): string => {
    const match = /^\$\{(aws_[a-z0-9_]+)\.([^.]+)\.([a-z_]+)\}$/.exec(value);
    if (!match) return value;
    const resource = json.resource?.[match[1]!]?.[match[2]!];
    const literal = resource?.[match[3]!];
    if (typeof literal !== "string") throw new Error(`cannot resolve ${value} in ${file}`);
    return literal;
  };
  const output = json.output?.evaluation_scores_table_name?.value;
  if (typeof output !== "string") throw new Error(`${file} has no evaluation_scores_table_name output: is ${stack} an observability stack?`);
  const evaluator = Object.values((json.resource?.aws_lambda_function ?? {}) as Record<string, Json>).find((fn) =>
    String(fn.function_name).endsWith("-evaluator"),
  );
  if (!evaluator) throw new Error(`${file} has no evaluator function`);
  const env = evaluator.environment?.variables ?? {};
  const provider = Array.isArray(json.provider?.aws) ? json.provider.aws[0] : json.provider?.aws;
  return {
    region: String(provider?.region ?? "sa-east-1"),
    scoresTableName: resolve(output),
    piiLanguages: String(env[PII_LANGUAGES_VARIABLE.name] ?? env[PII_LANGUAGES_VARIABLE.formerName] ?? PII_LANGUAGES_VARIABLE.default)
      .split(",")
      .map((code) => code.trim()),
    endpointModelNames: JSON.parse(String(env[EVALUATOR_ENV.endpointModelNames] ?? "{}")) as Record<string, string>,
    useCases: nameList(env[EVALUATOR_ENV.useCases]),
    requestTypes: nameList(env[EVALUATOR_ENV.requestTypes]),
  };
}

export interface ReviewSampleResult {
  readonly file: string;
  readonly perRequestType: Readonly<Record<string, number>>;
  /** Chosen records whose source line could not be read back (object expired, line gone). */
  readonly unreadable: number;
}

export async function reviewSample(options: ReviewSampleOptions): Promise<ReviewSampleResult> {
  const stacksDir = options.stacksDir ?? path.join(path.resolve(ROOT, process.env.CDKTF_OUTDIR ?? "cdktf.out"), "stacks");
  const facts = stackFacts(stacksDir, options.stack);
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region: facts.region }));
  const s3 = new S3Client({ region: facts.region });
  const detector = facts.piiLanguages.some(masksWithComprehend) ? new ComprehendPiiDetector(new ComprehendClient({ region: facts.region })) : undefined;
  try {
    const scores: ReviewableScore[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamo.send(
        new ScanCommand({
          TableName: facts.scoresTableName,
          ProjectionExpression: "eventId, requestType, inferenceTime, sourceBucket, sourceKey, sourceLine",
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      scores.push(...((page.Items ?? []) as ReviewableScore[]));
      start = page.LastEvaluatedKey;
    } while (start);
    const now = options.now ?? new Date();
    const chosen = chooseReviewSample(scores, {
      perRequestType: options.perRequestType,
      since: new Date(now.getTime() - options.days * 86_400_000),
      seed: options.seed,
    });
    // One read per object: the lines wanted from it, by number.
    const byObject = new Map<string, ReviewableScore[]>();
    for (const score of [...chosen.values()].flat()) {
      const key = `${score.sourceBucket}\u0000${score.sourceKey}`;
      byObject.set(key, [...(byObject.get(key) ?? []), score]);
    }
    const reader = new S3ObjectReader(s3);
    const lines = new Map<string, string>();
    let unreadable = 0;
    for (const wanted of byObject.values()) {
      const { sourceBucket, sourceKey } = wanted[0]!;
      const byLine = new Map(wanted.map((score) => [score.sourceLine!, score]));
      try {
        const object = await reader.read({ bucket: sourceBucket!, key: sourceKey! });
        for await (const line of readLines(object.body)) {
          const score = byLine.get(line.lineNumber);
          if (!score || line.text === undefined) continue;
          const record = parseRecord(line.text, { key: sourceKey!, ...facts });
          // A line the evaluator skips (failed request, log continuation) was never scored: not reviewable.
          if ("skip" in record) continue;
          const masked = await maskJudgeInput(record, facts.piiLanguages, detector);
          lines.set(score.eventId, reviewLine(score, masked.input, facts.piiLanguages[0]!.split("-")[0]!));
          byLine.delete(line.lineNumber);
          if (byLine.size === 0) break;
        }
      } catch (error) {
        if ((error as Error).name === "MaskingError") throw error;
      }
      unreadable += [...byLine.values()].length;
    }
    const out: string[] = [];
    const perRequestType: Record<string, number> = {};
    for (const [requestType, list] of chosen) {
      for (const score of list) {
        const line = lines.get(score.eventId);
        if (!line) continue;
        out.push(line);
        perRequestType[requestType] = (perRequestType[requestType] ?? 0) + 1;
      }
    }
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, out.map((l) => `${l}\n`).join(""), { mode: 0o600 });
    return { file: options.out, perRequestType, unreadable };
  } finally {
    dynamo.destroy();
    s3.destroy();
  }
}

export const REVIEW_SAMPLE_COMMAND = {
  name: "npm run judge:review-sample --",
  summary: "exports masked production records per request type, judge scores hidden, as JSON lines for human raters",
  positionals: { usage: "<stack>", min: 1, max: 1 },
  options: {
    "per-request-type": { type: "string", value: "<n>", help: "records per request type, 1 to 1000 (required)" },
    days: { type: "string", value: "<d>", help: "how far back to sample, 1 to 180 days (default 30)" },
    seed: { type: "string", value: "<s>", help: "the sampling seed, for a repeatable export (default review)" },
    out: { type: "string", value: "<file>", help: "the export file (default cdktf.out/reviews/<stack>-<date>.jsonl)" },
  },
  notes: ["reads the stack's scores table and log buckets with the AWS SDK's usual credentials; exit codes: 0 written, 1 failed, 2 usage error"],
} as const satisfies CommandSpec;

/** The export's options from the command line; a UsageError names the flag and what it allows. */
export function parseReviewArgs(argv: readonly string[], now = new Date()): ReviewSampleOptions {
  const parsed = parseCommandLine(REVIEW_SAMPLE_COMMAND, argv);
  if (parsed === "help") throw new UsageError("--help is answered by the command, not here");
  const { values, positionals } = parsed;
  const stack = positionals[0]!;
  const perRequestType = Number(values["per-request-type"]);
  if (!(Number.isInteger(perRequestType) && perRequestType >= 1 && perRequestType <= 1000))
    throw new UsageError(`--per-request-type must be a whole number from 1 to 1000, got ${JSON.stringify(values["per-request-type"] ?? null)}`);
  const days = Number(values.days ?? 30);
  if (!(Number.isInteger(days) && days >= 1 && days <= 180)) throw new UsageError(`--days must be a whole number from 1 to 180, got ${values.days}`);
  return {
    stack,
    perRequestType,
    days,
    seed: values.seed ?? "review",
    out: path.resolve(values.out ?? path.join(ROOT, "cdktf.out", "reviews", `${stack}-${now.toISOString().slice(0, 10)}.jsonl`)),
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseReviewArgs(argv);
  try {
    const result = await reviewSample(options);
    for (const [requestType, count] of Object.entries(result.perRequestType)) console.log(`${requestType.padEnd(28)} ${count}`);
    if (result.unreadable > 0) console.log(`${result.unreadable} chosen record(s) could not be read back from their source object (expired or removed)`);
    console.log(`wrote ${path.relative(process.cwd(), result.file)}: masked text, no judge scores; share it with raters as confidential`);
    console.log(
      `raters fill in ratings (rater_id, factuality, completeness, tone_compliance, undue_refusal); then npm run judge:import-reviews -- ${path.relative(process.cwd(), result.file)}`,
    );
    return 0;
  } catch (error) {
    console.error(`judge:review-sample: ${(error as Error).message}`);
    return 1;
  }
}

// The spec answers --help and usage errors; parseReviewArgs re-reads the line for its own checks.
if (require.main === module) runAsMain(REVIEW_SAMPLE_COMMAND, () => main(process.argv.slice(2)));
