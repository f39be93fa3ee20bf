/**
 * `npm run docs:adr [-- --write]`: the generated parts of docs/adr/0001-quality-slo.md from the
 * configuration itself: the quality SLO thresholds per environment and request type, the
 * calibration floors, and the calibration figures of each judge pair in use. `--write` replaces
 * them between their markers in the ADR; a test keeps the ADR equal to this output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { CalibrationRecord } from "../contracts/calibration-record";
import { judgePairId } from "../contracts/judge-pair";
import { type CommandSpec, runAsMain } from "./cli/command-line";
import { replaceMarkedBlock } from "./docs/marked-block";
import { loadEnvironments } from "../config/discover";
import type { ResolvedEnvironment } from "../config/resolved";
import { renderCalibrationTable } from "../functions/judge-calibration/report";
import { findPassingRecord, judgeErrorFor, judgeErrorSettings, readCalibrationRecords } from "../modules/evaluation-layer";

const ROOT = path.resolve(__dirname, "..");
export const ADR_FILE = path.join(ROOT, "docs", "adr", "0001-quality-slo.md");
/** Objective of the quality SLOs when an environment sets none (`modules/alerting` default). */
const DEFAULT_QUALITY_OBJECTIVE = 0.95;

const pct = (share: number) => `${Math.round(share * 10_000) / 100}%`;
/** A judge pair in a table cell: its `|` escaped, as GitHub tables need even inside code. */
const cell = (pair: string) => `\`${pair.replace(/\|/g, "\\|")}\``;

/**
 * One row per environment and request type the gateway accepts: each has a quality SLO, at its
 * `alerting.qualityThresholds` entry or else `defaultQualityThreshold` (the gateway refuses the others).
 */
export function thresholdTable(environments: readonly ResolvedEnvironment[], root = ROOT): string {
  const rows = environments.flatMap((env) => {
    const pair = judgePairId({ judgeModelId: env.evaluation.judgeModelId, rubricVersion: env.evaluation.judgeRubricVersion });
    const objective = pct(env.alerting.sloObjectives.quality ?? DEFAULT_QUALITY_OBJECTIVE);
    const record = passingRecord(env, root);
    const judgeError = record ? judgeErrorSettings(record, env.alerting.qualityThresholds, env.alerting.defaultQualityThreshold) : undefined;
    return env.gateway.requestTypes.map((requestType) => {
      const own = env.alerting.qualityThresholds[requestType];
      const threshold = own === undefined ? `${env.alerting.defaultQualityThreshold} (default)` : `${own}`;
      const asked = env.alerting.qualitySliReadings[requestType] ?? env.alerting.qualitySliReadings.default ?? "corrected";
      const error = judgeError ? judgeErrorFor(judgeError, requestType) : undefined;
      const reading =
        asked === "raw"
          ? "raw"
          : error?.correction
            ? `${asked} (Se ${error.correction.sensitivity.toFixed(2)}, Sp ${error.correction.specificity.toFixed(2)})`
            : `raw: calibration insufficient for ${asked}`;
      return `| ${env.id} | ${requestType} | ${threshold} | ${objective} | ${cell(pair)} | ${reading} |`;
    });
  });
  return [
    "| environment | request_type | threshold (judge score, 0-1) | objective (30 days) | judge pair the SLO reads | SLI read (alerting.qualitySliReadings) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

/** The floors and ceilings each environment's calibration is held to, and its golden set. */
export function floorsTable(environments: readonly ResolvedEnvironment[]): string {
  const rows = environments.map((env) => {
    const t = env.evaluation.calibration.thresholds;
    return `| ${env.id} | ${t.kappaFloor} | ${t.lengthCorrelationCeiling} | ${t.paddingGapCeiling} | ${t.refusalPrecisionFloor} | ${t.refusalRecallFloor} | \`${env.evaluation.calibration.goldenSet}\` | \`${env.evaluation.calibration.schedule}\` |`;
  });
  return [
    "| environment | kappa floor (each 1-5 dimension) | length-error correlation ceiling | padding gap ceiling (points) | refusal precision floor | refusal recall floor | golden set | calibration schedule |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

/** The passing record synth accepts for the environment's judge pair. */
function passingRecord(env: ResolvedEnvironment, root: string): CalibrationRecord | undefined {
  const pair = { judgeModelId: env.evaluation.judgeModelId, rubricVersion: env.evaluation.judgeRubricVersion };
  return findPassingRecord({
    pair,
    records: readCalibrationRecords(path.resolve(root, env.evaluation.calibration.recordsDir)),
    thresholds: env.evaluation.calibration.thresholds,
  }).verdict?.record;
}

/** The passing record synth accepts for each judge pair in use, as the calibration CLI prints it. */
export function figuresBlock(environments: readonly ResolvedEnvironment[], root = ROOT): string {
  const shown = new Map<string, CalibrationRecord>();
  for (const env of environments) {
    const record = passingRecord(env, root);
    if (record) shown.set(record.judgePair, record);
  }
  return [...shown.values()]
    .map((record) => `Record of ${record.calibratedAt} (${record.judgeService}):\n\n\`\`\`\n${renderCalibrationTable(record)}\n\`\`\`\n`)
    .join("\n");
}

export const ADR_BLOCKS = { thresholds: thresholdTable, floors: floorsTable, figures: figuresBlock } as const;

/** Every environment of this repository, as synth resolves them. */
export function repositoryEnvironments(): ResolvedEnvironment[] {
  return loadEnvironments(path.join(ROOT, "environments"), ROOT);
}

/** The ADR's text with every generated block replaced. */
export function renderAdr(text: string, environments: readonly ResolvedEnvironment[]): string {
  let out = text;
  for (const [name, render] of Object.entries(ADR_BLOCKS)) {
    out = replaceMarkedBlock(out, "adr", name, render(environments), ADR_FILE);
  }
  return out;
}

export const ADR_TABLES_COMMAND = {
  name: "npm run docs:adr --",
  summary: "prints the generated tables of docs/adr/0001-quality-slo.md from the configuration itself",
  options: {
    write: { type: "boolean", help: "replace the tables between their markers in the ADR instead of printing them" },
    environments: { type: "boolean", help: "print the resolved environments as JSON (what the ADR test reads)" },
  },
} as const satisfies CommandSpec;

if (require.main === module) {
  runAsMain(ADR_TABLES_COMMAND, ({ values }) => {
    const environments = repositoryEnvironments();
    if (values.environments) {
      process.stdout.write(JSON.stringify(environments));
    } else if (values.write) {
      fs.writeFileSync(ADR_FILE, renderAdr(fs.readFileSync(ADR_FILE, "utf8"), environments));
      console.log(`updated ${path.relative(process.cwd(), ADR_FILE)}`);
    } else {
      for (const [name, render] of Object.entries(ADR_BLOCKS)) console.log(`<!-- adr:${name} -->\n${render(environments)}`);
    }
    return 0;
  });
}
