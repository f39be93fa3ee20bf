/**
 * Groups stream records' datums into PutMetricData calls within the API's limits (1,000 datums and
 * 1 MB per request), never splitting one record's datums across calls, so a failed call maps to
 * exactly the records it carried.
 */
import type { Datum } from "./types";

/** PutMetricData: at most 1,000 metric datums per request. */
export const MAX_DATUMS_PER_CALL = 1000;
/** PutMetricData: 1 MB per request; keep headroom for the envelope. */
export const MAX_BYTES_PER_CALL = 900_000;

export interface RecordDatums {
  readonly sequenceNumber: string;
  /** The score's event id. @default - not known (not marked when published) */
  readonly eventId?: string;
  readonly datums: readonly Datum[];
}

export interface MetricBatch {
  readonly datums: Datum[];
  /** Stream sequence numbers of the records whose datums are in this batch, in order. */
  readonly sequenceNumbers: string[];
  /** Event ids of those records (where known). */
  readonly eventIds: string[];
}

function datumBytes(datum: Datum): number {
  return JSON.stringify(datum).length + 16;
}

export function batchDatums(records: readonly RecordDatums[]): MetricBatch[] {
  const batches: MetricBatch[] = [];
  let current: MetricBatch = { datums: [], sequenceNumbers: [], eventIds: [] };
  let bytes = 0;
  for (const record of records) {
    const recordBytes = record.datums.reduce((sum, datum) => sum + datumBytes(datum), 0);
    const full = current.datums.length + record.datums.length > MAX_DATUMS_PER_CALL || bytes + recordBytes > MAX_BYTES_PER_CALL;
    if (full && current.datums.length > 0) {
      batches.push(current);
      current = { datums: [], sequenceNumbers: [], eventIds: [] };
      bytes = 0;
    }
    current.datums.push(...record.datums);
    current.sequenceNumbers.push(record.sequenceNumber);
    if (record.eventId !== undefined) current.eventIds.push(record.eventId);
    bytes += recordBytes;
  }
  if (current.datums.length > 0) batches.push(current);
  return batches;
}
