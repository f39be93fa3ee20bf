import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueueRedrivePolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-policy";
import type { TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { PLATFORM_RULE_PACKS } from "../../platform-rule-packs";
import { evaluatePolicy } from "../../shared/policy/policy-aspect";
import { synthesizedStackFrom } from "../../shared/policy/synthesized-stack";
import { synthStack } from "../../../testing/fixtures/synth";
import { DEAD_LETTER_TAG } from "../policy-rules";

function failingRules(build: (stack: TerraformStack) => void): string[] {
  const json = synthStack(build);
  return [...new Set(evaluatePolicy(synthesizedStackFrom(json as never), PLATFORM_RULE_PACKS).map((f) => f.ruleId))].sort();
}

const KEY = "arn:aws:kms:sa-east-1:123456789012:key/k";
const MODEL = "arn:aws:bedrock:sa-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
const VPC_ONLY = { StringEquals: { "aws:SourceVpc": "vpc-0123456789abcdef0" } };

const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", ...statement }] });

function table(s: TerraformStack, overrides: Record<string, unknown> = {}): DynamodbTable {
  return new DynamodbTable(s, "table", {
    name: "t",
    hashKey: "id",
    attribute: [{ name: "id", type: "S" }],
    billingMode: "PAY_PER_REQUEST",
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true, kmsKeyArn: KEY },
    ...overrides,
  });
}

describe("evaluation-layer rules fire on bad constructs", () => {
  it("a queue without a CMK fails LLMOBS-SQS-1, SQS-managed SSE included", () => {
    expect(failingRules((s) => new SqsQueue(s, "q", { name: "q", tags: { ...DEAD_LETTER_TAG } }))).toEqual(["LLMOBS-SQS-1"]);
    expect(failingRules((s) => new SqsQueue(s, "q", { name: "q", sqsManagedSseEnabled: true, tags: { ...DEAD_LETTER_TAG } }))).toEqual(["LLMOBS-SQS-1"]);
  });

  it("a queue without a redrive policy fails LLMOBS-SQS-2", () => {
    expect(failingRules((s) => new SqsQueue(s, "q", { name: "q", kmsMasterKeyId: KEY }))).toEqual(["LLMOBS-SQS-2"]);
  });

  it("a redrive target, an on-failure destination and a tagged queue are dead-letter queues and need no redrive", () => {
    expect(
      failingRules((s) => {
        const dlq = new SqsQueue(s, "dlq", { name: "dlq", kmsMasterKeyId: KEY });
        new SqsQueue(s, "q", { name: "q", kmsMasterKeyId: KEY, redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }) });
      }),
    ).toEqual([]);
    expect(
      failingRules((s) => {
        const dlq = new SqsQueue(s, "dlq", { name: "dlq", kmsMasterKeyId: KEY });
        const q = new SqsQueue(s, "q", { name: "q", kmsMasterKeyId: KEY });
        new SqsQueueRedrivePolicy(s, "redrive", { queueUrl: q.url, redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }) });
      }),
    ).toEqual([]);
    expect(
      failingRules((s) => {
        const dlq = new SqsQueue(s, "dlq", { name: "dlq", kmsMasterKeyId: KEY });
        new LambdaEventSourceMapping(s, "m", {
          functionName: "arn:aws:lambda:sa-east-1:123456789012:function:f",
          eventSourceArn: "arn:aws:dynamodb:sa-east-1:123456789012:table/t/stream/x",
          startingPosition: "LATEST",
          destinationConfig: { onFailure: { destinationArn: dlq.arn } },
        });
      }),
    ).toEqual([]);
    expect(failingRules((s) => new SqsQueue(s, "q", { name: "q", kmsMasterKeyId: KEY, tags: { ...DEAD_LETTER_TAG } }))).toEqual([]);
  });

  it("a table without PITR fails LLMOBS-DDB-1, without a CMK LLMOBS-DDB-2", () => {
    expect(failingRules((s) => table(s, { pointInTimeRecovery: undefined }))).toEqual(["LLMOBS-DDB-1"]);
    expect(failingRules((s) => table(s, { pointInTimeRecovery: { enabled: false } }))).toEqual(["LLMOBS-DDB-1"]);
    expect(failingRules((s) => table(s, { serverSideEncryption: undefined }))).toEqual(["LLMOBS-DDB-2"]);
    expect(failingRules((s) => table(s, { serverSideEncryption: { enabled: true } }))).toEqual(["LLMOBS-DDB-2"]);
    expect(failingRules((s) => table(s))).toEqual([]);
  });

  it('bedrock:InvokeModel on "*" or without aws:SourceVpc fails LLMOBS-BEDROCK-1', () => {
    const role = (s: TerraformStack, statement: Record<string, unknown>) => new IamRolePolicy(s, "p", { role: "r", policy: policy(statement) });
    expect(failingRules((s) => role(s, { Action: "bedrock:InvokeModel", Resource: "*", Condition: VPC_ONLY }))).toEqual(["LLMOBS-BEDROCK-1"]);
    expect(failingRules((s) => role(s, { Action: "bedrock:InvokeModel", Resource: MODEL }))).toEqual(["LLMOBS-BEDROCK-1"]);
    expect(
      failingRules((s) => role(s, { Action: ["bedrock:Invoke*"], Resource: [MODEL], Condition: { StringEquals: { "aws:RequestedRegion": "sa-east-1" } } })),
    ).toEqual(["LLMOBS-BEDROCK-1"]);
    expect(
      failingRules((s) => new IamPolicy(s, "p", { name: "p", policy: policy({ Action: "bedrock:InvokeModel", Resource: [MODEL, "*"], Condition: VPC_ONLY }) })),
    ).toEqual(["LLMOBS-BEDROCK-1"]);
  });

  it("stays quiet on a scoped, VPC-bound grant and on other bedrock actions", () => {
    const role = (s: TerraformStack, statement: Record<string, unknown>) => new IamRolePolicy(s, "p", { role: "r", policy: policy(statement) });
    expect(failingRules((s) => role(s, { Action: "bedrock:InvokeModel", Resource: MODEL, Condition: VPC_ONLY }))).toEqual([]);
    // Bound to one endpoint (an existing one, perhaps in a shared VPC): aws:SourceVpce alone is enough.
    const viaEndpoint = { StringEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } };
    expect(failingRules((s) => role(s, { Action: "bedrock:InvokeModel", Resource: MODEL, Condition: viaEndpoint }))).toEqual([]);
    expect(failingRules((s) => role(s, { Action: "bedrock:ListFoundationModels", Resource: "*" }))).toEqual([]);
  });
});
