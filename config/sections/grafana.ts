/**
 * The `grafana` section of an environment file: where the unified dashboard is read. Every
 * environment gets it as an in-Region CloudWatch dashboard; `mode` adds Grafana: an Amazon Managed
 * Grafana workspace (in the AWS stack, only where AWS offers it and only under the business line's
 * residency decision) or the bank's own Grafana, each with the `<env-id>-grafana` stack (folder,
 * team, CloudWatch data source, the unified dashboard).
 */
import type { GrafanaAuthentication } from "../../modules/grafana";
import { MAX_SHORT_LIVED_TOKEN_SECONDS } from "../../modules/grafana";
import type { ConfigProblem } from "../errors";
import { checkSettings } from "../schema/check";
import { GRAFANA_DEFAULTS, GRAFANA_MODES, GRAFANA_SCHEMA, type GrafanaMode } from "../schema/state-grafana";
import { checkIdList, checkPattern, notAnObject, sectionProblems } from "./section-check";

/**
 * - `cloudwatch`: no Grafana; the unified dashboard is the in-Region CloudWatch dashboard.
 * - `managed-workspace`: an Amazon Managed Grafana workspace in `workspaceRegion`, allowed by the
 *   business line's `residency.grafanaWorkspace` decision (an ADR), plus the Grafana stack.
 * - `existing`: the bank's own Grafana at `url`; only the Grafana stack is made.
 */
export { GRAFANA_MODES, type GrafanaMode } from "../schema/state-grafana";

export interface GrafanaConfig {
  /** Where Grafana comes from, if anywhere (see `GrafanaMode`). @default "cloudwatch" - no Grafana; the in-Region CloudWatch dashboard */
  readonly mode?: GrafanaMode;
  /**
   * `managed-workspace` only: the Region of the workspace. Another Region than the environment's
   * must be one the business line's residency decision lists; the workspace then reads this
   * environment's CloudWatch and Logs across Regions (metric aggregates and query results only).
   * @default - the environment's region
   */
  readonly workspaceRegion?: string;
  /** `existing` only: https URL of the bank's Grafana (self-hosted in-Region, or a hosted Grafana in the environment's Region). */
  readonly url?: string;
  /**
   * Sign-in: IAM Identity Center (`AWS_SSO`, with group ids per Grafana role) or the bank's SAML
   * IdP (metadata URL or XML, role assertion values).
   * @default { type: "AWS_SSO" } - no group has a role until one is listed
   */
  readonly authentication?: GrafanaAuthentication;
  /**
   * Connect the workspace to the environment's VPC (`network.subnetIds`, `network.securityGroupIds`):
   * CloudWatch and Logs are then reached through the VPC's endpoints.
   * @default true
   */
  readonly vpc?: boolean;
  /**
   * Restrict who reaches the workspace URL: managed prefix list ids (`pl-...`) and Grafana VPC
   * endpoint ids (`vpce-...`).
   * @default - reachable from anywhere, sign-in still required
   */
  readonly networkAccess?: { readonly prefixListIds?: readonly string[]; readonly vpceIds?: readonly string[] };
  /** Grafana logins (e-mails) in the business line's team. @default [] */
  readonly teamMembers?: readonly string[];
  /** What the business line's team may do in its folder. @default "View" */
  readonly teamPermission?: "View" | "Edit";
  /**
   * Life of the token the Grafana provider deploys with, seconds (60 to 86400). The token is made
   * by the AWS stack; deploy the Grafana stack within its life.
   * @default 3600
   */
  readonly providerTokenSecondsToLive?: number;
}

export interface ResolvedGrafanaConfig {
  readonly mode: GrafanaMode;
  /** The workspace's Region (the environment's unless `workspaceRegion` is set). */
  readonly workspaceRegion: string;
  /** Whether the file set `workspaceRegion` (problems then name that field). */
  readonly workspaceRegionSet: boolean;
  readonly url?: string;
  readonly authentication: GrafanaAuthentication;
  readonly vpc: boolean;
  readonly networkAccess?: { readonly prefixListIds: readonly string[]; readonly vpceIds: readonly string[] };
  readonly teamMembers: readonly string[];
  readonly teamPermission: "View" | "Edit";
  readonly providerTokenSecondsToLive: number;
}

