import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local Firehose endpoint for PutRecord and PutRecordBatch (awsJson1_1), for
 * AWS_ENDPOINT_URL_FIREHOSE. Records decoded `Data` per delivery stream, refuses a record over
 * Firehose's 1,000 KiB as Firehose does, and can fail the next N calls.
 */
export interface FirehoseStub {
  readonly url: string;
  /** Every PutRecord attempt, including failed ones. */
  readonly attempts: { readonly streamName: string; readonly data: string }[];
  /** Accepted records' `Data`, decoded as UTF-8. */
  readonly records: { readonly streamName: string; readonly data: string }[];
  /** PutRecordBatch calls, with their record counts. */
  readonly batchCalls: { readonly records: number }[];
  /** Makes the next `count` calls answer 500 ServiceUnavailableException. */
  failNext(count: number): void;
  close(): Promise<void>;
}

export async function startFirehoseStub(): Promise<FirehoseStub> {
  const attempts: { streamName: string; data: string }[] = [];
  const records: { streamName: string; data: string }[] = [];
  const batchCalls: { records: number }[] = [];
  let failures = 0;
  const MAX_RECORD_BYTES = 1_024_000;
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const reply = (status: number, body: Record<string, unknown>): void => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "stub" });
        res.end(JSON.stringify(body));
      };
      if (target === "Firehose_20150804.PutRecordBatch") {
        const input = JSON.parse(Buffer.concat(parts).toString("utf8")) as { DeliveryStreamName: string; Records: { Data: string }[] };
        batchCalls.push({ records: input.Records.length });
        if (failures > 0) {
          failures -= 1;
          reply(500, { __type: "ServiceUnavailableException", message: "stub failure" });
          return;
        }
        const responses = input.Records.map((record) => {
          const bytes = Buffer.from(record.Data, "base64");
          const entry = { streamName: input.DeliveryStreamName, data: bytes.toString("utf8") };
          attempts.push(entry);
          if (bytes.length > MAX_RECORD_BYTES) return { ErrorCode: "ValidationException", ErrorMessage: "record too large" };
          records.push(entry);
          return { RecordId: `record-${records.length}` };
        });
        reply(200, { FailedPutCount: responses.filter((r) => "ErrorCode" in r).length, Encrypted: false, RequestResponses: responses });
        return;
      }
      if (target !== "Firehose_20150804.PutRecord") {
        reply(400, { __type: "UnknownOperationException", message: `unsupported target ${target}` });
        return;
      }
      const input = JSON.parse(Buffer.concat(parts).toString("utf8")) as { DeliveryStreamName: string; Record: { Data: string } };
      const bytes = Buffer.from(input.Record.Data, "base64");
      const entry = { streamName: input.DeliveryStreamName, data: bytes.toString("utf8") };
      attempts.push(entry);
      if (failures > 0) {
        failures -= 1;
        reply(500, { __type: "ServiceUnavailableException", message: "stub failure" });
        return;
      }
      if (bytes.length > MAX_RECORD_BYTES) {
        reply(400, {
          __type: "ValidationException",
          message: "1 validation error detected: Value at 'record.data' failed to satisfy constraint: Member must have length less than or equal to 1024000",
        });
        return;
      }
      records.push(entry);
      reply(200, { RecordId: `record-${records.length}`, Encrypted: false });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    attempts,
    records,
    batchCalls,
    failNext: (count) => {
      failures = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
