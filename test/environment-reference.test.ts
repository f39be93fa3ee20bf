import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { environmentReference } from "../config/schema/reference";
import { REFERENCE_FILE } from "../scripts/environment-reference";

describe("docs/reference/environment-settings.md", () => {
  const written = fs.readFileSync(REFERENCE_FILE, "utf8");

  it("is what the settings' declarations generate (npm run docs:environment)", () => {
    expect(written).toBe(environmentReference());
  });

  it("lists the settings a user writes most, with the modules' defaults", () => {
    expect(written).toContain('| `model.instanceType` | string | "ml.g5.12xlarge" |');
    expect(written).toContain("| `evaluation.sampleRate` | number | 0.1 |");
    expect(written).toContain("| `alerting.judgeDailyBudgetUsd` | number | 20 |");
    expect(written).toContain("| `alerting.runbookBaseUrl` | string | required |");
  });
});
