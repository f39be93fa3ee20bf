/**
 * A simulated LMI endpoint behind the SageMaker Runtime streaming stub: it decides, from the
 * invocation alone, how the model answers and when each token leaves. Timing follows what a
 * vLLM-backed container shows: TTFT is prefill of the uncached prompt tokens plus queueing (both
 * grow with the streams in flight), the prefix cache serves a repeated system prompt, ITL grows
 * with contention and has occasional stalls. Outcomes include throttling, model errors, broken
 * streams, stalls past the gateway's deadline and, in an incident window, GPU memory pressure.
 * Every draw comes from a hash of the seed and the request body, so a retried invocation meets the
 * same fate and a run is reproducible for a seed.
 */
import type { StubScenario } from "../../testing/wire/sagemaker-runtime-stub";
import { Random } from "../../testing/random";
import { ANSWER_MARKERS, type AnswerClass, answerText, EVASIVE_INJECTIONS, INJECTIONS, introducedName, USER_TURN } from "../workload/catalog";

export interface SimulatedModelOptions {
  readonly seed: string;
  /** When the run started (epoch ms) and how long the traffic lasts: the incident sits inside it. */
  readonly startedAt: number;
  readonly durationMs: number;
  /** The gateway's deadline: a stalled stream outlives it. */
  readonly invokeTimeoutMs: number;
  /** Requests the container batches at once (`maxRollingBatchSize`): beyond it requests queue. */
  readonly maxRollingBatchSize: number;
  /** Whether prefix caching is on for the endpoint (`prefixCaching`). */
  readonly prefixCaching: boolean;
  /**
   * Share of invocations that fail on the endpoint's side outside the incident (throttled, model
   * error, broken stream, stall).
   * @default 0.012
   */
  readonly failureRate?: number;
}

/** One invocation as SageMaker's own metrics would count it (AWS/SageMaker). */
export interface InvocationRecord {
  readonly at: number;
  readonly outcome: "ok" | "throttled" | "model_error" | "stream_error" | "stall";
  /** Time from the request to the end of the response, microseconds (ModelLatency). */
  readonly modelLatencyUs: number;
  readonly promptTokens: number;
  readonly cachedTokens: number;
  readonly completionTokens: number;
  /**
   * What the serving container's own metrics (vLLM's, as SageMaker's detailed observability
   * publishes them) see of this request; absent for requests refused before a slot (throttles, errors).
   */
  readonly server?: ServerSideTiming;
}

/** The container's view of one request: queueing, prefill, first token, decoding. */
export interface ServerSideTiming {
  /** Time waiting for a decoding slot, ms (`vllm:request_queue_time_seconds`). */
  readonly queueMs: number;
  /** Prefill time after the queue, ms (`vllm:request_prefill_time_seconds`). */
  readonly prefillMs: number;
  /** Time to first token as the server measures it, ms (`vllm:time_to_first_token_seconds`). */
  readonly ttftMs: number;
  /** Mean time per output token, ms (`vllm:inter_token_latency_seconds`). */
  readonly timePerOutputTokenMs: number;
  /** From arrival to the last token, ms. */
  readonly durationMs: number;
  /** Decoding slot the request ran in (the demo maps slots to instances and zones). */
  readonly slot: number;
}

const PREFIX_CACHE_ENTRIES = 64;

/** The client's turn: what follows the fixed system prompt. */
function turnOf(inputs: string): string {
  const at = inputs.indexOf(USER_TURN);
  return at >= 0 ? inputs.slice(at) : inputs;
}
/** vLLM caches whole blocks of 16 tokens. */
const BLOCK_TOKENS = 16;

export class SimulatedModel {
  public readonly invocations: InvocationRecord[] = [];
  private readonly prefixCache = new Map<string, number>();
  private readonly failureRate: number;
  /** When each busy decoding slot frees up (epoch ms); at most `slots` entries. */
  private readonly busyUntil: number[] = [];
  private readonly slots: number;

  public constructor(private readonly options: SimulatedModelOptions) {
    this.failureRate = options.failureRate ?? 0.012;
    this.slots = Math.max(1, options.maxRollingBatchSize);
  }

  /** When the traffic started (the incident is placed from it). */
  public setStart(startedAt: number): void {
    (this.options as { startedAt: number }).startedAt = startedAt;
  }

  /** Sequences decoding right now. */
  public active(now = Date.now()): number {
    return this.busyUntil.filter((t) => t > now).length;
  }

