import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { requireRulePack } from "../shared/policy/packs";
import { ALERTING_RULE_PACK } from "./policy-rules";
import type { EnvironmentScope } from "../shared/naming";
import { acceleratorCount } from "./accelerators";
import { AlertRouting } from "./alert-routing";
import { BurnRateAlarms } from "./burn-rate-alarms";
import { validateCalibrationThresholds, type CalibrationThresholds } from "../../contracts/calibration-record";
import {
  DIRECT_ALARM_FAMILY_KINDS,
  DirectAlarms,
  directAlarmSpecs,
  givenThresholds,
  validateAlarmFamilies,
  type DirectAlarmFamilies,
  type DirectAlarmOptions,
  type DirectAlarmSpec,
  type DirectAlarmSpecsInput,
  type DirectAlarmThresholds,
} from "./direct-alarms";
import { validateRunbookBaseUrl } from "./runbooks";
import { DEFAULT_REQUEST_TYPE_QUALITY, defaultSlos, type ApiStage, type RequestTypeQuality } from "./slo/default-slos";
import type { Slo } from "./slo/slo";

/** Objectives that override the source article's (availability 0.995, TTFT 0.95, quality 0.95). */
export interface SloObjectives {
  /** Share of requests that must succeed. @default 0.995 */
  readonly availability?: number;
  /** Share of requests whose TTFT must be at or under 1500 ms. @default 0.95 */
  readonly ttft?: number;
  /** Share of evaluated responses that must reach their request type's threshold. @default 0.95 */
  readonly quality?: number;
}

/** Switches for every family of alarms `Alerting` creates; a family left out (or `true`) is created. */
export interface AlarmFamilies extends DirectAlarmFamilies {
  /** The multi-window burn-rate alarms (and their composites) of every SLO. @default true */
  readonly burnRate?: boolean;
}

/** Names of the families `AlarmFamilies` can switch off. */
export const ALARM_FAMILIES: readonly (keyof AlarmFamilies)[] = ["burnRate", ...(Object.keys(DIRECT_ALARM_FAMILY_KINDS) as (keyof DirectAlarmFamilies)[])];

/**
 * The props of `Alerting`: the direct alarms' options and thresholds (`DirectAlarmsProps` without
 * names, topics and switches, which `Alerting` derives), plus what shapes the SLOs.
 */
export interface AlertingProps extends EnvironmentScope, DirectAlarmOptions, DirectAlarmThresholds {
  /**
   * The judge pair scoring production (`judgePairId`; the evaluation layer's `judgePair`): the
   * default quality SLOs read its series only, and the calibration alarms watch its runs.
   * @default - required with the default quality SLOs (a non-empty `requestTypes`, which is the default)
   */
  readonly judgePair?: string;
  /**
   * Floors and ceilings of the judge's golden-set calibration (the calibration function's own);
   * with `judgePair`, adds the `judgeCalibration` alarms.
   * @default - no calibration alarms
   */
  readonly calibrationThresholds?: CalibrationThresholds;
  /**
   * Quality threshold per request type; one quality SLO each. Shapes the default SLOs only: not
   * allowed together with `slos`.
   * @default DEFAULT_REQUEST_TYPE_QUALITY (balance_inquiry 0.9, investment_strategy 0.75)
   */
  readonly requestTypes?: readonly RequestTypeQuality[];
  /**
   * SLO objectives over the source article's. Shapes the default SLOs only: not allowed together with `slos`.
   * @default {} - availability 0.995, TTFT 0.95, quality 0.95
   */
  readonly objectives?: SloObjectives;
  /**
   * Requests a day the endpoint is expected to serve. With `qualitySampleRate` and the request types'
   * shares it sizes the quality SLOs' windows and minimum evaluations, so that a total quality
   * failure pages within an hour; too little traffic for that is a synth warning with the figures.
   * Shapes the default SLOs only.
   * @default 10000 (the source article's)
   */
  readonly expectedRequestsPerDay?: number;
  /**
   * Share of ordinary answers the evaluator judges (the evaluator's `sampleRate`). Shapes the default SLOs only.
   * @default 0.1
   */
  readonly qualitySampleRate?: number;
  /**
   * Seconds a quality score can reach CloudWatch after its inference (Firehose buffering plus the
   * evaluation pipeline). Shapes the default SLOs only.
   * @default 300
   */
  readonly qualityDataDelaySeconds?: number;
  /**
   * The REST API stage in front of the gateway (`InferenceGateway.apiStage`): the availability SLO
   * then counts what clients see (API Gateway 5XX and 429s) instead of the gateway function's own
   * counts, so failures before the function runs are not missed. Shapes the default SLOs only.
   * @default - availability from the gateway function's RequestCount / FailedRequestCount
   */
  readonly api?: ApiStage;
  /**
   * The SLOs to guard, replacing the default list (build on `defaultSlos()` to keep some of it).
   * @default - defaultSlos(): availability, TTFT and one quality SLO per `requestTypes` entry
   */
  readonly slos?: readonly Slo[];
  /**
   * SLOs guarded as well, after `slos` (or the defaults), e.g. one on a metric of your own.
   * @default []
   */
  readonly additionalSlos?: readonly Slo[];
  /**
   * Families of alarms to create, e.g. `{ firehose: false }` where the stream is watched elsewhere.
   * @default - every family: burn-rate alarms and all direct alarms
   */
  readonly alarms?: AlarmFamilies;
}

