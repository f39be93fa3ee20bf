/**
 * The judge client under throttling, for `npm run bench:evaluator`: the client the evaluator builds
 * (functions/evaluator/dependencies.ts) against a local Bedrock stub, 100 judge calls through the
 * evaluator's judge slots, with no throttling, with 20 % of the calls answered 429, and with a judge
 * that never answers. The adaptive client the evaluator used before is measured the same way.
 */
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { BedrockJudge } from "../functions/evaluator/adapters/bedrock-judge";
import { Limiter } from "../functions/evaluator/limiter";
import type { Judge } from "../functions/evaluator/ports";
import { BedrockStub, DEFAULT_VERDICT, throttled, toolUseReply } from "../testing/wire/bedrock-stub";

const MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";
const INPUT = { prompt: "What is the PIX limit at night?", response: "R$ 1,000 between 8 pm and 6 am.", useCase: "general", requestType: "general" };

export interface ThrottlingFigures {
  readonly calls: number;
  readonly recordsPerSecond: number;
  /** Calls that still failed after the client's attempts (deferred to the message's next delivery). */
  readonly failed: number;
  readonly seconds: number;
}

async function run(judge: Judge, calls: number, concurrency: number): Promise<ThrottlingFigures> {
  const limiter = new Limiter(concurrency);
  const started = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: calls }, () => limiter.run(() => judge.evaluate(INPUT))));
  const seconds = (performance.now() - started) / 1000;
  const judged = outcomes.filter((outcome) => outcome.status === "fulfilled").length;
  return { calls, recordsPerSecond: judged / seconds, failed: calls - judged, seconds };
}

export interface JudgeBenchResult {
  readonly standard: { readonly clear: ThrottlingFigures; readonly throttled: ThrottlingFigures };
  readonly adaptive: { readonly clear: ThrottlingFigures; readonly throttled: ThrottlingFigures };
  readonly hung: { readonly timeoutMs: number; readonly cutOffAfterMs: number; readonly errorName: string };
}

/** Every fifth request to the stub is throttled: 20 % of calls, retries included. */
export async function benchJudgeThrottling(options: {
  calls: number;
  concurrency: number;
  latencyMs: number;
  timeoutMs: number;
  maxAttempts: number;
}): Promise<JudgeBenchResult> {
  const stub = new BedrockStub();
  stub.latencyMs = options.latencyMs;
  await stub.start();
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = stub.url;
  const judgeWith = (client: BedrockRuntimeClient) => new BedrockJudge(client, { modelId: MODEL_ID, callTimeoutMs: options.timeoutMs });
  // As functions/evaluator/dependencies.ts builds it now, and as it was built before.
  const standard = judgeWith(new BedrockRuntimeClient({ retryMode: "standard", maxAttempts: options.maxAttempts }));
  const adaptive = judgeWith(new BedrockRuntimeClient({ retryMode: "adaptive", maxAttempts: 6 }));
  const clear = () => toolUseReply(DEFAULT_VERDICT);
  const measure = async (judge: Judge) => {
    stub.reply = clear;
    const clearFigures = await run(judge, options.calls, options.concurrency);
    stub.reply = (_call, index) => (index % 5 === 4 ? throttled() : clear());
    const throttledFigures = await run(judge, options.calls, options.concurrency);
    return { clear: clearFigures, throttled: throttledFigures };
  };
  const standardFigures = await measure(standard);
  const adaptiveFigures = await measure(adaptive);
  // A judge that accepts the call and never answers.
  stub.reply = clear;
  stub.latencyMs = 10 * 60_000;
  const started = performance.now();
  const errorName = await standard.evaluate(INPUT).then(
    () => "answered",
    (error: unknown) => ((error as { cause?: Error }).cause ?? (error as Error)).name,
  );
  const cutOffAfterMs = performance.now() - started;
  await stub.stop().catch(() => undefined);
  return { standard: standardFigures, adaptive: adaptiveFigures, hung: { timeoutMs: options.timeoutMs, cutOffAfterMs, errorName } };
}

/** The lines `npm run bench:evaluator` prints. */
export function judgeBenchLines(result: JudgeBenchResult): string[] {
  const ratio = (figures: { clear: ThrottlingFigures; throttled: ThrottlingFigures }) => figures.throttled.recordsPerSecond / figures.clear.recordsPerSecond;
  const line = (name: string, figures: { clear: ThrottlingFigures; throttled: ThrottlingFigures }) =>
    `  judge client (${name}): ${figures.clear.recordsPerSecond.toFixed(1)} records/s clear, ${figures.throttled.recordsPerSecond.toFixed(1)} records/s at 20 % throttling ` +
    `(${(ratio(figures) * 100).toFixed(0)}%; ${figures.throttled.failed} of ${figures.throttled.calls} deferred, ${figures.throttled.seconds.toFixed(1)} s)`;
  return [
    `${line("standard retries, as built now", result.standard)} (target >= 50%)`,
    line("adaptive, as built before", result.adaptive),
    `  hung judge: cut off after ${result.hung.cutOffAfterMs.toFixed(0)} ms with ${result.hung.errorName} (per-call timeout ${result.hung.timeoutMs} ms)`,
  ];
}