  /** The incident: from 40 % to 55 % of the run, GPU memory pressure (slow prefill, errors, cache evictions). */
  public inIncident(at: number): boolean {
    const f = (at - this.options.startedAt) / this.options.durationMs;
    return f >= 0.4 && f < 0.55;
  }

  /**
   * Takes a decoding slot: now when one is free, else when the earliest busy one frees (the
   * container's queue). Returns the wait in ms; the caller books the slot's end with `book`.
   */
  private takeSlot(now: number): { waitMs: number; index: number } {
    for (let i = 0; i < this.busyUntil.length; i += 1) if (this.busyUntil[i]! <= now) return { waitMs: 0, index: i };
    if (this.busyUntil.length < this.slots) {
      this.busyUntil.push(now);
      return { waitMs: 0, index: this.busyUntil.length - 1 };
    }
    let index = 0;
    for (let i = 1; i < this.busyUntil.length; i += 1) if (this.busyUntil[i]! < this.busyUntil[index]!) index = i;
    return { waitMs: this.busyUntil[index]! - now, index };
  }

  /** Decides the answer to one invocation (the stub's `respond` hook). */
  public respond(body: string, customAttributes: string): StubScenario {
    const now = Date.now();
    const random = Random.for(this.options.seed, "model", body);
    const { inputs } = JSON.parse(body) as { inputs: string; parameters?: { max_new_tokens?: number } };
    const requestType = /(?:^|;)request_type=([^;]*)/.exec(customAttributes)?.[1] ?? "general";
    const incident = this.inIncident(now);
    const promptTokens = Math.ceil(inputs.length / 4);

    // Endpoint-side failures: more of them during the incident.
    const failure = random.next();
    const failureRate = incident ? 0.12 : this.failureRate;
    if (failure < failureRate * 0.3) return this.record(now, { kind: "throttle" }, "throttled", promptTokens, 0, 0, 8_000);
    if (failure < failureRate * 0.65) return this.record(now, { kind: "modelError" }, "model_error", promptTokens, 0, 0, 40_000);

    // Prefix cache: the fixed part before the client's turn is reused when it was seen recently.
    const turn = inputs.indexOf(USER_TURN);
    const prefix = turn > 0 ? inputs.slice(0, turn) : "";
    let cachedTokens = 0;
    if (this.options.prefixCaching && prefix) {
      const hit = this.prefixCache.has(prefix) && !(incident && random.chance(0.6));
      if (hit) cachedTokens = Math.floor(Math.ceil(prefix.length / 4) / BLOCK_TOKENS) * BLOCK_TOKENS;
      this.prefixCache.delete(prefix);
      this.prefixCache.set(prefix, now);
      if (this.prefixCache.size > PREFIX_CACHE_ENTRIES) this.prefixCache.delete(this.prefixCache.keys().next().value!);
    }

    // Queueing for a decoding slot, then prefill of the uncached tokens (slower with a fuller batch).
    const slot = this.takeSlot(now);
    const load = this.active(now) / this.slots;
    const prefillMs = (promptTokens - cachedTokens) * 0.3 + cachedTokens * 0.015;
    let ttftMs = slot.waitMs + (40 + prefillMs) * (1 + 0.5 * load) * random.logNormal(1, 0.2);
    if (incident) ttftMs *= 1.8;
    // A few requests wait behind a long prefill (a burst of big prompts): slow first token.
    if (random.chance(0.02)) ttftMs += random.int(1200, 3500);

    const answerClass = this.answerClass(inputs, requestType, random, incident);
    const lowConfidence = answerClass === "vague" || answerClass === "hallucination" ? random.chance(0.75) : random.chance(0.02);
    const targetTokens = this.completionTokens(requestType, answerClass, random);
    const clientTurn = turnOf(inputs);
    const name = answerClass === "good" && random.chance(0.6) ? introducedName(clientTurn) : undefined;
    const words = answerText(requestType, answerClass, targetTokens, random, name).split(" ");

    const chunks: string[] = [];
    const offsetsMs: number[] = [];
    let t = ttftMs;
    const itlBase = 15 * (1 + 0.8 * load) * (incident ? 1.25 : 1);
    for (let i = 0; i < words.length; i += 1) {
      const logProb = lowConfidence ? -(1.4 + random.next() * 2.2) : -(random.next() ** 2 * 0.9);
      const text = i === 0 ? words[i]! : ` ${words[i]}`;
      const last = i === words.length - 1;
      const tail = last
        ? `, "generated_text": ${JSON.stringify(words.join(" "))}, "details": {"finish_reason": "eos_token", "generated_tokens": ${words.length}, "prompt_tokens": ${promptTokens}}, "usage": {"prompt_tokens": ${promptTokens}, "completion_tokens": ${words.length}, "prompt_tokens_details": {"cached_tokens": ${cachedTokens}}}`
        : "";
      chunks.push(`{"token": {"id": ${1000 + i}, "text": ${JSON.stringify(text)}, "log_prob": ${logProb.toFixed(4)}}${tail}}\n`);
      offsetsMs.push(Math.round(t));
      t += itlBase * random.logNormal(1, 0.22) + (random.chance(0.015) ? random.int(60, 240) : 0);
    }

    // Broken streams and stalls past the deadline cut the answer part-way.
    const cut = Math.max(1, Math.floor(chunks.length / 2));
    let scenario: StubScenario;
    let outcome: InvocationRecord["outcome"] = "ok";
    let sentTokens = chunks.length;
    let endMs = t;
    if (failure < failureRate * 0.9) {
      scenario = { kind: "stream", chunks: chunks.slice(0, cut), offsetsMs: offsetsMs.slice(0, cut), ending: "ModelStreamError" };
      outcome = "stream_error";
      sentTokens = cut;
      endMs = offsetsMs[cut - 1]!;
    } else if (failure < failureRate) {
      // Stalls after a few tokens until the gateway gives up (its deadline), then the connection drops.
      const stallAt = Math.min(3, chunks.length);
      scenario = {
        kind: "stream",
        chunks: [...chunks.slice(0, stallAt), " "],
        offsetsMs: [...offsetsMs.slice(0, stallAt), this.options.invokeTimeoutMs + 2_000],
        ending: "destroy",
      };
      outcome = "stall";
      sentTokens = stallAt;
      endMs = this.options.invokeTimeoutMs;
    } else {
      scenario = { kind: "stream", chunks, offsetsMs };
    }
    this.busyUntil[slot.index] = now + endMs;
    const server: ServerSideTiming = {
      queueMs: slot.waitMs,
      prefillMs: Math.max(0, ttftMs - slot.waitMs),
      ttftMs,
      timePerOutputTokenMs: sentTokens > 1 ? (endMs - ttftMs) / (sentTokens - 1) : 0,
      durationMs: endMs,
      slot: slot.index,
    };
    return this.record(now, scenario, outcome, promptTokens, cachedTokens, sentTokens, endMs * 1000, server);
  }

