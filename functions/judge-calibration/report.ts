/** The calibration report: a fixed-width table for terminals and logs, and markdown for people. */
import { ORDINAL_DIMENSIONS, RUBRIC_DIMENSIONS, type CalibrationRecord, type DimensionAgreement } from "../../contracts/calibration-record";
import type { ShareFigure } from "../../contracts/judge-error";
import type { CalibrationFiguresDetail } from "./calibrate";

const num = (value: number | null, digits = 2) => (value === null ? "n/a" : value.toFixed(digits));
const signed = (value: number | null, digits = 2) => (value === null ? "n/a" : `${value >= 0 ? "+" : ""}${value.toFixed(digits)}`);
const interval = (d: DimensionAgreement) =>
  d.kappaInterval.low === null || d.kappaInterval.high === null ? "n/a" : `[${num(d.kappaInterval.low)}, ${num(d.kappaInterval.high)}]`;
const human = (d: DimensionAgreement) =>
  d.humanAgreement.items === 0 ? "n/a (no item with 2+ raters)" : `${num(d.humanAgreement.kappa)} (${d.humanAgreement.items} items)`;

const COLUMNS = ["dimension", "items", "exact", "within-1", "kappa", "kappa 95% CI", "spearman", "judge-human", "human kappa (ceiling)"] as const;

function rows(record: CalibrationRecord): string[][] {
  return RUBRIC_DIMENSIONS.map((dimension) => {
    const d = record.dimensions[dimension];
    return [
      dimension,
      String(d.items),
      num(d.exactAgreement),
      num(d.withinOneAgreement),
      num(d.kappa),
      interval(d),
      num(d.spearman),
      signed(d.meanSignedDifference),
      human(d),
    ];
  });
}

function probeRows(record: CalibrationRecord): string[][] {
  const { bias, thresholds: t } = record;
  const verdict = (ok: boolean | null) => (ok === null ? "FAIL (undefined)" : ok ? "ok" : "FAIL");
  return [
    [
      "length-error correlation",
      num(bias.lengthErrorCorrelation),
      `ceiling ${t.lengthCorrelationCeiling}`,
      bias.lengthErrorCorrelation === null ? "n/a" : verdict(bias.lengthErrorCorrelation <= t.lengthCorrelationCeiling),
    ],
    [
      `padding gap (${bias.paddedPairs} pairs)`,
      `${signed(bias.paddingGapPoints)} pts`,
      `ceiling ${t.paddingGapCeiling} pts`,
      verdict(bias.paddingGapPoints === null ? null : bias.paddingGapPoints <= t.paddingGapCeiling),
    ],
    [
      "refusal precision",
      num(bias.refusalPrecision),
      `floor ${t.refusalPrecisionFloor}`,
      verdict(bias.refusalPrecision === null ? null : bias.refusalPrecision >= t.refusalPrecisionFloor),
    ],
    [
      "refusal recall",
      num(bias.refusalRecall),
      `floor ${t.refusalRecallFloor}`,
      verdict(bias.refusalRecall === null ? null : bias.refusalRecall >= t.refusalRecallFloor),
    ],
  ];
}

const VERDICT_COLUMNS = ["verdict at", "good items", "sensitivity", "95% CI", "bad items", "specificity", "95% CI", "status"] as const;

const shareCells = (f: ShareFigure) => [
  String(f.items),
  f.value === null ? "insufficient" : num(f.value),
  f.interval95 === null ? "n/a" : `[${num(f.interval95.low)}, ${num(f.interval95.high)}]`,
];

/** The judge's sensitivity and specificity for "good" at each SLO threshold, with the human class sizes. */
function verdictRows(record: CalibrationRecord): string[][] {
  return (record.verdicts ?? []).map((v) => [`quality >= ${v.threshold}`, ...shareCells(v.sensitivity), ...shareCells(v.specificity), v.status]);
}

function verdictLines(record: CalibrationRecord, render: (header: readonly string[], body: readonly (readonly string[])[]) => string[]): string[] {
  if (!record.verdicts || record.verdicts.length === 0) return [];
  const notes = record.verdicts.filter((v) => v.reason).map((v) => `insufficient at ${v.threshold}: ${v.reason}`);
  return [
    ...render(VERDICT_COLUMNS, verdictRows(record)),
    ...notes,
    `(fewer than ${record.minItemsPerClass ?? "?"} items in a class: insufficient, never a guess)`,
    "",
  ];
}

function table(header: readonly string[], body: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)];
}

