import { describe, expect, it } from "vitest";
import { expandPrefix } from "../firehose-delivery";

describe("Firehose delivery", () => {
  it("expands the stream's timestamp prefix", () => {
    expect(
      expandPrefix("inference-logs/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/", new Date(Date.UTC(2026, 5, 7, 9))),
    ).toBe("inference-logs/year=2026/month=06/day=07/hour=09/");
  });
});
