import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { maskJudgeInput } from "../../evaluator/judge-input";
import { buildJudgeMessage } from "../../evaluator/judge/prompt";
import { lastCheck } from "../../evaluator/last-check/last-check";
import { isValidCpf } from "../../evaluator/pii/validators";
import { canaryRecord } from "../canary-record";
import { cpfCheckDigits, plantedValues } from "../canary-values";
import { leakedKinds } from "../compare";

const CONTEXT = { runId: "20260601T120000Z-9f2c4a1b", now: new Date("2026-06-01T12:00:00Z"), endpointName: "llm-prod", modelName: "llama" };

describe("canary values", () => {
  it("computes CPF check digits as the Receita Federal does (529.982.247-25, 111.444.777-35)", () => {
    expect(cpfCheckDigits("529982247")).toBe("25");
    expect(cpfCheckDigits("111444777")).toBe("35");
  });

  it("draws a valid CPF and new values on every run", () => {
    const runs = Array.from({ length: 200 }, () => plantedValues());
    expect(runs.every((values) => isValidCpf(values.cpf))).toBe(true);
    expect(new Set(runs.map((values) => values.cpf)).size).toBe(200);
    expect(new Set(runs.map((values) => values.account)).size).toBeGreaterThan(190);
  });

  it("marks the record as a canary by its field, never by its values", () => {
    const record = canaryRecord(plantedValues(), CONTEXT);
    expect(record.canary).toEqual({ runId: CONTEXT.runId });
    expect(record.requestId).toBe(`pii-canary-${CONTEXT.runId}`);
  });
});

describe("the canary against today's masking (sa-east-1: local detectors only)", () => {
  it("is masked whole and passes the last check on 300 random runs: a healthy path reports no leak", async () => {
    for (let run = 0; run < 300; run += 1) {
      const values = plantedValues(randomInt);
      const record = canaryRecord(values, CONTEXT);
      const masked = await maskJudgeInput(record, ["pt"]);
      expect(lastCheck(masked.input, record)).toEqual([]);
      expect(leakedKinds(values, buildJudgeMessage(masked.input))).toEqual([]);
    }
  });

  it("finds every planted kind in an unmasked payload", () => {
    const values = plantedValues();
    const record = canaryRecord(values, CONTEXT);
    expect(leakedKinds(values, buildJudgeMessage(record))).toEqual(["NAME", "STREET", "CEP", "CPF", "ACCOUNT"]);
  });
});
