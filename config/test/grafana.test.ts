import { describe, expect, it } from "vitest";
import { formatProblem } from "../errors";
import { resolveEnvironment } from "../resolved";
import type { GrafanaConfig } from "../sections/grafana";
import type { EnvironmentConfig } from "../types";
import { validateEnvironment } from "../validate";
import { validEnvironment } from "../../testing/fixtures/environment-fixture";

const FILE = "environments/retail-banking/staging.ts";
const withGrafana = (grafana: GrafanaConfig): EnvironmentConfig => ({ ...validEnvironment(), grafana });
const problems = (grafana: GrafanaConfig): string[] => validateEnvironment(withGrafana(grafana), FILE).map(formatProblem);

describe("grafana section", () => {
  it("defaults: enabled, IAM Identity Center, in the VPC, team views, one-hour provider token", () => {
    expect(resolveEnvironment(validEnvironment(), FILE).grafana).toEqual({
      enabled: true,
      authentication: { type: "AWS_SSO" },
      vpc: true,
      teamMembers: [],
      teamPermission: "View",
      providerTokenSecondsToLive: 3600,
    });
  });

  it("accepts every valid setting and keeps it", () => {
    const grafana: GrafanaConfig = {
      enabled: true,
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
    expect(resolveEnvironment(withGrafana(grafana), FILE).grafana).toEqual(grafana);
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
  ])("refuses %j", (grafana, message) => {
    const found = problems(grafana as GrafanaConfig);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${FILE}: ${message}`);
  });
});
