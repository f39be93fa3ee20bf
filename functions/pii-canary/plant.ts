/** One canary run: fresh values, kept for the checker, then the record written where the gateway's logs land. */
import { randomBytes } from "node:crypto";
import type { CanaryRecordContext } from "./canary-record";
import { canaryRecord } from "./canary-record";
import { plantedValues, type RandomInt } from "./canary-values";
import type { CanaryStore } from "./ports";

export interface PlantOptions {
  readonly endpointName: string;
  readonly modelName: string;
  /** Prefix of the inference logs the evaluator is notified about, e.g. `inference-logs/`. */
  readonly logPrefix: string;
  readonly random?: RandomInt;
}

/** `20260601T120000Z-9f2c4a1b`: sortable by time, unique by its random part. */
export function runIdAt(now: Date, suffix: string = randomBytes(4).toString("hex")): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "")}-${suffix}`;
}

/** Plants one canary; returns its run id (logged by the handler: it is not client data). */
export async function plant(store: CanaryStore, options: PlantOptions, now: Date): Promise<string> {
  const runId = runIdAt(now);
  const values = options.random ? plantedValues(options.random) : plantedValues();
  await store.putPlanted({ runId, plantedAt: now.toISOString(), values });
  const context: CanaryRecordContext = { runId, now, endpointName: options.endpointName, modelName: options.modelName };
  const hour = now.toISOString().slice(0, 13).replace(/[-T]/g, "/");
  await store.putRecord(`${options.logPrefix}pii-canary/${hour}/${runId}.jsonl`, `${JSON.stringify(canaryRecord(values, context))}\n`);
  return runId;
}
