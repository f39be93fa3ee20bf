/**
 * The set-up of the handler's integration tests: the SageMaker Runtime and Firehose stubs, callers
 * known by a Cognito-style claim (the hostile-caller tests cover IAM principals), the function's
 * output captured per test, and a warmed-up handler in flag mode.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import type { InferenceLogRecord } from "../../../../contracts/inference-log-record";
import { startFirehoseStub, type FirehoseStub } from "../../../../testing/wire/firehose-stub";
import { startSageMakerRuntimeStub, type SageMakerRuntimeStub, type StubScenario } from "../../../../testing/wire/sagemaker-runtime-stub";
import { CapturedOutput, type GatewayHandler, gatewayEnvironment, gatewayEvent, jsonLines, loadGatewayHandler, responseBody } from "./gateway-harness";

/**
 * Timing tolerance. A chunk can never arrive before the stub sends it, so the lower bound is tight;
 * a busy machine (CI runs test files in parallel on 2 cores) delivers late, so the upper bound is
 * loose — yet still far below what a wrong measurement (cumulative or total time) would give.
 */
export const EARLY_MS = 15;
const LATE_MS = 70;

export function expectNear(actual: number, expected: number): void {
  expect(actual).toBeGreaterThanOrEqual(expected - EARLY_MS);
  expect(actual).toBeLessThanOrEqual(expected + LATE_MS);
}

/** A request of a caller whose token's `use_case` claim is `claims.use_case` (`null`: no authorizer claims). */
export function claimEvent(
  body: Record<string, unknown>,
  claims: Record<string, unknown> | null = { use_case: "onboarding" },
  headers: Record<string, string> = {},
) {
  return gatewayEvent(body, { requestId: "apigw-1", authorizer: claims === null ? null : { claims } }, headers);
}

export class HandlerSuite {
  sagemaker!: SageMakerRuntimeStub;
  firehose!: FirehoseStub;
  /** The flag-mode handler, warmed up. */
  handler!: GatewayHandler;
  readonly output = new CapturedOutput();

  /** Loads a fresh handler with `extra` variables over the suite's environment. */
  load(extra: Record<string, string> = {}): Promise<GatewayHandler> {
    const callers = {
      useCases: "onboarding,credit-card",
      requestTypes: "chat,summarization,classification",
      useCaseBinding: { source: "claim", claim: "use_case" },
    };
    return loadGatewayHandler({ ...gatewayEnvironment({ sagemaker: this.sagemaker.url, firehose: this.firehose.url }, callers), ...extra });
  }

  emfDocs(): Record<string, unknown>[] {
    return jsonLines(this.output.stdout).filter((doc) => "_aws" in doc);
  }

  emfFor(requestId: string): Record<string, unknown>[] {
    return this.emfDocs().filter((doc) => doc.requestId === requestId);
  }

  logLines(): Record<string, unknown>[] {
    return this.output.documents().filter((doc) => "level" in doc && "message" in doc);
  }

  /**
   * Sends one "hi" chat request with `scenario` queued at the endpoint: the answer, and what the
   * gateway wrote about it (its first EMF document, its log line, its inference log record).
   */
  async answerTo(scenario: StubScenario) {
    this.sagemaker.enqueue(scenario);
    const response = await this.handler(claimEvent({ inputs: "hi", request_type: "chat" }));
    const { requestId, error } = responseBody(response);
    return {
      statusCode: response.statusCode,
      error: error as string | undefined,
      emf: this.emfFor(requestId)[0]!,
      log: this.logLines().find((l) => l.requestId === requestId)!,
      record: this.recordFor(requestId)!,
    };
  }

  recordFor(requestId: string): InferenceLogRecord | undefined {
    return this.firehose.records.map((r) => JSON.parse(r.data) as InferenceLogRecord).find((r) => r.requestId === requestId);
  }
}

/** Registers the suite's hooks in the calling test file and returns it. */
export function handlerSuite(): HandlerSuite {
  const suite = new HandlerSuite();
  beforeAll(async () => {
    [suite.sagemaker, suite.firehose] = await Promise.all([startSageMakerRuntimeStub(), startFirehoseStub()]);
    suite.handler = await suite.load();
    // Warm-up: client, credentials and keep-alive connection, as after a Lambda cold start.
    await suite.handler(claimEvent({ inputs: "warm up", request_type: "chat" }));
  });
  afterAll(async () => {
    await Promise.all([suite.sagemaker.close(), suite.firehose.close()]);
  });
  beforeEach(() => suite.output.start());
  afterEach(() => suite.output.stop());
  return suite;
}
