/** Builders for DataCapture lines, inference-log lines and S3-through-SQS events. */
import type { SQSEvent } from "aws-lambda";
import type { InferenceLogRecord } from "../../../contracts/inference-log-record";

/** A valid CPF (check digits computed by hand), a valid CNPJ, a Luhn-valid card and an account. */
export const PII = {
  cpf: "529.982.247-25",
  cpfDigits: "52998224725",
  cnpj: "11.222.333/0001-81",
  card: "4111 1111 1111 1111",
  account: "98765-4",
  agency: "1234-5",
  email: "maria.silva@example.com.br",
  phone: "+55 (11) 91234-5678",
  name: "Maria Silva",
} as const;

export interface CaptureOptions {
  eventId: string;
  inferenceTime?: string;
  customAttributes?: string;
  input?: string;
  output?: string;
  inputEncoding?: "JSON" | "BASE64";
  outputEncoding?: "JSON" | "BASE64";
  outputContentType?: string;
}

export function captureLine(options: CaptureOptions): string {
  const input = options.input ?? JSON.stringify({ inputs: "What is the PIX limit at night?", parameters: { max_new_tokens: 128 } });
  const output = options.output ?? JSON.stringify({ generated_text: "R$ 1,000 between 8 pm and 6 am." });
  const encode = (text: string, encoding: "JSON" | "BASE64" | undefined): string =>
    encoding === "BASE64" ? Buffer.from(text, "utf8").toString("base64") : text;
  return JSON.stringify({
    captureData: {
      endpointInput: {
        observedContentType: "application/json",
        mode: "INPUT",
        data: encode(input, options.inputEncoding),
        encoding: options.inputEncoding ?? "JSON",
      },
      endpointOutput: {
        observedContentType: options.outputContentType ?? "application/json",
        mode: "OUTPUT",
        data: encode(output, options.outputEncoding),
        encoding: options.outputEncoding ?? "JSON",
      },
    },
    eventMetadata: {
      eventId: options.eventId,
      inferenceTime: options.inferenceTime ?? "2025-06-01T12:00:00Z",
      ...(options.customAttributes ? { customAttributes: options.customAttributes } : {}),
    },
    eventVersion: "0",
  });
}

export function inferenceLogLine({ requestId, ...overrides }: Partial<InferenceLogRecord> & { requestId: string }): string {
  // requestId first, so that a truncated line still carries it.
  const record: InferenceLogRecord = {
    requestId,
    recordType: "llm-inference-log",
    schemaVersion: 1,
    inferenceTime: "2025-06-01T12:00:00.000Z",
    completedAt: "2025-06-01T12:00:02.000Z",
    endpointName: "llm-prod",
    modelName: "llama-3-8b-instruct",
    instanceType: "ml.g5.2xlarge",
    useCase: "customer-support",
    requestType: "balance",
    status: "ok",
    guardrail: { flagged: false, reasons: [] },
    tokens: { prompt: 20, completion: 30 },
    timing: { ttftMs: 120, totalMs: 900 },
    prompt: "What is my balance?",
    response: "Your balance is shown in the app under Accounts.",
    ...overrides,
  };
  return JSON.stringify(record);
}

/** A guardrail verdict that puts a record in the flagged stratum: always judged, whatever the sample rate. */
export const FLAGGED_GUARDRAIL = { flagged: true, reasons: ["test"] };

/** An inference-log line the guardrail flagged: always judged, so the masks and the last check alone decide what the judge sees. */
export function flaggedLogLine(requestId: string, prompt: string, response?: string): string {
  return inferenceLogLine({ requestId, guardrail: FLAGGED_GUARDRAIL, prompt, ...(response !== undefined ? { response } : {}) });
}

export function s3Event(bucket: string, keys: readonly string[], messageId = "msg-1"): SQSEvent {
  return {
    Records: [
      {
        messageId,
        receiptHandle: "handle",
        body: JSON.stringify({
          Records: keys.map((key) => ({
            eventVersion: "2.1",
            eventSource: "aws:s3",
            eventName: "ObjectCreated:Put",
            s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%20/g, "+").replace(/%2F/g, "/"), size: 1 } },
          })),
        }),
        attributes: {
          ApproximateReceiveCount: "1",
          SentTimestamp: "0",
          SenderId: "s3",
          ApproximateFirstReceiveTimestamp: "0",
        },
        messageAttributes: {},
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:sa-east-1:123456789012:capture-events",
        awsRegion: "sa-east-1",
      },
    ],
  };
}

/** Merges several single-message events into one batch. */
export function batch(...events: SQSEvent[]): SQSEvent {
  return { Records: events.flatMap((event) => event.Records) };
}