/**
 * The whole alerting of one endpoint: encrypted page and ticket topics (`AlertRouting`), the
 * multi-window burn-rate alarms of every SLO (availability, TTFT, one quality SLO per request type)
 * and the source article's direct alarms, all routed to the topics by severity.
 */
export class Alerting extends Construct {
  readonly routing: AlertRouting;
  /** The SLOs, in order: `slos` (by default availability, ttft, quality-<request-type>...), then `additionalSlos`. */
  readonly slos: readonly Slo[];
  /** Burn-rate alarms per SLO name; empty when `alarms.burnRate` is false. */
  readonly burnRateAlarms: Readonly<Record<string, BurnRateAlarms>>;
  readonly directAlarms: DirectAlarms;

  constructor(scope: Construct, id: string, props: AlertingProps) {
    super(scope, id);
    requireRulePack(this, ALERTING_RULE_PACK);
    validateRunbookBaseUrl(props.runbookBaseUrl);
    validateAlarmFamilies(props.alarms, ALARM_FAMILIES);
    const objectives = props.objectives ?? {};
    for (const [name, value] of Object.entries(objectives)) {
      if (value !== undefined && !(typeof value === "number" && value > 0 && value < 1)) {
        throw new Error(`objective of ${name} must be a share between 0 and 1 (exclusive), e.g. 0.995, got ${value}`);
      }
    }
    const namePrefix = props.naming.prefix;
    const tags = props.tags ?? {};

    this.routing = new AlertRouting(this, "routing", {
      naming: props.naming,
      accountId: props.accountId,
      region: props.region,
      alarmNamePrefix: `${namePrefix}-`,
      tags,
    });
    const topics = { pageTopicArn: this.routing.pageTopicArn, ticketTopicArn: this.routing.ticketTopicArn };

    const plan = alertingPlan(props);
    this.slos = plan.slos;
    for (const slo of this.slos) {
      for (const warning of slo.warnings ?? []) Annotations.of(this).addWarning(warning);
    }
    const burnRateOn = props.alarms?.burnRate ?? true;
    if (!burnRateOn && (props.slos !== undefined || props.additionalSlos !== undefined)) {
      Annotations.of(this).addWarning("slos are given but alarms.burnRate is false: no alarm guards them; drop the slos or turn burnRate back on");
    }
    const burnRateAlarms: Record<string, BurnRateAlarms> = {};
    for (const slo of burnRateOn ? this.slos : []) {
      burnRateAlarms[slo.name] = new BurnRateAlarms(this, `slo-${slo.name}`, {
        slo,
        namePrefix,
        runbookBaseUrl: props.runbookBaseUrl,
        ...topics,
        tags,
      });
    }
    this.burnRateAlarms = burnRateAlarms;

    this.directAlarms = new DirectAlarms(this, "direct", {
      namePrefix,
      runbookBaseUrl: props.runbookBaseUrl,
      ...topics,
      ...directAlarmInput(props),
    });
  }

  get pageTopicArn(): string {
    return this.routing.pageTopicArn;
  }

