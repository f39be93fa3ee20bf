/**
 * Checks that need environments with every default applied: stack ids unique across environments,
 * and, in production, a quality page that can fire within an hour at the traffic the file expects.
 */
import { sizeQualitySlo } from "../modules/alerting";
import { alertingInputs } from "./alerting-inputs";
import { isProduction } from "./defaults";
import type { ConfigProblem } from "./errors";
import type { ResolvedEnvironment } from "./resolved";

/** Id of the stack holding the environment's PagerDuty routing. */
export const operationsStackId = (env: Pick<ResolvedEnvironment, "id">): string => `${env.id}-operations`;
/** Id of the stack holding the environment's Grafana folder, team, data source and dashboard. */
export const grafanaStackId = (env: Pick<ResolvedEnvironment, "id">): string => `${env.id}-grafana`;

/** The stacks `main.ts` synthesizes for one environment. */
export function stackIdsOf(env: ResolvedEnvironment): string[] {
  return [env.id, ...(env.alerting.pagerduty.enabled ? [operationsStackId(env)] : []), ...(env.grafana.mode !== "cloudwatch" ? [grafanaStackId(env)] : [])];
}

/** Two environments that would synthesize a stack of the same id (cdktf refuses the second). */
export function stackIdProblems(environments: readonly ResolvedEnvironment[]): ConfigProblem[] {
  const owners = new Map<string, ResolvedEnvironment[]>();
  for (const env of environments) for (const id of stackIdsOf(env)) owners.set(id, [...(owners.get(id) ?? []), env]);
  const problems: ConfigProblem[] = [];
  for (const [id, envs] of owners) {
    if (envs.length < 2) continue;
    for (const env of envs) {
      const others = envs.filter((other) => other !== env).map((other) => other.file);
      problems.push({
        file: env.file,
        field: "businessLine.name",
        value: env.businessLine.name,
        allowed: `stack id "${id}" (<business line>-<stage>) is also made by ${others.join(" and ")}; stack ids must be unique: rename the business line or the stage`,
      });
    }
  }
  return problems;
}

/**
 * In production, a total quality failure of each request type must page within an hour at the
 * traffic the file expects; a slower page is an error unless the file says why it is accepted.
 */
export function slowQualityPageProblems(env: ResolvedEnvironment): ConfigProblem[] {
  if (!isProduction(env) || env.alerting.acknowledgeSlowQualityPage !== undefined) return [];
  const inputs = alertingInputs(env);
  const sizingInput = {
    expectedRequestsPerDay: inputs.expectedRequestsPerDay,
    qualitySampleRate: inputs.qualitySampleRate,
    qualityDataDelaySeconds: inputs.qualityDataDelaySeconds,
    qualityObjective: inputs.objectives.quality,
  };
  return inputs.requestTypes.flatMap((requestType) =>
    sizeQualitySlo(sizingInput, requestType, inputs.requestTypes.length).warnings.map((warning) => ({
      file: env.file,
      field: "alerting.expectedRequestsPerDay",
      value: env.alerting.expectedRequestsPerDay,
      allowed:
        `in production a total quality failure of ${requestType.requestType} must page within an hour, but ${warning}; ` +
        "raise evaluation.sampleRate, or set alerting.acknowledgeSlowQualityPage to why a slower page is accepted",
    })),
  );
}
