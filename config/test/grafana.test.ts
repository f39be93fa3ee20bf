import { describe, expect, it } from "vitest";
import { formatProblem } from "../errors";
import { resolveEnvironment } from "../resolved";
import type { GrafanaConfig } from "../sections/grafana";
import type { EnvironmentConfig } from "../types";
import { validateEnvironment } from "../validate";
import { validEnvironment } from "../../testing/fixtures/environment-fixture";

const FILE = "environments/retail-banking/staging.ts";
const DECISION = { adr: "docs/adr/0002-grafana-workspace-residency.md", workspaceRegions: ["us-east-1"] };
/** An environment whose business line decided a workspace in us-east-1 may serve it. */
const withGrafana = (grafana: GrafanaConfig): EnvironmentConfig => {
  const base = validEnvironment();
  return { ...base, businessLine: { ...base.businessLine, residency: { grafanaWorkspace: DECISION } }, grafana };
};
const problems = (grafana: GrafanaConfig): string[] => validateEnvironment(withGrafana(grafana), FILE).map(formatProblem);

describe("grafana section", () => {
  it("defaults: no Grafana (the in-Region CloudWatch dashboard); a workspace would use IAM Identity Center, the VPC, team views, one-hour tokens", () => {
    expect(resolveEnvironment(validEnvironment(), FILE).grafana).toEqual({
      mode: "cloudwatch",
      workspaceRegion: "sa-east-1",
      workspaceRegionSet: false,
      authentication: { type: "AWS_SSO" },
      vpc: true,
      teamMembers: [],
      teamPermission: "View",
      providerTokenSecondsToLive: 3600,
    });
  });

  it("accepts every valid setting and keeps it", () => {
    const grafana: GrafanaConfig = {
      mode: "managed-workspace",
      workspaceRegion: "us-east-1",
      authentication: {
        type: "SAML",
        idpMetadataUrl: "https://idp.example-bank.com/metadata",
        adminRoleValues: ["grafana-admins"],
        editorRoleValues: ["grafana-editors"],
      },
      vpc: false,
      networkAccess: { prefixListIds: ["pl-0123456789abcdef0"], vpceIds: ["vpce-0123456789abcdef0"] },
      teamMembers: ["ana@example-bank.com"],
      teamPermission: "Edit",
      providerTokenSecondsToLive: 86_400,
    };
    expect(problems(grafana)).toEqual([]);
    expect(resolveEnvironment(withGrafana(grafana), FILE).grafana).toEqual({ ...grafana, workspaceRegionSet: true });
  });

  it("points the Grafana stack at the bank's own Grafana with mode existing, and nothing of a workspace", () => {
    expect(problems({ mode: "existing", url: "https://grafana.bank.example" })).toEqual([]);
    expect(problems({ mode: "existing" })).toEqual([
      `${FILE}: grafana.url is missing; expected the https URL of the bank's Grafana, e.g. https://grafana.bank.example`,
    ]);
    expect(problems({ mode: "existing", url: "https://grafana.bank.example", vpc: true })).toEqual([
      `${FILE}: grafana.vpc is true; only a managed workspace has this setting: set mode "managed-workspace" or remove it`,
    ]);
  });

  it("allows a managed workspace only under the business line's residency decision, in a Region it lists, with network access control", () => {
    const bare = {
      ...validEnvironment(),
      grafana: { mode: "managed-workspace", workspaceRegion: "us-east-1", networkAccess: { prefixListIds: ["pl-0123456789abcdef0"] } },
    } as EnvironmentConfig;
    expect(validateEnvironment(bare, FILE).map(formatProblem)).toEqual([
      expect.stringContaining(
        `${FILE}: grafana.mode is "managed-workspace"; a managed workspace needs the business line's residency decision: record it in an ADR under docs/adr/`,
      ),
    ]);
    expect(problems({ mode: "managed-workspace", workspaceRegion: "eu-west-1", networkAccess: { prefixListIds: ["pl-0123456789abcdef0"] } })).toEqual([
      `${FILE}: grafana.workspaceRegion is "eu-west-1"; the business line's residency decision (docs/adr/0002-grafana-workspace-residency.md) allows the workspace in us-east-1 only`,
    ]);
    expect(problems({ mode: "managed-workspace", workspaceRegion: "us-east-1" })).toEqual([
      expect.stringContaining(`${FILE}: grafana.networkAccess is missing; a managed workspace must limit who reaches its URL`),
    ]);
  });

  it.each([
    [{ authentication: { type: "OKTA" } }, 'grafana.authentication.type is "OKTA"; expected "AWS_SSO" (IAM Identity Center) or "SAML"'],
    [
      { authentication: { type: "AWS_SSO", adminGroupIds: ["admins"] } },
      'grafana.authentication.adminGroupIds[0] is "admins"; expected an IAM Identity Center group id',
    ],
    [
      { authentication: { type: "SAML", adminRoleValues: ["a"], editorRoleValues: ["e"] } },
      "grafana.authentication.idpMetadataUrl is missing; set exactly one of idpMetadataUrl (https) and idpMetadataXml",
    ],
    [
      { authentication: { type: "SAML", idpMetadataUrl: "https://idp/m", adminRoleValues: [], editorRoleValues: ["e"] } },
      "grafana.authentication.adminRoleValues is []; expected a non-empty list",
    ],
    [{ networkAccess: { vpceIds: ["vpc-123"] } }, 'grafana.networkAccess.vpceIds[0] is "vpc-123"; expected a VPC endpoint id'],
    [{ networkAccess: {} }, "grafana.networkAccess is {}; list at least one prefix list or VPC endpoint"],
    [{ teamMembers: ["ana"] }, 'grafana.teamMembers[0] is "ana"; expected an e-mail address'],
    [{ teamPermission: "Admin" }, 'grafana.teamPermission is "Admin"; expected "View" or "Edit"'],
    [
      { providerTokenSecondsToLive: 2_592_000 },
      "grafana.providerTokenSecondsToLive is 2592000; expected a whole number of seconds from 60 to 86400 (a short-lived token)",
    ],
    [{ enabled: true }, "grafana.enabled is true; grafana.enabled is replaced by grafana.mode"],
    [{ mode: "grafana-cloud" }, 'grafana.mode is "grafana-cloud"; expected one of "cloudwatch", "managed-workspace", "existing"'],
  ])("refuses %j", (grafana, message) => {
    const workspace = { mode: "managed-workspace", workspaceRegion: "us-east-1", networkAccess: { prefixListIds: ["pl-0123456789abcdef0"] } } as const;
    const found = problems((Object.keys(grafana).some((k) => k === "enabled" || k === "mode") ? grafana : { ...workspace, ...grafana }) as GrafanaConfig);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${FILE}: ${message}`);
  });
});
