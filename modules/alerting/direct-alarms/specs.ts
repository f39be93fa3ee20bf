/**
 * The direct alarms as data: each family's builder, run when its family is on, in creation order,
 * with the runbook and severity of each alarm's kind.
 */
import type { RunbookFamily } from "../runbooks";
import type { Severity } from "../slo/slo";
import type { DirectAlarmConfig, DirectAlarmDraft, DirectAlarmText } from "./alarm-config";
import { DIRECT_ALARM_FAMILY_NAMES, familyIsOn, validateAlarmFamilies, type DirectAlarmFamily } from "./families";
import { firehoseAlarms } from "./firehose-alarms";
import { gpuAlarms, latencyAlarms } from "./gpu-latency-alarms";
import { judgeCalibrationAlarms, judgeSpendAlarms } from "./judge-alarms";
import { DEFAULT_DIRECT_ALARM_SEVERITY, DIRECT_ALARM_KINDS, type DirectAlarmKind, type DirectAlarmKindOf } from "./kinds";
import { piiGuardAlarms } from "./pii-guard-alarms";
import { cacheHitRateAlarms, promptAnomalyAlarms } from "./prompt-cache-alarms";
import { resolveDirectAlarmInput, type DirectAlarmSpecsInput, type ResolvedDirectAlarmInput } from "./props";
import { deadLetterQueueAlarms, lambdaAlarms } from "./queue-lambda-alarms";

/**
 * One direct alarm as data: everything the construct renders, and what `npm run simulate:slo`
 * replays, so the replay evaluates exactly the deployed periods, statistics and thresholds.
 */
export interface DirectAlarmSpec {
  readonly kind: DirectAlarmKind;
  /** The instance the alarm watches (queue or function name); empty for one-per-endpoint alarms. */
  readonly idSuffix: string;
  readonly family: RunbookFamily;
  readonly severity: Severity;
  readonly text: DirectAlarmText;
  readonly config: DirectAlarmConfig;
}

/** The builder of each family: it may only write its own family's kinds. */
const FAMILY_BUILDERS: { readonly [F in DirectAlarmFamily]: (input: ResolvedDirectAlarmInput) => readonly DirectAlarmDraft<DirectAlarmKindOf<F>>[] } = {
  gpu: gpuAlarms,
  latency: latencyAlarms,
  promptAnomaly: promptAnomalyAlarms,
  cacheHitRate: cacheHitRateAlarms,
  deadLetterQueues: deadLetterQueueAlarms,
  lambda: lambdaAlarms,
  firehose: firehoseAlarms,
  judgeSpend: judgeSpendAlarms,
  judgeCalibration: judgeCalibrationAlarms,
  piiGuard: piiGuardAlarms,
};

/** The direct alarms of `props` as data (validated), in creation order. */
export function directAlarmSpecs(props: DirectAlarmSpecsInput): DirectAlarmSpec[] {
  validateAlarmFamilies(props.families, DIRECT_ALARM_FAMILY_NAMES);
  const input = resolveDirectAlarmInput(props);
  return DIRECT_ALARM_FAMILY_NAMES.filter((family) => familyIsOn(props.families, family))
    .flatMap((family): readonly DirectAlarmDraft[] => FAMILY_BUILDERS[family](input))
    .map((draft) => ({
      kind: draft.kind,
      idSuffix: draft.idSuffix ?? "",
      family: DIRECT_ALARM_KINDS[draft.kind].runbook,
      severity: props.severityOverrides?.[draft.kind] ?? DEFAULT_DIRECT_ALARM_SEVERITY[draft.kind],
      text: draft.text,
      config: draft.config,
    }));
}
