/**
 * One trace per request, end to end: the real gateway handler (against the SageMaker Runtime and
 * Firehose stubs) and the real evaluator handler (against dynalite, s3rver and the Bedrock,
 * Comprehend and SQS stubs), both exporting over OTLP/HTTP to a local receiver through the
 * standard OTEL_* variables. The gateway's inference-log record is what the evaluator reads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUCKET, Harness } from "../../../functions/evaluator/test/integration/harness";
import { PII, s3Event } from "../../../functions/evaluator/test/fixtures";
import { gatewayEvent, gatewayVariables, loadGatewayHandler, otlpToReceiver } from "../../../functions/gateway/test/support/gateway-harness";
import { startFirehoseStub, type FirehoseStub } from "../../../testing/wire/firehose-stub";
import { startOtlpReceiver, type OtlpReceiver } from "../../../testing/wire/otlp-receiver";
import { startSageMakerRuntimeStub, type SageMakerRuntimeStub } from "../../../testing/wire/sagemaker-runtime-stub";

const MARKER = "PLANTED-MARKER-e2e-41b7";
const harness = new Harness();
let sagemaker: SageMakerRuntimeStub;
let firehose: FirehoseStub;
let receiver: OtlpReceiver;

/** Every trace sampled, to the local receiver. */
const otelEnv = (): Record<string, string> => otlpToReceiver(receiver.url, 1);

beforeAll(async () => {
  await harness.start();
  [sagemaker, firehose, receiver] = await Promise.all([startSageMakerRuntimeStub(), startFirehoseStub(), startOtlpReceiver()]);
  await harness.reset();
});

afterAll(async () => {
  for (const name of Object.keys(process.env).filter((n) => n.startsWith("OTEL_"))) delete process.env[name];
  await Promise.all([harness.stop(), sagemaker.close(), firehose.close(), receiver.close()]);
});

describe("the judge's verdict lands on the request's trace", () => {
  it("exports the request span and, with the same trace id, the verdict span with one evaluation event per dimension", async () => {
    // Arrange: the gateway serves a prompt carrying a CPF and a planted marker.
    const callers = { useCases: "onboarding", requestTypes: "chat", useCaseBinding: { source: "claim", claim: "use_case" } };
    const gateway = await loadGatewayHandler({
      // The evaluator harness's credentials stay (s3rver checks them).
      AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: sagemaker.url,
      AWS_ENDPOINT_URL_FIREHOSE: firehose.url,
      ...gatewayVariables(callers),
      ...otelEnv(),
      OTEL_SERVICE_NAME: "llm-inference-gateway",
    });
    const text = `Conta aberta para o CPF ${PII.cpf}. ${MARKER}`;
    sagemaker.enqueue({
      kind: "stream",
      chunks: [`${JSON.stringify({ token: { id: 1, text }, generated_text: text, details: { finish_reason: "eos_token", generated_tokens: 9 } })}\n`],
    });
    const body = { inputs: `Abra uma conta para o CPF ${PII.cpf} ${MARKER}`, request_type: "chat" };
    const response = await gateway(gatewayEvent(body, { authorizer: { claims: { use_case: "onboarding" } } }));
    expect(response.statusCode).toBe(200);
    const requestId = JSON.parse(response.body).requestId as string;
    const root = receiver.spans.find((s) => s.attributes["llm_observability.request_id"] === requestId && s.name.startsWith("text_completion"))!;
    expect(root).toBeDefined();

    // Act: the record Firehose received lands in S3; the evaluator judges it.
    await harness.putObject("inference-logs/2026/12/04/20/trace-1", firehose.records.at(-1)!.data);
    process.env.OTEL_SERVICE_NAME = "llm-evaluator";
    const evaluator = await harness.loadHandler({
      ...otelEnv(),
      SAMPLE_RATE: "1",
      PII_LANGUAGES: "pt",
      JUDGE_CALIBRATION_RECORD_ID: "judge-pair@2026-11-30T06:00:00Z",
    });
    const batch = await evaluator(s3Event(BUCKET, ["inference-logs/2026/12/04/20/trace-1"]));

    // Assert: one stored score, and its verdict span is a child of the request span.
    expect(batch.batchItemFailures).toEqual([]);
    expect(await harness.scores()).toHaveLength(1);
    const verdict = receiver.spans.find((s) => s.name === "evaluate llm-judge")!;
    expect(verdict).toBeDefined();
    expect(verdict.traceId).toBe(root.traceId);
    expect(verdict.parentSpanId).toBe(root.spanId);
    expect(verdict.resource["service.name"]).toBe("llm-evaluator");
    expect(root.resource["service.name"]).toBe("llm-inference-gateway");
    const results = verdict.events.filter((e) => e.name === "gen_ai.evaluation.result");
    expect(results.map((e) => e.attributes["gen_ai.evaluation.name"])).toEqual(["factuality", "completeness", "tone_compliance", "undue_refusal"]);
    for (const result of results) {
      expect(typeof result.attributes["gen_ai.evaluation.score.value"]).toBe("number");
      expect(["poor", "fair", "good", "undue_refusal", "no_undue_refusal"]).toContain(result.attributes["gen_ai.evaluation.score.label"]);
    }
    const [score] = await harness.scores();
    expect(results[0]!.attributes["gen_ai.evaluation.score.value"]).toBe(score!.factuality);
    expect(verdict.attributes).toMatchObject({
      "gen_ai.provider.name": "aws.bedrock",
      "gen_ai.request.model": score!.judgeModelId,
      "llm_observability.judge.rubric_version": score!.rubricVersion,
      "llm_observability.judge.calibration_record_id": "judge-pair@2026-11-30T06:00:00Z",
      "llm_observability.judge.sampling_stratum": score!.stratum,
      "llm_observability.request_id": requestId,
    });
    // Masking counts by type: the CPF in the prompt and the one in the answer.
    expect(verdict.attributes["llm_observability.masking.CPF"]).toBe(2);
    // No prompt or answer text on either side, masked or not.
    const exported = JSON.stringify(receiver.spans);
    expect(exported).not.toContain(MARKER);
    expect(exported).not.toContain(PII.cpf);
    expect(exported).not.toContain("[CPF]");
  });
});
