/**
 * The checker: every planted run older than the grace period and not yet checked is compared with
 * the payload the evaluator sent to the judge. A payload holding a planted value is a leak; no
 * payload is a missing canary (the path did not evaluate it: notification, evaluator, last check).
 */
import { leakedKinds } from "./compare";
import { runIdAt } from "./plant";
import type { CanaryStore, CheckFigures } from "./ports";

export interface CheckOptions {
  /** Minutes after planting before a run's payload must be there. @default 15 */
  readonly graceMinutes: number;
  /** How far back runs are looked for, in hours. @default 48 */
  readonly lookbackHours?: number;
}

export interface CheckReport extends CheckFigures {
  /** Run ids checked now, with their outcome (no values). */
  readonly runs: readonly { readonly runId: string; readonly outcome: string; readonly leakedKinds: readonly string[] }[];
}

export async function check(store: CanaryStore, options: CheckOptions, now: Date): Promise<CheckReport> {
  const since = runIdAt(new Date(now.getTime() - (options.lookbackHours ?? 48) * 3_600_000), "00000000");
  const dueBefore = runIdAt(new Date(now.getTime() - options.graceMinutes * 60_000), "ffffffff");
  const [planted, done] = await Promise.all([store.listPlanted(since), store.listResults(since)]);
  const runs: { runId: string; outcome: string; leakedKinds: string[] }[] = [];
  for (const runId of planted.filter((id) => id <= dueBefore && !done.has(id))) {
    const [run, payload] = await Promise.all([store.getPlanted(runId), store.getPayload(runId)]);
    const leaked = payload ? leakedKinds(run.values, payload.judgeMessage) : [];
    const outcome = payload ? "evaluated" : "missing";
    await store.putResult({ runId, checkedAt: now.toISOString(), outcome, leakedKinds: leaked });
    runs.push({ runId, outcome, leakedKinds: leaked });
  }
  return {
    runs,
    leaks: runs.reduce((total, run) => total + run.leakedKinds.length, 0),
    missing: runs.filter((run) => run.outcome === "missing").length,
    evaluated: runs.filter((run) => run.outcome === "evaluated").length,
  };
}