  get ticketTopicArn(): string {
    return this.routing.ticketTopicArn;
  }
}

/** What the alerting of one endpoint is made of, as data: what the construct deploys and the replay evaluates. */
export interface AlertingPlan {
  /** The SLOs, in order: `slos` (or the defaults), then `additionalSlos`. */
  readonly slos: readonly Slo[];
  /** The direct alarms. */
  readonly directAlarms: readonly DirectAlarmSpec[];
}

/** Props the plan reads (names, topics and tags do not change what an alarm evaluates). */
export type AlertingPlanInput = Omit<AlertingProps, "naming" | "accountId" | "region" | "runbookBaseUrl" | "tags">;

/**
 * The SLOs and direct alarms `Alerting` creates for `props`, as data (`npm run simulate:slo` replays
 * exactly these). Throws on the props `Alerting` refuses.
 */
export function alertingPlan(props: AlertingPlanInput): AlertingPlan {
  const objectives = props.objectives ?? {};
  if (props.calibrationThresholds !== undefined) {
    if (!props.judgePair) throw new Error("calibrationThresholds needs judgePair: the calibration alarms watch the runs of the judge pair scoring production");
    const problems = validateCalibrationThresholds(props.calibrationThresholds, "calibrationThresholds");
    if (problems.length > 0) throw new Error(problems.join("; "));
  }
  const shaping = ["objectives", "requestTypes", "expectedRequestsPerDay", "qualitySampleRate", "qualityDataDelaySeconds", "api"] as const;
  const given = shaping.filter((key) => props[key] !== undefined);
  if (props.slos !== undefined && given.length > 0) {
    throw new Error(
      `${given.join(", ")} shape the default slos, which slos replaces; set them in your slos (defaultSlos() takes them all), or use additionalSlos to keep the defaults`,
    );
  }
  const slos = [
    ...(props.slos ??
      defaultSlos({
        modelName: props.modelName,
        endpointName: props.endpointName,
        instanceType: props.instanceType,
        judgePair: props.judgePair,
        requestTypes: props.requestTypes ?? DEFAULT_REQUEST_TYPE_QUALITY,
        availabilityObjective: objectives.availability,
        ttftObjective: objectives.ttft,
        qualityObjective: objectives.quality,
        expectedRequestsPerDay: props.expectedRequestsPerDay,
        qualitySampleRate: props.qualitySampleRate,
        qualityDataDelaySeconds: props.qualityDataDelaySeconds,
        api: props.api,
      })),
    ...(props.additionalSlos ?? []),
  ];
  const seen = new Set<string>();
  for (const slo of slos) {
    if (seen.has(slo.name)) throw new Error(`slo name "${slo.name}" is used twice (slos and additionalSlos together); give each slo its own name`);
    seen.add(slo.name);
  }
  return { slos, directAlarms: directAlarmSpecs(directAlarmInput(props)) };
}

/** What the direct alarms read of `Alerting`'s props: the options and thresholds they share, the GPU count and the calibration to watch. */
function directAlarmInput(props: AlertingPlanInput): DirectAlarmSpecsInput {
  return {
    modelName: props.modelName,
    endpointName: props.endpointName,
    instanceType: props.instanceType,
    variantName: props.variantName,
    gpuCount: props.gpuCount ?? acceleratorCount(props.instanceType),
    judgeDailyBudgetUsd: props.judgeDailyBudgetUsd,
    ...givenThresholds(props),
    ...(props.calibrationThresholds !== undefined && props.judgePair !== undefined
      ? { judgeCalibration: { judgePair: props.judgePair, thresholds: props.calibrationThresholds } }
      : {}),
    ...(props.piiGuard !== undefined ? { piiGuard: props.piiGuard } : {}),
    functionNames: props.functionNames,
    deadLetterQueueNames: props.deadLetterQueueNames,
    deliveryStreamName: props.deliveryStreamName,
    severityOverrides: props.severityOverrides,
    families: directFamilies(props.alarms),
  };
}

/** The direct-alarm switches among the families (everything but `burnRate`). */
function directFamilies(alarms: AlarmFamilies | undefined): DirectAlarmFamilies | undefined {
  if (alarms === undefined) return undefined;
  const { burnRate: _burnRate, ...direct } = alarms;
  return direct;
}
