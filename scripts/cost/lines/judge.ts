/** The judge lines: Bedrock evaluations, shadow judging of a candidate pair, and calibration runs. */
import * as fs from "node:fs";
import * as path from "node:path";
import { EVALUATOR_ENV, EVALUATOR_VARIABLES } from "../../../contracts/evaluator-environment";
import { DEFAULT_RUBRIC_VERSION } from "../../../contracts/judge-pair";
import { packageRoot } from "../../../modules/shared";
import { type CostContext, type CostSheet, functionNamed, type Json, lambdaFunctions, memoryGb } from "../context";
import { judgeCostLines } from "../judge-tokens";
import { DAYS_PER_MONTH, PRICES } from "../prices";
import { judgeCall } from "../sample-texts";

/** Judge: requests x sampling share x tokens per evaluation x model price; notes the tokens of each rubric in play. */
export function addJudge(context: CostContext, sheet: CostSheet): void {
  const { env, profile } = context;
  const { judgedShare, evaluationsPerMonth, inputTokens, outputTokens, priceIn, priceOut, perEvaluation } = context.judge;
  const versions = [
    ...new Set([
      DEFAULT_RUBRIC_VERSION,
      env.evaluation.judgeRubricVersion,
      ...(env.evaluation.candidateJudge ? [env.evaluation.candidateJudge.rubricVersion] : []),
    ]),
  ];
  sheet.note(
    ...judgeCostLines(
      versions.map((v) => judgeCall(profile, v)),
      priceIn,
      priceOut,
    ).map((line) => `judge ${line}`),
  );
  sheet.add(
    "Bedrock judge",
    evaluationsPerMonth * perEvaluation,
    `${Math.round(evaluationsPerMonth).toLocaleString("en-US")} evaluations (${(judgedShare * 100).toFixed(1)} %: ${profile.flaggedShare * 100} % flagged + ${profile.lowConfidenceShare * 100} % low confidence + ${env.evaluation.sampleRate * 100} % of the rest) x (${inputTokens} input tokens x $${priceIn}/1k + ${outputTokens} output x $${priceOut}/1k) = $${(perEvaluation * 1000).toFixed(3)} per 1,000 evaluations (${env.evaluation.judgeModelId}, ${env.evaluation.judgeRubricVersion})`,
  );
  if (priceIn !== PRICES.haikuInput.usd || priceOut !== PRICES.haikuOutput.usd)
    sheet.note(
      `the environment prices its judge at $${priceIn}/$${priceOut} per 1,000 tokens; the price table's Claude 3 Haiku is $${PRICES.haikuInput.usd}/$${PRICES.haikuOutput.usd}`,
    );
}

/** Shadow judging of a candidate pair judges a share of the evaluations a second time. */
export function addShadowJudge(context: CostContext, sheet: CostSheet): void {
  const evaluatorVariables = (lambdaFunctions(context).find((f) => f.environment?.variables?.[EVALUATOR_ENV.scoresTableName])?.environment?.variables ??
    {}) as Record<string, string>;
  const candidatePair = evaluatorVariables[EVALUATOR_ENV.candidateJudgePair];
  if (!candidatePair) return;
  const { call, priceIn, priceOut, evaluationsPerMonth } = context.judge;
  const { shadowShare } = EVALUATOR_VARIABLES;
  const share = Number(evaluatorVariables[shadowShare.name] ?? shadowShare.default);
  const candidate = context.env.evaluation.candidateJudge;
  const candidateCall = candidate ? judgeCall(context.profile, candidate.rubricVersion) : call;
  const perShadow = (candidateCall.input / 1000) * priceIn + (candidateCall.output / 1000) * priceOut;
  sheet.add(
    "Shadow judge (candidate pair)",
    evaluationsPerMonth * share * perShadow,
    `${candidatePair} judges ${share * 100} % of the evaluations a second time at $${(perShadow * 1000).toFixed(3)} per 1,000 (its rubric's tokens at the current judge model's price; check the candidate model's own price)`,
  );
}

/** Non-empty lines of the golden set, 0 when the file is not there. */
function goldenSetSize(goldenSet: string): number {
  const goldenSetFile = path.resolve(packageRoot(), goldenSet);
  if (!fs.existsSync(goldenSetFile)) return 0;
  return fs
    .readFileSync(goldenSetFile, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "").length;
}

/** Calibration runs a month on the stack's schedule: a monthly cron or `rate(N days)`; once a month otherwise. */
function calibrationRunsPerMonth(schedule: string): number {
  if (/^cron\(\S+ \S+ \S+ \* /.test(schedule)) return 1;
  const everyDays = /^rate\((\d+) days?\)$/.exec(schedule);
  return everyDays ? DAYS_PER_MONTH / Number(everyDays[1]) : 1;
}

/** Judge calibration: the golden set judged on the stack's schedule (monthly by default). */
export function addCalibration(context: CostContext, sheet: CostSheet): void {
  const calibrationFn = functionNamed(context, "-judge-calibration");
  if (!calibrationFn) return;
  const { goldenSet } = context.env.evaluation.calibration;
  const { perEvaluation } = context.judge;
  const items = goldenSetSize(goldenSet);
  const schedule = String((Object.values((context.resources.aws_scheduler_schedule ?? {}) as Json)[0] as Json | undefined)?.schedule_expression ?? "");
  const runs = calibrationRunsPerMonth(schedule);
  sheet.add(
    "Judge calibration",
    runs * items * perEvaluation + runs * items * (context.profile.judgeLatencySeconds / 4) * memoryGb(calibrationFn) * PRICES.lambdaArmGbSecond.usd,
    `${items} golden-set pairs (${goldenSet}) judged ${runs === 1 ? "once a month" : `${runs.toFixed(1)} times a month`} (${schedule}) at $${(perEvaluation * 1000).toFixed(3)} per 1,000, plus the function's duration`,
  );
}
