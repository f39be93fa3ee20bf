/**
 * The synthetic workload: who asks what and when. Arrivals are a Poisson process over the run;
 * each request has a use case, a request type and a kind (plain, carrying client data, a
 * prompt-injection attempt, a benign question that trips a guardrail pattern, or an oversized
 * prompt). Only the environment's own use cases and request types are used.
 */
import type { APIGatewayProxyEvent } from "aws-lambda";
import { invokeEvent } from "../../testing/fixtures/invoke-event";
import { Random } from "../../testing/random";
import { BENIGN_TRIPS, chatPrompt, EVASIVE_INJECTIONS, INJECTIONS, questionTemplates, systemPrompt, useCaseFor } from "./catalog";
import { client, type Client, type PlantedPii } from "./pii";

export type RequestKind = "plain" | "pii" | "injection" | "evasive_injection" | "benign_trip" | "oversized";

export interface PlannedRequest {
  readonly index: number;
  /** Milliseconds after the start of the run at which the request is sent. */
  readonly atMs: number;
  readonly useCase: string;
  readonly requestType: string;
  readonly kind: RequestKind;
  /** The whole prompt the gateway receives (`inputs`): fixed system prompt, then the client's turn. */
  readonly prompt: string;
  /** Client data planted in the prompt (to check that none of it reaches the judge). */
  readonly planted: readonly PlantedPii[];
  readonly maxNewTokens: number;
}

export interface WorkloadOptions {
  readonly requests: number;
  readonly durationMs: number;
  readonly seed: string;
  readonly useCases: readonly string[];
  readonly requestTypes: readonly string[];
}

/** Share of each request kind. */
export const KIND_WEIGHTS: Readonly<Record<RequestKind, number>> = {
  plain: 0.655,
  pii: 0.28,
  injection: 0.03,
  evasive_injection: 0.005,
  benign_trip: 0.02,
  oversized: 0.01,
};

/** Which request types each use case asks, by weight (filtered to the environment's). */
const REQUEST_MIX: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  onboarding: { general: 0.7, balance_inquiry: 0.3 },
  cards: { card_dispute: 0.5, balance_inquiry: 0.2, general: 0.3 },
  investments: { investment_strategy: 0.7, balance_inquiry: 0.2, general: 0.1 },
  collections: { balance_inquiry: 0.5, general: 0.5 },
};
const USE_CASE_WEIGHTS: Readonly<Record<string, number>> = { onboarding: 0.2, cards: 0.3, investments: 0.25, collections: 0.25 };

const MAX_NEW_TOKENS: Readonly<Record<string, number>> = { balance_inquiry: 96, investment_strategy: 256, card_dispute: 160, general: 128 };

function plantedOf(text: string, c: Client): PlantedPii[] {
  const all: PlantedPii[] = [
    { type: "NAME", value: c.name },
    { type: "CPF", value: c.cpf },
    { type: "CNPJ", value: c.cnpj },
    { type: "CARD_NUMBER", value: c.card },
    { type: "ACCOUNT_NUMBER", value: c.account },
    { type: "ACCOUNT_NUMBER", value: c.agency },
    { type: "EMAIL", value: c.email },
    { type: "PHONE", value: c.phone },
  ];
  return all.filter((p) => text.includes(p.value));
}

