/**
 * Policy-aspect rules for alarms and topics: every alarm reaches someone, tells them where the
 * runbook is, treats missing data on purpose and fits CloudWatch's evaluation limits; every topic
 * is encrypted.
 */
import type { PolicyRule, RuleResult, SynthesizedResource, SynthesizedStack, RulePack } from "../shared/policy/types";
import { RUNBOOK_LINK_PATTERN } from "./runbooks";
import { MAX_EVALUATION_RANGE_SECONDS, MAX_SHORT_PERIOD_EVALUATION_RANGE_SECONDS } from "./slo/burn-rate";

const METRIC_ALARM = "aws_cloudwatch_metric_alarm";
const COMPOSITE_ALARM = "aws_cloudwatch_composite_alarm";
const SNS_TOPIC = "aws_sns_topic";
const ALARM_TYPES = [METRIC_ALARM, COMPOSITE_ALARM] as const;

function verdict(ok: boolean): RuleResult {
  return ok ? "compliant" : "non-compliant";
}

function nonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.some((v) => typeof v === "string" && v.length > 0);
}

function actionsEnabled(resource: SynthesizedResource): boolean {
  return resource.config.actions_enabled !== false;
}

/**
 * An alarm notifies someone: it has alarm actions, or it is a building block of a composite alarm
 * that does (burn-rate windows notify only through their composite).
 */
export function alarmHasActions(resource: SynthesizedResource, stack: SynthesizedStack): RuleResult {
  if (actionsEnabled(resource) && nonEmptyList(resource.config.alarm_actions)) return "compliant";
  if (resource.type !== METRIC_ALARM) return "non-compliant";
  const parents = stack.referencing(resource, COMPOSITE_ALARM);
  return verdict(parents.some((parent) => actionsEnabled(parent) && nonEmptyList(parent.config.alarm_actions)));
}

/** The description ends with `Runbook: https://.../<family>.md` and says something before it. */
export function alarmHasRunbook(resource: SynthesizedResource): RuleResult {
  const description = resource.config.alarm_description;
  if (typeof description !== "string") return "non-compliant";
  const match = RUNBOOK_LINK_PATTERN.exec(description);
  return verdict(match !== null && match.index >= 20);
}

/**
 * Missing data is treated on purpose. Left unset (`missing`), an alarm whose metric stops goes to
 * INSUFFICIENT_DATA and notifies no one.
 */
export function alarmTreatsMissingData(resource: SynthesizedResource): RuleResult {
  const treatment = resource.config.treat_missing_data;
  return verdict(treatment === "notBreaching" || treatment === "ignore" || treatment === "breaching");
}

/** Period x evaluation periods within PutMetricAlarm's limits (1 day below a 1-hour period, else 7 days). */
export function alarmEvaluationRangeWithinLimits(resource: SynthesizedResource): RuleResult {
  const periods = Number(resource.config.evaluation_periods);
  const period = alarmPeriod(resource.config);
  if (!Number.isFinite(periods) || period === undefined) return "non-compliant";
  const limit = period < 3_600 ? MAX_SHORT_PERIOD_EVALUATION_RANGE_SECONDS : MAX_EVALUATION_RANGE_SECONDS;
  const datapoints = resource.config.datapoints_to_alarm === undefined ? periods : Number(resource.config.datapoints_to_alarm);
  return verdict(period * periods <= limit && datapoints >= 1 && datapoints <= periods);
}

function alarmPeriod(config: Record<string, unknown>): number | undefined {
  if (typeof config.period === "number") return config.period;
  const queries = Array.isArray(config.metric_query) ? (config.metric_query as Record<string, unknown>[]) : [];
  const periods = queries.map((q) => (q.metric as Record<string, unknown> | undefined)?.period).filter((p): p is number => typeof p === "number");
  if (periods.length === 0 || periods.some((p) => p !== periods[0])) return undefined;
  return periods[0];
}

/** Topics carry alarm text about customer-facing systems: encrypt them with a KMS key. */
export function topicIsEncrypted(resource: SynthesizedResource): RuleResult {
  const key = resource.config.kms_master_key_id;
  return verdict(typeof key === "string" && key.length > 0);
}

export const ALERTING_RULES: PolicyRule[] = [
  {
    id: "LLMOBS-ALARM-1",
    description: "Every alarm has alarm actions, or feeds a composite alarm that has them",
    resourceTypes: ALARM_TYPES,
    check: alarmHasActions,
  },
  {
    id: "LLMOBS-ALARM-2",
    description: "Every alarm description says what is wrong and ends with a runbook link (Runbook: https://.../<family>.md)",
    resourceTypes: ALARM_TYPES,
    check: alarmHasRunbook,
  },
  {
    id: "LLMOBS-ALARM-3",
    description: "Every metric alarm sets treat_missing_data explicitly (notBreaching, ignore or breaching)",
    resourceTypes: [METRIC_ALARM],
    check: alarmTreatsMissingData,
  },
  {
    id: "LLMOBS-ALARM-4",
    description: "Metric alarm period x evaluation periods within CloudWatch limits (1 day under a 1-hour period, else 7 days), one period for all queries",
    resourceTypes: [METRIC_ALARM],
    check: alarmEvaluationRangeWithinLimits,
  },
  {
    id: "LLMOBS-TOPIC-1",
    description: "Every SNS topic is encrypted with a KMS key (kms_master_key_id)",
    resourceTypes: [SNS_TOPIC],
    references: ["checkov CKV_AWS_26", "cdk-nag AwsSolutions-SNS2", "NIST 800-53 SC-28"],
    check: topicIsEncrypted,
  },
];

/** The rules this module brings to the policy aspect of any stack that uses it. */
export const ALERTING_RULE_PACK: RulePack = { name: "alerting", rules: ALERTING_RULES };
