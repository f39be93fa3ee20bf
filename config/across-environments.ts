import { PUBLISHER_RESERVED_CONCURRENCY } from "../modules/evaluation-layer/quality-publisher";
import { gatewayLambdaTimeoutSeconds } from "../modules/inference-gateway/inference-gateway";
import { gatewayReservedConcurrency } from "../modules/inference-gateway/reserved-concurrency";
import type { ConfigProblem } from "./errors";
import type { ResolvedEnvironment } from "./resolved";
import { slowQualityPageProblems, stackIdProblems } from "./resolved-checks";
import { checkAccountSettings } from "./sections/account";

/** Requests the environment's endpoint serves at once: instances (the autoscaling maximum) x per-instance limit. */
export function endpointConcurrencyOf(env: ResolvedEnvironment): number {
  return (env.model.autoscaling?.maxInstances ?? env.model.instanceCount) * env.model.maxConcurrentRequests;
}

/** The gateway function's reserved concurrency, as the stack derives it (README: "Gateway reserved concurrency"). */
export function gatewayReservedConcurrencyOf(env: ResolvedEnvironment): number {
  return gatewayReservedConcurrency({
    rateLimit: env.gateway.throttling.rateLimit,
    burstLimit: env.gateway.throttling.burstLimit,
    lambdaTimeoutSeconds: gatewayLambdaTimeoutSeconds(env.gateway.invokeTimeoutMs),
    endpointConcurrency: endpointConcurrencyOf(env),
  });
}

/** Reserved concurrency of all of the environment's functions: gateway, evaluator and quality publisher. */
export function environmentReservedConcurrency(env: ResolvedEnvironment): number {
  return gatewayReservedConcurrencyOf(env) + env.evaluation.evaluatorReservedConcurrency + PUBLISHER_RESERVED_CONCURRENCY;
}

/**
 * What environments must agree on: stack ids unique, and within one account and region the
 * account settings (see `checkAccountSettings`); and each production environment's quality page.
 * Returns the problems and the environments with their warnings attached.
 */
export function checkAcrossEnvironments(environments: readonly ResolvedEnvironment[]): {
  readonly problems: readonly ConfigProblem[];
  readonly environments: readonly ResolvedEnvironment[];
} {
  const { problems, warnings } = checkAccountSettings(
    environments.map((env) => ({
      file: env.file,
      id: env.id,
      accountId: env.accountId,
      region: env.region,
      accountSettings: env.accountSettings,
      reservedConcurrency: environmentReservedConcurrency(env),
    })),
  );
  return {
    problems: [...stackIdProblems(environments), ...environments.flatMap(slowQualityPageProblems), ...problems],
    environments: environments.map((env) => ({ ...env, warnings: [...env.warnings, ...(warnings.get(env.file) ?? [])] })),
  };
}
