/**
 * The run's health in one line, read first: what pages, what tickets, which SLOs burn, and whether
 * any record was lost. The text report and the HTML report both open with it.
 */
import type { Accounting } from "../accounting";
import type { Summary } from "./summary";

/** The worst thing the run shows: a page, a ticket, or nothing to act on. */
export type HealthLevel = "page" | "ticket" | "healthy";

export interface Health {
  readonly level: HealthLevel;
  /** Alarms in ALARM that page, by their short name. */
  readonly pages: readonly string[];
  /** Alarms in ALARM that open a ticket. */
  readonly tickets: readonly string[];
  /** Alarms in ALARM that notify nobody themselves (windows that feed a composite). */
  readonly feeding: readonly string[];
  /** SLOs with a burn-rate window firing now. */
  readonly burningSlos: readonly string[];
  readonly lost: number;
  readonly deadLettered: number;
  readonly deadLetterReasons: Readonly<Record<string, number>>;
  /** The one line: `PAGE: ... · ...` */
  readonly headline: string;
}

export function healthOf(summary: Summary, accounting: Accounting): Health {
  const short = (name: string) => name.replace(`llmobs-${summary.environmentId}-`, "");
  const inAlarm = summary.alarms.filter((a) => a.now === "ALARM");
  const pages = inAlarm.filter((a) => a.severity === "page").map((a) => short(a.name));
  const tickets = inAlarm.filter((a) => a.severity === "ticket").map((a) => short(a.name));
  const feeding = inAlarm.filter((a) => a.severity === undefined).map((a) => short(a.name));
  const burningSlos = summary.slos.filter((s) => s.windows.some((w) => w.now)).map((s) => s.slo);
  const lost = accounting.lost;
  const level: HealthLevel = pages.length > 0 || lost > 0 ? "page" : tickets.length > 0 ? "ticket" : "healthy";
  const parts = [
    pages.length > 0 ? `${pages.length} paging (${pages.join(", ")})` : "nothing pages",
    tickets.length > 0 ? `${tickets.length} ticketing (${tickets.join(", ")})` : "no tickets",
    burningSlos.length > 0 ? `SLOs burning: ${burningSlos.join(", ")}` : "no SLO burning",
    lost > 0 ? `${lost} records LOST` : `nothing lost (${accounting.deadLettered} dead-lettered with their reason)`,
  ];
  const word = level === "page" ? "PAGE" : level === "ticket" ? "TICKET" : "HEALTHY";
  return {
    level,
    pages,
    tickets,
    feeding,
    burningSlos,
    lost,
    deadLettered: accounting.deadLettered,
    deadLetterReasons: accounting.deadLetterReasons,
    headline: `${word}: ${parts.join(" · ")}`,
  };
}
