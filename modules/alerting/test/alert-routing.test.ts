import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "../../shared/policy/policy-aspect";
import { PLATFORM_RULE_PACKS } from "../../platform-rule-packs";
import { synthesizedStackFrom } from "../../shared/policy/synthesized-stack";
import { resourcesOf, synthStack, TEST_ACCOUNT, TEST_REGION, testNaming } from "../../../testing/fixtures/synth";
import { alarmArnPattern, AlertRouting, alertTopicArn, alertTopicName } from "../alert-routing";

function statements(policy: string): Record<string, any>[] {
  return (JSON.parse(policy) as { Statement: Record<string, any>[] }).Statement;
}

describe("AlertRouting", () => {
  const json = synthStack((s) => {
    new AlertRouting(s, "routing", { naming: testNaming(), accountId: TEST_ACCOUNT, region: TEST_REGION });
  });
  const topics = resourcesOf(json, "aws_sns_topic");
  const [keyAddress, key] = Object.entries(json.resource.aws_kms_key!)[0]!;

  it("creates one topic per severity, named by the naming scheme and encrypted with the routing key", () => {
    expect(topics.map((t) => t.name).sort()).toEqual(["llmobs-retail-banking-staging-alerts-page", "llmobs-retail-banking-staging-alerts-ticket"]);
    for (const topic of topics) expect(topic.kms_master_key_id).toBe(`\${aws_kms_key.${keyAddress}.arn}`);
    expect(key.enable_key_rotation).toBe(true);
  });

  it("lets CloudWatch use the key for this account's alarms of the environment only (aws:SourceAccount and aws:SourceArn)", () => {
    const cw = statements(key.policy).find((s) => s.Principal?.Service === "cloudwatch.amazonaws.com")!;
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services, scoped.
    expect(cw).toEqual({
      Sid: "AllowCloudWatchAlarmsToUseKey",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": expect.stringMatching(/^\d{12}$/) },
        ArnLike: { "aws:SourceArn": expect.stringMatching(/^arn:aws:cloudwatch:[a-z0-9-]+:\d{12}:alarm:llmobs-[a-z0-9-]+-\*$/) },
      },
    });
    // The key's alarms are the topic policy's alarms.
    const topic = statements(resourcesOf(json, "aws_sns_topic_policy")[0]!.policy)[0]!;
    expect(cw.Condition).toEqual(topic.Condition);
    // Nobody else may use the key for data.
    const users = statements(key.policy).filter((s) => s.Effect === "Allow" && [s.Action].flat().some((a: string) => a === "kms:Decrypt"));
    expect(users).toEqual([cw]);
  });

  it("lets only this account's alarms with the environment's prefix publish, over TLS", () => {
    const policies = resourcesOf(json, "aws_sns_topic_policy");
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      const [allow, deny] = statements(p.policy);
      expect(allow).toMatchObject({
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Condition: {
          StringEquals: { "aws:SourceAccount": TEST_ACCOUNT },
          ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${TEST_REGION}:${TEST_ACCOUNT}:alarm:llmobs-retail-banking-staging-*` },
        },
      });
      expect(allow.Resource).toBe(p.arn);
      expect(deny).toMatchObject({ Effect: "Deny", Principal: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    }
  });

  it("builds the deterministic ARN another stack uses from the same name the topic gets", () => {
    expect(alertTopicArn(testNaming(), "page", TEST_ACCOUNT, TEST_REGION)).toBe(
      `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:llmobs-retail-banking-staging-alerts-page`,
    );
    expect(topics.map((t) => t.name)).toContain(alertTopicName(testNaming(), "ticket"));
    expect(alertTopicArn(testNaming(), "page", TEST_ACCOUNT, "cn-north-1")).toMatch(/^arn:aws-cn:sns:cn-north-1:/);
    expect(alarmArnPattern("p-", TEST_ACCOUNT, "us-gov-west-1")).toBe(`arn:aws-us-gov:cloudwatch:us-gov-west-1:${TEST_ACCOUNT}:alarm:p-*`);
  });

  it("passes every default policy rule", () => {
    expect(evaluatePolicy(synthesizedStackFrom(json as never), PLATFORM_RULE_PACKS)).toEqual([]);
  });

  it("rejects a bad account id and a wildcard alarm prefix", () => {
    expect(() => synthStack((s) => new AlertRouting(s, "r", { naming: testNaming(), accountId: "123", region: TEST_REGION }))).toThrow(
      /accountId must be 12 digits, got "123"/,
    );
    expect(() =>
      synthStack((s) => new AlertRouting(s, "r", { naming: testNaming(), accountId: TEST_ACCOUNT, region: TEST_REGION, alarmNamePrefix: "*" })),
    ).toThrow(/without wildcards, got "\*"/);
  });
});

describe("LLMOBS-TOPIC-1 in the default rule packs", () => {
  it("fires on an unencrypted topic", () => {
    const json = synthStack((s) => new SnsTopic(s, "plain", { name: "plain" }));
    expect(evaluatePolicy(synthesizedStackFrom(json as never), PLATFORM_RULE_PACKS).map((f) => f.ruleId)).toEqual(["LLMOBS-TOPIC-1"]);
  });
});
