import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RUNBOOK_FAMILIES, RUNBOOK_LINK_PATTERN } from "../runbooks";
import { ofType, synthResources } from "./synth";
import { addPlatformAlarms, RUNBOOK_BASE as BASE } from "./platform-alarms";

const REPO_ROOT = join(__dirname, "..", "..", "..");

describe("runbooks", () => {
  const resources = synthResources((scope) => addPlatformAlarms(scope));
  const alarms = [...ofType(resources, "aws_cloudwatch_metric_alarm"), ...ofType(resources, "aws_cloudwatch_composite_alarm")];

  it("has a markdown file for every runbook link any alarm uses", () => {
    const families = new Set<string>();
    for (const alarm of alarms) {
      const match = RUNBOOK_LINK_PATTERN.exec(alarm.alarm_description);
      expect(match, alarm.alarm_name).not.toBeNull();
      expect(match![1]!.startsWith(`${BASE}/`)).toBe(true);
      families.add(match![2]!);
    }
    expect(families.size).toBe(RUNBOOK_FAMILIES.length);
    for (const family of families) expect(existsSync(join(REPO_ROOT, "runbooks", `${family}.md`)), family).toBe(true);
  });

  it("tells the operator what to check first and what not to do in every runbook", () => {
    for (const family of RUNBOOK_FAMILIES) {
      const text = readFileSync(join(REPO_ROOT, "runbooks", `${family}.md`), "utf8");
      expect(text, family).toMatch(/^## Check first$/m);
      expect(text, family).toMatch(/^## Do not$/m);
    }
  });
});
