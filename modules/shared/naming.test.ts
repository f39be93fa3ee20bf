import { describe, expect, it } from "vitest";
import { fitName, NAME_LIMITS, ResourceNaming } from "./naming";

describe("ResourceNaming", () => {
  const naming = new ResourceNaming({ businessLine: "wealth-management", stage: "staging", accountId: "123456789012", region: "sa-east-1" });

  it("names resources <prefix>-<business-line>-<stage>-<purpose>", () => {
    expect(naming.name("endpoint")).toBe("llmobs-wealth-management-staging-endpoint");
  });

  it("keeps bucket names within 63 characters, unique per account and region, and stable", () => {
    const name = naming.bucketName("inference-logs");
    expect(name.length).toBeLessThanOrEqual(NAME_LIMITS.s3Bucket);
    expect(name).toMatch(/^llmobs-wealth-management-staging-inference-logs-\d*-[0-9a-f]{8}$/);
    expect(naming.bucketName("inference-logs")).toBe(name);
    expect(naming.bucketName("capture")).not.toBe(name);
  });

  it("shortens with a hash so two long names that share a start stay distinct", () => {
    const a = fitName("x".repeat(70) + "-a", 64);
    const b = fitName("x".repeat(70) + "-b", 64);
    expect(a).toHaveLength(64);
    expect(a).not.toBe(b);
  });
});