export { GRAFANA_DEFAULTS } from "../schema/state-grafana";

const PREFIX_LIST = /^pl-[0-9a-f]{8,17}$/;
const VPCE = /^vpce-[0-9a-f]{8,17}$/;
const GROUP_ID = /^([0-9a-f]{10}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_TOKEN_SECONDS = 60;
const GROUP_IDS = {
  list: "expected a list of IAM Identity Center group ids",
  id: "expected an IAM Identity Center group id such as 9067729b3d-94f0c1c2-3a4b-4c5d-8e9f-0a1b2c3d4e5f",
};

/** Every problem of the `grafana` section (empty when valid or absent). */
export function validateGrafana(section: GrafanaConfig | undefined, file: string): ConfigProblem[] {
  if (section === undefined) return [];
  const shape = notAnObject(section, file, "grafana", "expected an object with the Grafana settings");
  if (shape) return [shape];
  const { problems, check } = sectionProblems(file, "grafana");
  // The values' rules are below; the declarations add the unknown keys.
  problems.push(...checkSettings(GRAFANA_SCHEMA, section, file, "grafana"));
  problems.push(...validateMode(section, file));
  if (section.vpc !== undefined) check(typeof section.vpc === "boolean", "vpc", section.vpc, "expected true or false");
  const auth = section.authentication as Partial<Record<string, unknown>> | undefined;
  if (auth !== undefined) {
    if (auth === null || typeof auth !== "object" || (auth.type !== "AWS_SSO" && auth.type !== "SAML")) {
      check(false, "authentication.type", auth?.type, 'expected "AWS_SSO" (IAM Identity Center) or "SAML"');
    } else if (auth.type === "AWS_SSO") {
      for (const key of ["adminGroupIds", "editorGroupIds", "viewerGroupIds"]) checkIdList(check, `authentication.${key}`, auth[key], GROUP_ID, GROUP_IDS);
    } else {
      const url = auth.idpMetadataUrl;
      const xml = auth.idpMetadataXml;
      check((url === undefined) !== (xml === undefined), "authentication.idpMetadataUrl", url, "set exactly one of idpMetadataUrl (https) and idpMetadataXml");
      if (url !== undefined)
        check(typeof url === "string" && /^https:\/\/\S+$/.test(url), "authentication.idpMetadataUrl", url, "expected an https URL of the IdP's SAML metadata");
      for (const key of ["adminRoleValues", "editorRoleValues"]) {
        const values = auth[key];
        check(
          Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === "string" && v.length > 0),
          `authentication.${key}`,
          values,
          'expected a non-empty list of role assertion values, e.g. ["grafana-admins"]',
        );
      }
    }
  }
  const access = section.networkAccess;
  if (access !== undefined) {
    if (access === null || typeof access !== "object") {
      check(false, "networkAccess", access, "expected { prefixListIds, vpceIds }");
    } else {
      (access.prefixListIds ?? []).forEach((id, i) =>
        check(
          typeof id === "string" && PREFIX_LIST.test(id),
          `networkAccess.prefixListIds[${i}]`,
          id,
          "expected a managed prefix list id such as pl-0123456789abcdef0",
        ),
      );
      (access.vpceIds ?? []).forEach((id, i) =>
        check(typeof id === "string" && VPCE.test(id), `networkAccess.vpceIds[${i}]`, id, "expected a VPC endpoint id such as vpce-0123456789abcdef0"),
      );
      check(
        (access.prefixListIds ?? []).length + (access.vpceIds ?? []).length > 0,
        "networkAccess",
        access,
        "list at least one prefix list or VPC endpoint, or leave networkAccess out",
      );
    }
  }
  checkIdList(check, "teamMembers", section.teamMembers, EMAIL, { list: "expected a list of Grafana logins (e-mails)", id: "expected an e-mail address" });
  if (section.teamPermission !== undefined) {
    check(section.teamPermission === "View" || section.teamPermission === "Edit", "teamPermission", section.teamPermission, 'expected "View" or "Edit"');
  }
  const ttl = section.providerTokenSecondsToLive;
  if (ttl !== undefined) {
    check(
      Number.isInteger(ttl) && ttl >= MIN_TOKEN_SECONDS && ttl <= MAX_SHORT_LIVED_TOKEN_SECONDS,
      "providerTokenSecondsToLive",
      ttl,
      `expected a whole number of seconds from ${MIN_TOKEN_SECONDS} to ${MAX_SHORT_LIVED_TOKEN_SECONDS} (a short-lived token)`,
    );
  }
  return problems;
}

