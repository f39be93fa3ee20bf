import { PagerdutyProvider } from "@cdktf/provider-pagerduty/lib/provider";
import { describe, expect, it } from "vitest";
import { resourcesOf, synthStack } from "../../../testing/fixtures/synth";
import { PagerDutyRouting, type PagerDutyRoutingProps } from "../pagerduty-routing";

const TOPICS = { page: "arn:aws:sns:sa-east-1:123456789012:p", ticket: "arn:aws:sns:sa-east-1:123456789012:t" };

function synth(props: Partial<PagerDutyRoutingProps>) {
  return synthStack((s) => {
    new PagerdutyProvider(s, "pagerduty", {});
    new PagerDutyRouting(s, "pd", { namePrefix: "llmobs-x-prod", topicArns: TOPICS, escalationUserIds: ["PUSER01"], ...props });
  });
}

describe("PagerDutyRouting", () => {
  it("uses the EU events host when asked, and the escalation settings given", () => {
    const json = synth({ eventsHost: "events.eu.pagerduty.com", escalationDelayMinutes: 10, escalationLoops: 0 });
    for (const s of resourcesOf(json, "aws_sns_topic_subscription")) expect(s.endpoint).toMatch(/^https:\/\/events\.eu\.pagerduty\.com\/integration\//);
    expect(resourcesOf(json, "pagerduty_escalation_policy")[0]).toMatchObject({ num_loops: 0, rule: [{ escalation_delay_in_minutes: 10 }] });
    // Incidents resolve when the alarm returns to OK, not on a PagerDuty timer.
    for (const s of resourcesOf(json, "pagerduty_service")) expect(s.auto_resolve_timeout).toBe("null");
  });

  it.each<[string, Partial<PagerDutyRoutingProps>, RegExp]>([
    ["no target", { escalationUserIds: [] }, /needs at least one target/],
    ["lower-case id", { escalationScheduleIds: ["pabc123"] }, /upper-case letters and digits such as PABC123, got "pabc123"/],
    ["zero delay", { escalationDelayMinutes: 0 }, /escalationDelayMinutes must be a whole number of minutes of at least 1, got 0/],
    ["too many loops", { escalationLoops: 10 }, /escalationLoops must be a whole number from 0 to 9, got 10/],
    ["foreign host", { eventsHost: "events.example.com" }, /eventsHost must be a PagerDuty events host/],
  ])("rejects %s", (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
