import { describe, expect, it } from "vitest";
import { isLuhnValid, isValidCnpj, isValidCpf } from "../../functions/evaluator/pii/validators";
import { checkPrompt } from "../../functions/gateway/guardrail";
import { MetricStore } from "../../testing/aws/metric-store";
import { evaluateMetricAlarm } from "../report/alarms";
import { account } from "../accounting";
import { Random } from "../../testing/random";
import { cardNumber, cnpj, cpf, findPlanted } from "../workload/pii";
import { planWorkload } from "../workload/workload";
import { callerOf } from "../workload/caller-identity";
import { principalMatches } from "../../contracts/use-case-binding";

describe("synthetic client data", () => {
  it("plants identifiers the evaluator's validators accept", () => {
    const random = new Random("pii");
    for (let i = 0; i < 200; i += 1) {
      expect(isValidCpf(cpf(random))).toBe(true);
      expect(isValidCnpj(cnpj(random))).toBe(true);
      expect(isLuhnValid(cardNumber(random))).toBe(true);
    }
  });

  it("finds planted values in text, and none once masked", () => {
    const random = new Random("leak");
    const c = { name: "Maria Silva", cpf: cpf(random), card: cardNumber(random), cnpj: cnpj(random) };
    const values = [c.name, c.cpf, c.card, c.cnpj, "12345-6", "maria.silva7@example.com.br", "+55 (11) 91234-5678"];
    const raw = `I am ${c.name}, CPF ${c.cpf}, card ${c.card}, CNPJ ${c.cnpj}, conta 12345-6, maria.silva7@example.com.br, +55 (11) 91234-5678`;
    expect(findPlanted([raw], values).sort()).toEqual([...values].sort());
    expect(findPlanted(["I am [NAME], CPF [CPF], card [CARD_NUMBER], conta [ACCOUNT_NUMBER]"], values)).toEqual([]);
  });

  it("plans the same workload for the same seed, with every kind and only the environment's names", () => {
    const options = { requests: 400, durationMs: 10_000, seed: "s", useCases: ["cards", "investments"], requestTypes: ["card_dispute", "general"] };
    const a = planWorkload(options, 32_000);
    expect(planWorkload(options, 32_000)).toEqual(a);
    expect(new Set(a.map((p) => p.kind))).toEqual(new Set(["plain", "pii", "injection", "evasive_injection", "benign_trip", "oversized"]));
    expect(a.every((p) => options.useCases.includes(p.useCase) && options.requestTypes.includes(p.requestType))).toBe(true);
    expect(Math.max(...a.map((p) => p.atMs))).toBeLessThanOrEqual(10_000);
    // Plain prompts do not trip the gateway's guardrail; injections do (the evasive ones are meant not to).
    const flagged = (kind: string) => a.filter((p) => p.kind === kind).map((p) => checkPrompt(p.prompt, 32_000).flagged);
    expect(flagged("plain").every((f) => !f)).toBe(true);
    expect(flagged("injection").every((f) => f)).toBe(true);
    expect(flagged("oversized").every((f) => f)).toBe(true);
  });
});

describe("count invariant", () => {
  const object = (key: string, ids: string[]) => ({ key, lines: ids.length, requestIds: ids, malformed: 0, bytes: 1 });
  const pass = (key: string, counts: Partial<Record<string, number>>) => ({
    message: "object evaluated",
    key,
    records: 0,
    scored: 0,
    sampledOut: 0,
    deadLettered: 0,
    duplicates: 0,
    ...counts,
  });

  it("counts each record once, in one place, and finds the lost", () => {
    const result = account({
      requests: 6,
      objects: [object("o1", ["a", "b", "c"]), object("o2", ["c", "d", "e"]), object("o3", ["f"])],
      evaluatorLogs: [pass("o1", { records: 3, scored: 1, sampledOut: 1, deadLettered: 1 }), pass("o2", { records: 3, sampledOut: 2, duplicates: 1 })],
      scores: [{ eventId: "a" }],
      deadLetters: [{ key: "o1", lineNumber: 2, reason: "malformed_line" }],
      objectsInDeadLetterQueue: [],
      logDeliveryFailures: 0,
      requestIds: ["a", "b", "c", "d", "e", "f"],
    });
    expect(result).toMatchObject({
      records: 6,
      lines: 7,
      scored: 1,
      deadLettered: 1,
      sampledOut: 3,
      skipped: 0,
      lost: 1,
      passInvariantBroken: 0,
      notDelivered: 0,
    });
  });
});

describe("the demo's alarm verdicts", () => {
  it("judges M of N datapoints now and as if the run's rate lasted", () => {
    const store = new MetricStore();
    const now = 10 * 86_400_000;
    store.add("N", "errors", {}, now - 1000, 5);
    const alarm = {
      alarm_name: "x",
      namespace: "N",
      metric_name: "errors",
      statistic: "Sum",
      period: 300,
      evaluation_periods: 3,
      datapoints_to_alarm: 2,
      threshold: 1,
      comparison_operator: "GreaterThanThreshold",
      treat_missing_data: "notBreaching",
    };
    const verdict = evaluateMetricAlarm(store, alarm, { from: now - 60_000, to: now });
    expect(verdict).toMatchObject({ now: "OK", sustained: "ALARM", value: 5 });
  });
});

describe("demo callers", () => {
  it("signs each use case's traffic as a role session the environment maps to that use case", () => {
    const auth = {
      type: "iam" as const,
      callers: [
        { principal: "arn:aws:iam::000000000000:role/demo-cards-*", useCase: "cards" },
        { principal: "arn:aws:iam::000000000000:role/router", headerUseCases: ["loans"] },
      ],
    };
    const cards = callerOf("cards", auth, 3);
    expect(cards.identity.userArn).toBe("arn:aws:sts::000000000000:assumed-role/demo-cards-demo/demo-client-3");
    expect(principalMatches(auth.callers[0]!.principal, cards.identity.userArn!)).toBe(true);
    expect(callerOf("loans", auth, 1)).toEqual({
      identity: { userArn: "arn:aws:sts::000000000000:assumed-role/router/demo-client-1" },
      headers: { "x-use-case": "loans" },
    });
    expect(() => callerOf("payroll", auth, 1)).toThrow(/maps no caller to use case payroll/);
  });
});
