/**
 * Policy-aspect rules for Amazon Managed Grafana: the workspace reads data through a role the
 * platform scopes (not the service-managed policies), evaluates alert rules, sits in the VPC, and
 * limits who reaches its URL; a provider token made in Terraform is short-lived.
 */
import { attr } from "../shared/policy/synthesized-stack";
import type { PolicyRule, RulePack, RuleResult, SynthesizedResource } from "../shared/policy/types";

const WORKSPACE = "aws_grafana_workspace";
const TOKEN = "aws_grafana_workspace_service_account_token";
/** Longest token life the rule accepts: one day. */
export const MAX_SHORT_LIVED_TOKEN_SECONDS = 86_400;

const verdict = (ok: boolean): RuleResult => (ok ? "compliant" : "non-compliant");
const present = (value: unknown): boolean => typeof value === "string" && value.length > 0;

/** CUSTOMER_MANAGED with a role: SERVICE_MANAGED attaches AWS's broad managed policies for every data source. */
export function workspaceHasCustomerManagedRole(resource: SynthesizedResource): RuleResult {
  return verdict(resource.config.permission_type === "CUSTOMER_MANAGED" && present(resource.config.role_arn));
}

/** Unified alerting on in `configuration`: without it alert rules are accepted but never evaluated. */
export function workspaceHasUnifiedAlerting(resource: SynthesizedResource): RuleResult {
  const configuration = resource.config.configuration;
  if (typeof configuration !== "string") return "non-compliant";
  try {
    return verdict((JSON.parse(configuration) as { unifiedAlerting?: { enabled?: unknown } }).unifiedAlerting?.enabled === true);
  } catch {
    return "non-compliant";
  }
}

/** Data-source traffic goes through the VPC (and its endpoints), not the internet. */
export function workspaceInVpc(resource: SynthesizedResource): RuleResult {
  const vpc = attr(resource.config, "vpc_configuration") as Record<string, unknown> | undefined;
  return verdict(
    Array.isArray(vpc?.subnet_ids) &&
      (vpc!.subnet_ids as unknown[]).length >= 2 &&
      Array.isArray(vpc?.security_group_ids) &&
      (vpc!.security_group_ids as unknown[]).length >= 1,
  );
}

/** Only this account's data: ORGANIZATION access reads every account of the organizational units. */
export function workspaceCurrentAccountOnly(resource: SynthesizedResource): RuleResult {
  return verdict(resource.config.account_access_type === "CURRENT_ACCOUNT");
}

/** Who reaches the workspace's URL is limited: prefix lists or VPC endpoints (else anyone on the internet reaches the sign-in). */
export function workspaceHasNetworkAccessControl(resource: SynthesizedResource): RuleResult {
  const access = attr(resource.config, "network_access_control") as Record<string, unknown> | undefined;
  const count = (key: string) => (Array.isArray(access?.[key]) ? (access![key] as unknown[]).length : 0);
  return verdict(count("prefix_list_ids") + count("vpce_ids") > 0);
}

/** The provider's admin token expires within a day. */
export function tokenIsShortLived(resource: SynthesizedResource): RuleResult {
  const ttl = Number(resource.config.seconds_to_live);
  return verdict(Number.isFinite(ttl) && ttl > 0 && ttl <= MAX_SHORT_LIVED_TOKEN_SECONDS);
}

export const GRAFANA_RULES: readonly PolicyRule[] = [
  {
    id: "LLMOBS-GRAFANA-1",
    description: "Managed Grafana workspaces use CUSTOMER_MANAGED permissions with a role_arn (a least-privilege role, not the service-managed policies)",
    resourceTypes: [WORKSPACE],
    references: ["NIST 800-53 AC-6"],
    check: workspaceHasCustomerManagedRole,
  },
  {
    id: "LLMOBS-GRAFANA-2",
    description: 'Managed Grafana workspaces set configuration with {"unifiedAlerting":{"enabled":true}} (else alert rules are never evaluated)',
    resourceTypes: [WORKSPACE],
    references: ["NIST 800-53 SI-4"],
    check: workspaceHasUnifiedAlerting,
  },
  {
    id: "LLMOBS-GRAFANA-3",
    description: "Managed Grafana workspaces have a vpc_configuration (2+ subnets, 1+ security group): data-source traffic stays in the VPC",
    resourceTypes: [WORKSPACE],
    references: ["NIST 800-53 SC-7"],
    check: workspaceInVpc,
  },
  {
    id: "LLMOBS-GRAFANA-4",
    description: "Managed Grafana workspaces read the current account only (account_access_type CURRENT_ACCOUNT)",
    resourceTypes: [WORKSPACE],
    references: ["NIST 800-53 AC-4"],
    check: workspaceCurrentAccountOnly,
  },
  {
    id: "LLMOBS-GRAFANA-6",
    description:
      "Managed Grafana workspaces have network_access_control (prefix lists or grafana-workspace VPC endpoints): the URL is not open to the internet",
    resourceTypes: [WORKSPACE],
    references: ["NIST 800-53 SC-7", "NIST 800-53 AC-17"],
    check: workspaceHasNetworkAccessControl,
  },
  {
    id: "LLMOBS-GRAFANA-5",
    description: `Grafana service account tokens live at most ${MAX_SHORT_LIVED_TOKEN_SECONDS} seconds (seconds_to_live)`,
    resourceTypes: [TOKEN],
    references: ["NIST 800-53 IA-5"],
    check: tokenIsShortLived,
  },
];

/** The rules this module brings to the policy aspect of any stack that uses it. */
export const GRAFANA_RULE_PACK: RulePack = { name: "grafana", rules: GRAFANA_RULES };
