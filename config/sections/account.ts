/**
 * The `accountSettings` section of an environment file: settings that exist once per AWS account
 * and region, whichever environment's stack holds them. API Gateway's CloudWatch Logs role is one:
 * exactly one stack per account and region may own it, or the stacks would overwrite each other's.
 */
import type { ConfigProblem } from "../errors";
import { ACCOUNT_SETTINGS_DEFAULTS, ACCOUNT_SETTINGS_SCHEMA } from "../schema/telemetry-account";
import { checkSettings } from "../schema/check";
import { notAnObject } from "./section-check";

export interface AccountSettingsConfig {
  /**
   * This environment's stack creates and owns the account's API Gateway CloudWatch Logs role
   * (`aws_api_gateway_account`, one per account and region), which stage execution logging needs:
   * without it a fresh account fails at the stage with "CloudWatch Logs role ARN must be set in
   * account settings". Exactly one environment per account and region sets true; synth fails when
   * two do and warns when none does (then the role must already be set outside the platform, which
   * `npm run preflight` checks).
   * @default false
   */
  readonly ownsApiGatewayLoggingRole?: boolean;
  /**
   * The account's Lambda concurrent-executions quota in this region. The reserved concurrency of
   * every environment of the account and region must leave AWS's 100 unreserved executions.
   * @default 1000 - the AWS default quota
   */
  readonly lambdaConcurrencyLimit?: number;
}

export interface ResolvedAccountSettings {
  readonly ownsApiGatewayLoggingRole: boolean;
  readonly lambdaConcurrencyLimit: number;
}

export { ACCOUNT_SETTINGS_DEFAULTS } from "../schema/telemetry-account";

/** Executions AWS keeps unreserved in every account and region (PutFunctionConcurrency refuses to go below). */
export const UNRESERVED_CONCURRENCY_FLOOR = 100;

/** Checks the `accountSettings` section of one file; every problem names the file and field. */
export function validateAccountSettings(section: AccountSettingsConfig | undefined, file: string): ConfigProblem[] {
  if (section === undefined) return [];
  const shape = notAnObject(section, file, "accountSettings", "expected { ownsApiGatewayLoggingRole, lambdaConcurrencyLimit }");
  if (shape) return [shape];
  return checkSettings(ACCOUNT_SETTINGS_SCHEMA, section, file, "accountSettings");
}

/** Applies the defaults. */
export function resolveAccountSettings(section: AccountSettingsConfig | undefined): ResolvedAccountSettings {
  return {
    ownsApiGatewayLoggingRole: section?.ownsApiGatewayLoggingRole ?? ACCOUNT_SETTINGS_DEFAULTS.ownsApiGatewayLoggingRole,
    lambdaConcurrencyLimit: section?.lambdaConcurrencyLimit ?? ACCOUNT_SETTINGS_DEFAULTS.lambdaConcurrencyLimit,
  };
}

/** What the account-wide check needs of each environment. */
export interface AccountScopedEnvironment {
  readonly file: string;
  readonly id: string;
  readonly accountId: string;
  readonly region: string;
  readonly accountSettings: ResolvedAccountSettings;
  /** Reserved concurrency of all of the environment's functions together. */
  readonly reservedConcurrency: number;
}

export interface AccountCheckResult {
  /** Problems that fail synth, each naming a file. */
  readonly problems: readonly ConfigProblem[];
  /** Warnings per environment file, shown at synth on that environment's stack. */
  readonly warnings: ReadonlyMap<string, readonly string[]>;
}

/**
 * Checks what environments sharing an account and region must agree on: exactly one owns the API
 * Gateway CloudWatch Logs role (two is an error naming both files, none a warning on each), and
 * their reserved Lambda concurrency fits the account's quota.
 */
export function checkAccountSettings(environments: readonly AccountScopedEnvironment[]): AccountCheckResult {
  const problems: ConfigProblem[] = [];
  const warnings = new Map<string, string[]>();
  const warn = (file: string, message: string) => warnings.set(file, [...(warnings.get(file) ?? []), message]);
  const groups = new Map<string, AccountScopedEnvironment[]>();
  for (const env of environments) {
    const key = `${env.accountId}/${env.region}`;
    groups.set(key, [...(groups.get(key) ?? []), env]);
  }
  for (const [key, group] of groups) {
    const [accountId, region] = key.split("/") as [string, string];
    const owners = group.filter((env) => env.accountSettings.ownsApiGatewayLoggingRole);
    if (owners.length > 1) {
      for (const owner of owners) {
        problems.push({
          file: owner.file,
          field: "accountSettings.ownsApiGatewayLoggingRole",
          value: true,
          allowed: `account ${accountId} in ${region} has one API Gateway CloudWatch Logs role; exactly one environment may own it, but ${owners.map((o) => o.file).join(" and ")} all set true`,
        });
      }
    } else if (owners.length === 0) {
      for (const env of group) {
        warn(
          env.file,
          `no environment of account ${accountId} in ${region} owns the API Gateway CloudWatch Logs role (accountSettings.ownsApiGatewayLoggingRole in ${group.map((g) => g.file).join(", ")}): ` +
            'the stage fails with "CloudWatch Logs role ARN must be set in account settings" unless it is set outside the platform (npm run preflight prints the command that checks it)',
        );
      }
    }
    const limit = Math.min(...group.map((env) => env.accountSettings.lambdaConcurrencyLimit));
    const reserved = group.reduce((sum, env) => sum + env.reservedConcurrency, 0);
    if (reserved > limit - UNRESERVED_CONCURRENCY_FLOOR) {
      for (const env of group) {
        problems.push({
          file: env.file,
          field: "accountSettings.lambdaConcurrencyLimit",
          value: env.accountSettings.lambdaConcurrencyLimit,
          allowed:
            `the environments of account ${accountId} in ${region} reserve ${reserved} concurrent executions (${group.map((g) => `${g.id}: ${g.reservedConcurrency}`).join(", ")}), ` +
            `more than the quota ${limit} leaves after AWS's ${UNRESERVED_CONCURRENCY_FLOOR} unreserved; raise the quota (Service Quotas) and set lambdaConcurrencyLimit, or lower gateway.throttling or the reserved concurrency`,
        });
      }
    }
  }
  return { problems, warnings };
}
