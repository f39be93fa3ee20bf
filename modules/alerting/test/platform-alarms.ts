import type { Construct } from "constructs";
import { BurnRateAlarms } from "../burn-rate-alarms";
import { DirectAlarms } from "../direct-alarms";
import { ServingAlarms } from "../serving-alarms";
import { defaultSlos } from "../slo/default-slos";

/** Runbook base used by the alarm fixtures. */
export const RUNBOOK_BASE = "https://git.example.com/platform/blob/main/runbooks";

/** The judge pair the quality SLOs and calibration alarms of the fixtures read. */
export const JUDGE_PAIR = "anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1";

/** Every alarm the platform can create for one endpoint: burn-rate alarms of the default SLOs, all direct alarms (the optional cache hit rate too) and the serving alarms. */
export function addPlatformAlarms(scope: Construct): void {
  for (const slo of defaultSlos({ modelName: "m", endpointName: "e", instanceType: "ml.g5.12xlarge", judgePair: JUDGE_PAIR })) {
    new BurnRateAlarms(scope, slo.name, { slo, namePrefix: "p", runbookBaseUrl: RUNBOOK_BASE, pageTopicArn: "arn:page", ticketTopicArn: "arn:ticket" });
  }
  new DirectAlarms(scope, "direct", {
    namePrefix: "p",
    runbookBaseUrl: RUNBOOK_BASE,
    pageTopicArn: "arn:page",
    ticketTopicArn: "arn:ticket",
    modelName: "m",
    endpointName: "e",
    instanceType: "ml.g5.12xlarge",
    deadLetterQueueNames: ["dlq"],
    functionNames: ["fn"],
    deliveryStreamName: "logs",
    judgeDailyBudgetUsd: 10,
    families: { cacheHitRate: true },
    judgeCalibration: { judgePair: JUDGE_PAIR },
    piiGuard: { evaluatorName: "p-evaluator", canaryIntervalMinutes: 60 },
  });
  new ServingAlarms(scope, "serving", {
    namePrefix: "p",
    runbookBaseUrl: RUNBOOK_BASE,
    pageTopicArn: "arn:page",
    ticketTopicArn: "arn:ticket",
    endpointName: "e",
    repeatedPrefixUseCases: ["onboarding"],
  });
}