/** The per-dimension table, the bias probes and the verdict, as the CLI prints them. */
export function renderCalibrationTable(record: CalibrationRecord): string {
  const g = record.goldenSet;
  return [
    `judge pair   ${record.judgePair}`,
    `golden set   ${g.name} (${g.items} items, ${g.ratings} ratings, ${g.raters} raters; sha256 ${g.sha256.slice(0, 12)})`,
    `judge        ${record.judgeService} (${record.judgeLocation}); masking ${record.piiLanguages.join(",")}; ${record.judged} judged, ${record.failedItems} failed`,
    "",
    ...table(COLUMNS, rows(record)),
    "",
    ...table(["bias probe", "value", "bound", "result"], probeRows(record)),
    "",
    ...verdictLines(record, table),
    `kappa floor ${record.thresholds.kappaFloor} on ${ORDINAL_DIMENSIONS.join(", ")}`,
    record.passed ? "PASSED: the pair may score production" : `FAILED (${record.failures.length}):\n${record.failures.map((f) => `  - ${f}`).join("\n")}`,
  ].join("\n");
}

/** Markdown: verdict, per-dimension table, bias probes, padded pairs, and judge vs human per item (ids only, no text). */
export function renderCalibrationMarkdown(record: CalibrationRecord, detail: CalibrationFiguresDetail): string {
  const md = (header: readonly string[], body: readonly (readonly string[])[]) => [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...body.map((row) => `| ${row.join(" | ")} |`),
  ];
  const scores = (s: { factuality: number; completeness: number; toneCompliance: number; undueRefusal: boolean }) =>
    `${s.factuality}/${s.completeness}/${s.toneCompliance}${s.undueRefusal ? " refusal" : ""}`;
  return [
    `# Judge calibration: ${record.judgePair}`,
    "",
    `- **Result:** ${record.passed ? "passed" : "failed"}`,
    `- **Calibrated at:** ${record.calibratedAt}`,
    `- **Judge:** \`${record.judgeModelId}\` (${record.judgeService}, ${record.judgeLocation}), rubric \`${record.rubricVersion}\` (fingerprint \`${record.rubricFingerprint}\`)`,
    `- **Golden set:** ${record.goldenSet.name}, ${record.goldenSet.items} items, ${record.goldenSet.ratings} ratings by ${record.goldenSet.raters} raters, sha256 \`${record.goldenSet.sha256}\``,
    `- **Masking:** ${record.piiLanguages.join(", ")} (the evaluator's PII languages)`,
    `- **Judged:** ${record.judged}; failed: ${record.failedItems}`,
    "",
    ...(record.failures.length > 0 ? ["## Failures", "", ...record.failures.map((f) => `- ${f}`), ""] : []),
    "## Agreement with the human consensus",
    "",
    "Human consensus: the lower median of an item's ratings. Kappa: quadratic-weighted Cohen's kappa on the 1-5 dimensions, unweighted on the refusal label, with a percentile bootstrap 95 % interval.",
    "",
    ...md(COLUMNS, rows(record)),
    "",
    "## Bias probes",
    "",
    ...md(["probe", "value", "bound", "result"], probeRows(record)),
    "",
    ...(record.verdicts && record.verdicts.length > 0
      ? [
          "## The judge's error on the quality SLI's verdict",
          "",
          'Sensitivity: of the items the humans score at or above the threshold ("good"), the share the judge does too; specificity: of the items below it, the share the judge puts below. 95 % Wilson intervals. The corrected quality SLI (Rogan–Gladen) reads these.',
          "",
          ...verdictLines(record, md),
        ]
      : []),
    ...(detail.paddedPairs.length > 0
      ? [
          "### Padded copies",
          "",
          ...md(
            ["original", "padded copy", "judge gap (points)", "human gap (points)"],
            detail.paddedPairs.map((p) => [p.originalId, p.paddedId, signed(p.judgeGapPoints, 0), signed(p.humanGapPoints, 0)]),
          ),
          "",
        ]
      : []),
    "## Items (factuality/completeness/tone, refusal)",
    "",
    ...md(
      ["item", "category", "request type", "characters", "human", "judge"],
      detail.comparisons.map((c) => [c.id, c.category, c.requestType, String(c.responseChars), scores(c.human), scores(c.judge)]),
    ),
    ...(detail.failed.length > 0 ? ["", "## Items without a verdict", "", ...detail.failed.map((f) => `- ${f.id}: ${f.error}`)] : []),
    "",
  ].join("\n");
}
