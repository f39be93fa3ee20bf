/**
 * The SLO table of docs/reference/slos.md, generated from the SLO data and the burn-rate math the alarms use, so
 * the documentation cannot drift from what is deployed.
 */
import { formatDuration, sloWindows, SRE_WORKBOOK_POLICY, type BurnRatePolicyEntry } from "./burn-rate";
import { sloPeriodSeconds, type Slo } from "./slo";

const HEADER = [
  "| SLO | SLI (good / total) | Objective | Period | Severity | Long window | Short window | Burn-rate factor | Error ratio above | Budget spent | Min events | Data delay |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
];

/** Markdown table: one row per SLO and burn-rate window pair. */
export function renderSloTable(slos: readonly Slo[], policy: readonly BurnRatePolicyEntry[] = SRE_WORKBOOK_POLICY): string {
  const rows = slos.flatMap((slo) =>
    sloWindows(slo, policy).map((w) => {
      const short =
        w.shortShape.evaluationPeriods > 1 && (slo.dataDelaySeconds ?? 0) > 0
          ? `${formatDuration(w.shortWindowSeconds)} (x2, late data)`
          : formatDuration(w.shortWindowSeconds);
      const long = w.longShape.evaluationPeriods > 1 ? `${formatDuration(w.longWindowSeconds)} (every day)` : formatDuration(w.longWindowSeconds);
      return [
        slo.name,
        escapeCell(slo.sli.description),
        `${trim(slo.objective * 100)}%`,
        formatDuration(sloPeriodSeconds(slo)),
        w.severity,
        long,
        short,
        trim(w.factor, 3),
        `${trim(w.errorRatioThreshold * 100, 3)}%`,
        `${trim(w.budgetConsumed * 100)}%`,
        String(slo.minEventsPerWindow ?? 1),
        (slo.dataDelaySeconds ?? 0) > 0 ? formatDuration(slo.dataDelaySeconds!) : "-",
      ];
    }),
  );
  return [...HEADER, ...rows.map((cells) => `| ${cells.join(" | ")} |`)].join("\n") + "\n";
}

function trim(value: number, digits = 4): string {
  return String(Number(value.toFixed(digits)));
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|");
}
