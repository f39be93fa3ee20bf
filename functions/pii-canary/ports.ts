/** What the canary's two jobs need from the outside world; adapters implement these over S3 and CloudWatch. */
import type { CanaryPayload } from "../../contracts/pii-canary";
import type { PlantedValues } from "./canary-values";

/** What a run planted, as kept under `planted/` of the canary bucket. */
export interface PlantedRun {
  readonly runId: string;
  readonly plantedAt: string;
  readonly values: PlantedValues;
}

/** The checker's verdict on one run: kinds and counts, never values. */
export interface RunResult {
  readonly runId: string;
  readonly checkedAt: string;
  readonly outcome: "evaluated" | "missing";
  readonly leakedKinds: readonly string[];
}

export interface CanaryStore {
  /** Writes the planted values (before the record, so the checker can never miss a planted run). */
  putPlanted(run: PlantedRun): Promise<void>;
  /** Writes the canary record as an inference-log object: the notification starts the real path. */
  putRecord(key: string, line: string): Promise<void>;
  /** Run ids planted after `afterRunId` (sortable), oldest first. */
  listPlanted(afterRunId: string): Promise<string[]>;
  /** Run ids that already have a result after `afterRunId`. */
  listResults(afterRunId: string): Promise<Set<string>>;
  getPlanted(runId: string): Promise<PlantedRun>;
  /** The payload the evaluator sent to the judge, or undefined when there is none. */
  getPayload(runId: string): Promise<CanaryPayload | undefined>;
  putResult(result: RunResult): Promise<void>;
}

/** The checker's figures for one check, published as PiiCanaryLeaks, PiiCanaryMissing, PiiCanaryEvaluated. */
export interface CheckFigures {
  readonly leaks: number;
  readonly missing: number;
  readonly evaluated: number;
}

export interface CanaryMetrics {
  publish(figures: CheckFigures, at: Date): Promise<void>;
}