  private record(
    at: number,
    scenario: StubScenario,
    outcome: InvocationRecord["outcome"],
    promptTokens: number,
    cachedTokens: number,
    completionTokens: number,
    modelLatencyUs: number,
    server?: ServerSideTiming,
  ): StubScenario {
    this.invocations.push({
      at,
      outcome,
      modelLatencyUs: Math.round(modelLatencyUs),
      promptTokens,
      cachedTokens,
      completionTokens,
      ...(server ? { server } : {}),
    });
    return scenario;
  }

  private answerClass(inputs: string, requestType: string, random: Random, incident: boolean): AnswerClass {
    const turn = turnOf(inputs);
    if (INJECTIONS.some((text) => turn.includes(text))) return random.chance(0.25) ? "leak" : "good";
    if (EVASIVE_INJECTIONS.some((text) => turn.includes(text))) return random.chance(0.5) ? "leak" : "good";
    const mix: Record<AnswerClass, number> = { good: 0.9, vague: 0.04, hallucination: 0.02, undue_refusal: 0.03, non_compliant: 0.01, leak: 0 };
    if (requestType === "investment_strategy") Object.assign(mix, { good: 0.8, non_compliant: 0.07, hallucination: 0.05, vague: 0.06 });
    // A prompt change made the model over-cautious with disputes: undue refusals.
    if (requestType === "card_dispute") Object.assign(mix, { good: 0.78, undue_refusal: 0.14 });
    if (incident) Object.assign(mix, { vague: mix.vague * 3, hallucination: mix.hallucination * 2 });
    return random.weighted(mix);
  }

  private completionTokens(requestType: string, answerClass: AnswerClass, random: Random): number {
    if (answerClass === "undue_refusal") return random.int(9, 14);
    const median: Record<string, number> = { balance_inquiry: 26, investment_strategy: 62, card_dispute: 44, general: 30 };
    return Math.max(8, Math.round(random.logNormal(median[requestType] ?? 30, 0.3)));
  }
}

/** The marker phrases, re-exported for the judge (one place decides what each class looks like). */
export { ANSWER_MARKERS };