/** A statement pasted into the chat: a prompt longer than the gateway's size limit. */
function pastedStatement(random: Random, chars: number): string {
  const lines: string[] = [];
  let length = 0;
  for (let day = 1; length < chars; day += 1) {
    const line = `${String((day % 28) + 1).padStart(2, "0")}/05 COMPRA CARTAO MERCADO ${random.int(100, 999)} R$ ${random.int(1, 400)},${random.int(10, 99)}`;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join("\n");
}

function weightedAmong(random: Random, weights: Readonly<Record<string, number>>, allowed: readonly string[]): string {
  const usable = Object.fromEntries(Object.entries(weights).filter(([key]) => allowed.includes(key)));
  return Object.keys(usable).length > 0 ? random.weighted(usable) : random.pick(allowed);
}

/** Plans the whole run (deterministic for a seed). */
export function planWorkload(options: WorkloadOptions, maxPromptChars: number): PlannedRequest[] {
  if (options.useCases.length === 0 || options.requestTypes.length === 0) throw new Error("the environment has no use cases or request types to send");
  const arrivals = new Random(`${options.seed}|arrivals`);
  const meanGap = options.durationMs / options.requests;
  const planned: PlannedRequest[] = [];
  let at = 0;
  for (let index = 0; index < options.requests; index += 1) {
    const random = Random.for(options.seed, "request", index);
    const useCaseName = weightedAmong(random, USE_CASE_WEIGHTS, options.useCases);
    const useCase = useCaseFor(useCaseName);
    const requestType = weightedAmong(random, REQUEST_MIX[useCaseName] ?? {}, options.requestTypes);
    const kind = random.weighted(KIND_WEIGHTS);
    const c = client(random);
    const templates = questionTemplates(requestType);
    let question: string;
    switch (kind) {
      case "plain":
        question = random.pick(templates.plain)(c, random);
        break;
      case "pii":
        question = random.pick(templates.withPii)(c, random);
        break;
      case "injection":
        question = random.pick(INJECTIONS);
        break;
      case "evasive_injection":
        question = random.pick(EVASIVE_INJECTIONS);
        break;
      case "benign_trip":
        question = random.pick(BENIGN_TRIPS);
        break;
      case "oversized":
        question = `Here is my statement, which charges are duplicated?\n${pastedStatement(random, maxPromptChars + 500)}`;
        break;
    }
    // A caller of the collections use case stamps the time before the fixed prefix (busting the cache).
    const stamp = useCase.bustsCache ? `[${new Date(Date.UTC(2026, 5, 1, 12, 0, 0) + index * 1000).toISOString()}] ` : "";
    const prompt = chatPrompt(`${stamp}${systemPrompt(useCase)}`, question);
    planned.push({
      index,
      atMs: Math.round(at),
      useCase: useCaseName,
      requestType,
      kind,
      prompt,
      planted: kind === "pii" ? plantedOf(question, c) : [],
      maxNewTokens: MAX_NEW_TOKENS[requestType] ?? 128,
    });
    at += arrivals.exponential(meanGap);
  }
  // Arrivals past the duration are squeezed into it, so the run lasts what was asked.
  const last = planned[planned.length - 1]?.atMs ?? 0;
  if (last > options.durationMs) for (const p of planned) (p as { atMs: number }).atMs = Math.round((p.atMs * options.durationMs) / last);
  return planned;
}

/** The event API Gateway (REST, Lambda proxy integration) hands the gateway function for `request`. */
export function apiGatewayEvent(request: PlannedRequest, stage: string): APIGatewayProxyEvent {
  const requestId = `demo-${String(request.index + 1).padStart(6, "0")}`;
  const now = Date.now();
  return invokeEvent({
    headers: { accept: "application/json", "x-amzn-trace-id": `Root=1-${now.toString(16)}-${requestId}` },
    body: JSON.stringify({ inputs: request.prompt, request_type: request.requestType, parameters: { max_new_tokens: request.maxNewTokens, temperature: 0.2 } }),
    requestContext: {
      accountId: "000000000000",
      apiId: "demo",
      authorizer: { use_case: request.useCase, principalId: `client-${request.index % 97}` },
      httpMethod: "POST",
      // SigV4 callers: API Gateway puts the signing principal in identity.userArn (an assumed-role session).
      identity: {
        sourceIp: "10.0.0.10",
        userAgent: "demo-workload",
        userArn: `arn:aws:sts::000000000000:assumed-role/demo-${request.useCase}-app/session-${request.index % 7}`,
      } as APIGatewayProxyEvent["requestContext"]["identity"],
      path: `/${stage}/v1/invoke`,
      protocol: "HTTP/1.1",
      requestId,
      requestTimeEpoch: now,
      resourceId: "demo",
      resourcePath: "/v1/invoke",
      stage,
    },
  });
}
