/**
 * Checks that span sections: each section can be valid on its own and still contradict another,
 * e.g. `gateway.requestTypes: ["chat"]` while `alerting.qualityThresholds` watches request types the
 * gateway now rejects (their SLOs would never see a score). Every problem names the file and both
 * fields.
 */
import type { ConfigProblem } from "./errors";
import { ALERTING_DEFAULTS } from "./sections/alerting";
import { GATEWAY_DEFAULTS } from "./sections/gateway";
import type { EnvironmentConfig } from "./types";

/** Request types become quality SLO names and the `request_type` dimension of quality metrics. */
const SLO_REQUEST_TYPE = /^[a-z][a-z0-9_]*$/;
/** Environment tag keys that name a use case (the source article's cost-allocation `use_case` tag). */
const USE_CASE_TAG = /^use[_-]?case$/i;

function list(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
}

function keys(value: unknown): string[] {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
}

/** Every cross-section problem of one environment file (empty when consistent). */
export function validateAcrossSections(config: EnvironmentConfig, file: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const fail = (field: string, value: unknown, allowed: string) => problems.push({ file, field, value, allowed });
  const given = list(config.gateway?.requestTypes);
  const requestTypes = given ?? [...GATEWAY_DEFAULTS.requestTypes];
  const requestTypesField = given
    ? `gateway.requestTypes is ${JSON.stringify(requestTypes)}`
    : `gateway.requestTypes is not set, so it is the default ${JSON.stringify(requestTypes)}`;
  const alerting = config.alerting;

  const thresholdsGiven = alerting?.qualityThresholds !== undefined;
  for (const requestType of keys(alerting?.qualityThresholds ?? ALERTING_DEFAULTS.qualityThresholds)) {
    if (!requestTypes.includes(requestType)) {
      fail(
        `alerting.qualityThresholds.${requestType}`,
        requestType,
        `no request of this type can reach the endpoint, so its quality SLO would never see a score: ${requestTypesField}; ` +
          (thresholdsGiven
            ? `add "${requestType}" to gateway.requestTypes or remove the threshold`
            : `alerting.qualityThresholds is not set, so it holds the default thresholds: set it for the gateway's request types`),
      );
    }
  }

  const shares = alerting?.requestTypeShares;
  if (shares !== undefined && keys(shares).length > 0) {
    for (const requestType of keys(shares)) {
      if (!requestTypes.includes(requestType)) {
        fail(
          `alerting.requestTypeShares.${requestType}`,
          requestType,
          `the gateway accepts no such request type: ${requestTypesField}; add it to gateway.requestTypes or remove the share`,
        );
      }
    }
    const missing = requestTypes.filter((rt) => !keys(shares).includes(rt));
    if (missing.length > 0) {
      fail(
        "alerting.requestTypeShares",
        shares,
        `every request type of gateway.requestTypes gets a quality SLO sized from its share: add a share for ${missing.join(", ")} (${requestTypesField})`,
      );
    }
  }

  requestTypes.forEach((requestType, index) => {
    if (typeof requestType === "string" && !SLO_REQUEST_TYPE.test(requestType)) {
      fail(
        given ? `gateway.requestTypes[${index}]` : "gateway.requestTypes",
        requestType,
        "every request type the gateway accepts gets a quality SLO (alerting.qualityThresholds, else alerting.defaultQualityThreshold) named after it: use snake_case (a-z, 0-9, _), starting with a letter",
      );
    }
  });

  const useCases = list(config.gateway?.useCases) ?? [...GATEWAY_DEFAULTS.useCases];
  const useCasesField = config.gateway?.useCases
    ? `gateway.useCases is ${JSON.stringify(useCases)}`
    : `gateway.useCases is not set, so it is the default ${JSON.stringify(useCases)}`;
  // The use case is the cost-allocation key (custom attribute, metrics, logs): one spelling each.
  const canonical = new Map<string, number>();
  useCases.forEach((useCase, index) => {
    const key = useCase.toLowerCase().replace(/[-_.]/g, "");
    const first = canonical.get(key);
    if (first !== undefined) {
      fail(
        `gateway.useCases[${index}]`,
        useCase,
        `differs from gateway.useCases[${first}] ("${useCases[first]}") only in case or separators; chargeback by use_case would split one use case in two, so spell each once`,
      );
    } else {
      canonical.set(key, index);
    }
  });
  for (const [key, value] of Object.entries(config.tags ?? {})) {
    if (USE_CASE_TAG.test(key) && !useCases.includes(value)) {
      fail(
        `tags.${key}`,
        value,
        `tags the environment's resources with a use case the gateway does not accept: ${useCasesField}; use one of them, or remove the tag`,
      );
    }
  }
  return problems;
}
