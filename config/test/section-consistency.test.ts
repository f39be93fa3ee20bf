import { describe, expect, it } from "vitest";
import { EnvironmentConfigError, formatProblem } from "../errors";
import { environmentFromConfig } from "../from-config";
import type { EnvironmentConfig } from "../types";
import { validateEnvironment } from "../validate";
import { validEnvironment } from "../../testing/fixtures/environment-fixture";

const FILE = "environments/retail-banking/staging.ts";

function messages(config: EnvironmentConfig): string[] {
  return validateEnvironment(config, FILE).map(formatProblem);
}

describe("cross-section validation", () => {
  it("refuses quality thresholds for request types the gateway rejects, naming the file and both fields", () => {
    // gateway.requestTypes: ["chat"] is valid alone, but the default thresholds watch two other types.
    const config = { ...validEnvironment(), gateway: { requestTypes: ["chat"] } };
    const found = messages(config);
    expect(found).toHaveLength(2);
    expect(found[0]).toBe(
      `${FILE}: alerting.qualityThresholds.balance_inquiry is "balance_inquiry"; no request of this type can reach the endpoint, so its quality SLO would never see a score: ` +
        'gateway.requestTypes is ["chat"]; alerting.qualityThresholds is not set, so it holds the default thresholds: set it for the gateway\'s request types',
    );
    const explicit = { ...config, alerting: { ...config.alerting, qualityThresholds: { chat: 0.8, balance_inquiry: 0.9 } } };
    expect(messages(explicit)).toEqual([
      `${FILE}: alerting.qualityThresholds.balance_inquiry is "balance_inquiry"; no request of this type can reach the endpoint, so its quality SLO would never see a score: ` +
        'gateway.requestTypes is ["chat"]; add "balance_inquiry" to gateway.requestTypes or remove the threshold',
    ]);
  });

  it("is a synth error: environmentFromConfig throws with every problem", () => {
    const config = {
      ...validEnvironment(),
      gateway: { requestTypes: ["chat"] },
      alerting: { ...validEnvironment().alerting, qualityThresholds: { chat: 0.8, loans: 0.8 } },
    };
    expect(() => environmentFromConfig(config, FILE)).toThrow(EnvironmentConfigError);
    expect(() => environmentFromConfig(config, FILE)).toThrow(/alerting\.qualityThresholds\.loans is "loans".*gateway\.requestTypes is \["chat"\]/);
  });

  it("accepts thresholds within the gateway's request types, including its defaults", () => {
    expect(messages(validEnvironment())).toEqual([]);
    expect(messages({ ...validEnvironment(), gateway: { requestTypes: ["chat", "balance_inquiry", "investment_strategy"] } })).toEqual([]);
  });

  it("requires a share for every gateway request type, and no share for a type it rejects", () => {
    const base = validEnvironment();
    const shares = (requestTypeShares: Record<string, number>) => ({ ...base, alerting: { ...base.alerting, requestTypeShares } });
    expect(messages(shares({ balance_inquiry: 0.5, investment_strategy: 0.2, general: 0.3 }))).toEqual([]);
    expect(messages(shares({ balance_inquiry: 0.5, investment_strategy: 0.5 }))).toEqual([
      expect.stringMatching(/alerting\.requestTypeShares is .*add a share for general \(gateway\.requestTypes is not set, so it is the default/),
    ]);
    expect(messages(shares({ balance_inquiry: 0.5, investment_strategy: 0.2, general: 0.2, cards: 0.1 }))).toEqual([
      expect.stringMatching(/alerting\.requestTypeShares\.cards is "cards"; the gateway accepts no such request type/),
    ]);
  });

  it("refuses a gateway request type that cannot name a quality SLO", () => {
    const found = messages({ ...validEnvironment(), gateway: { requestTypes: ["balance_inquiry", "investment_strategy", "Chat.v2"] } });
    expect(found).toEqual([
      expect.stringContaining(
        `${FILE}: gateway.requestTypes[2] is "Chat.v2"; every request type the gateway accepts gets a quality SLO (alerting.qualityThresholds`,
      ),
    ]);
  });

  it("tags use cases consistently: one spelling each, and a use_case tag the gateway accepts", () => {
    const found = messages({ ...validEnvironment(), tags: { use_case: "cards" }, gateway: { useCases: ["general", "Credit-Card", "credit_card"] } });
    expect(found).toEqual([
      expect.stringContaining(`${FILE}: gateway.useCases[2] is "credit_card"; differs from gateway.useCases[1] ("Credit-Card") only in case or separators`),
      expect.stringContaining(
        `${FILE}: tags.use_case is "cards"; tags the environment's resources with a use case the gateway does not accept: gateway.useCases is ["general","Credit-Card","credit_card"]`,
      ),
    ]);
  });
});
