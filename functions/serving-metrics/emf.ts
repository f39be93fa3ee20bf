/**
 * A bridge run as CloudWatch Embedded Metric Format documents: one per endpoint (and one per endpoint
 * and zone for the per-zone series), each metric with the dimension set the catalogue declares, at
 * the run's instant. Lambda's log delivery turns them into metrics: no PutMetricData call, no
 * permission beyond writing its own logs.
 */
import { DIMENSIONS } from "../../contracts/metric-catalogue";
import { emfDocument } from "../emf/emf-document";
import type { BridgeRun, ServingDatum } from "./bridge";

export function emfDocuments(run: BridgeRun): Record<string, unknown>[] {
  const groups = new Map<string, ServingDatum[]>();
  for (const datum of run.datums) {
    const key = `${datum.endpointName}|${datum.availabilityZone ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), datum]);
  }
  return [...groups.values()].map((datums) => {
    const first = datums[0]!;
    const dimensions: Record<string, string> = {
      [DIMENSIONS.endpointName]: first.endpointName,
      ...(first.availabilityZone ? { [DIMENSIONS.availabilityZone]: first.availabilityZone } : {}),
    };
    return emfDocument(run.at, dimensions, datums);
  });
}