/** Applies defaults to a section `validateGrafana` accepted. */
export function resolveGrafana(section: GrafanaConfig | undefined, region: string): ResolvedGrafanaConfig {
  const d = GRAFANA_DEFAULTS;
  return {
    mode: section?.mode ?? d.mode,
    workspaceRegion: section?.workspaceRegion ?? region,
    workspaceRegionSet: section?.workspaceRegion !== undefined,
    ...(section?.url !== undefined ? { url: section.url } : {}),
    authentication: section?.authentication ?? d.authentication,
    vpc: section?.vpc ?? d.vpc,
    ...(section?.networkAccess
      ? { networkAccess: { prefixListIds: section.networkAccess.prefixListIds ?? [], vpceIds: section.networkAccess.vpceIds ?? [] } }
      : {}),
    teamMembers: section?.teamMembers ?? [],
    teamPermission: section?.teamPermission ?? d.teamPermission,
    providerTokenSecondsToLive: section?.providerTokenSecondsToLive ?? d.providerTokenSecondsToLive,
  };
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const HTTPS_URL = /^https:\/\/[a-z0-9.-]+(:\d+)?(\/\S*)?$/i;

/** `mode`, `workspaceRegion` and `url`, and the settings that only make sense with a workspace. */
function validateMode(section: GrafanaConfig, file: string): ConfigProblem[] {
  const { problems, check } = sectionProblems(file, "grafana");
  const mode = section.mode ?? GRAFANA_DEFAULTS.mode;
  if (!GRAFANA_MODES.includes(mode)) {
    check(false, "mode", section.mode, `expected one of ${GRAFANA_MODES.map((m) => `"${m}"`).join(", ")}`);
    return problems;
  }
  if (section.workspaceRegion !== undefined) {
    check(
      mode === "managed-workspace",
      "workspaceRegion",
      section.workspaceRegion,
      'only a managed workspace has a Region: set mode "managed-workspace" or remove it',
    );
    checkPattern(check, "workspaceRegion", section.workspaceRegion, REGION, "expected an AWS Region code such as us-east-1");
  }
  if (mode === "existing") {
    checkPattern(check, "url", section.url, HTTPS_URL, "expected the https URL of the bank's Grafana, e.g. https://grafana.bank.example");
  } else {
    check(section.url === undefined, "url", section.url, 'only mode "existing" points at a Grafana by URL; remove it');
  }
  if (mode === "managed-workspace") {
    check(
      section.networkAccess !== undefined,
      "networkAccess",
      section.networkAccess,
      "a managed workspace must limit who reaches its URL: list the bank's egress prefix lists (pl-...) or grafana-workspace VPC endpoints (vpce-...)",
    );
  } else {
    for (const key of ["authentication", "vpc", "networkAccess", "providerTokenSecondsToLive"] as const) {
      check(section[key] === undefined, key, section[key], 'only a managed workspace has this setting: set mode "managed-workspace" or remove it');
    }
  }
  return problems;
}
