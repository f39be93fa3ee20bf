/**
 * Declarations of the `state` and `grafana` settings of an environment file. Their rules depend on
 * the stage, the region and each other (a production stage needs S3; a key must be in the bucket's
 * region; SAML needs exactly one metadata source), so the sections' validators check the values.
 */
import { z } from "zod";
import { DEFAULT_PROVIDER_TOKEN_SECONDS, type GrafanaAuthentication } from "../../modules/grafana";
import { group, setting, shown } from "./setting";

export const STATE_DEFAULTS = { keyPrefix: "llm-observability" } as const;

/**
 * - `cloudwatch`: no Grafana; the unified dashboard is the in-Region CloudWatch dashboard.
 * - `managed-workspace`: an Amazon Managed Grafana workspace in `workspaceRegion`, allowed by the
 *   business line's `residency.grafanaWorkspace` decision (an ADR), plus the Grafana stack.
 * - `existing`: the bank's own Grafana at `url`; only the Grafana stack is made.
 */
export type GrafanaMode = "cloudwatch" | "managed-workspace" | "existing";
export const GRAFANA_MODES: readonly GrafanaMode[] = ["cloudwatch", "managed-workspace", "existing"];

export const GRAFANA_DEFAULTS = {
  mode: "cloudwatch" as GrafanaMode,
  authentication: { type: "AWS_SSO" } as GrafanaAuthentication,
  vpc: true,
  teamPermission: "View" as const,
  providerTokenSecondsToLive: DEFAULT_PROVIDER_TOKEN_SECONDS,
};

const checkedApart = (type: z.ZodType, description: string, allowed: string, shownDefault?: string) =>
  setting(type, { description, allowed, checkedBy: "section", ...(shownDefault !== undefined ? { default: shownDefault } : {}) });
const text = () => z.string();
const texts = () => z.array(z.string());

const s3State = group(
  {
    backend: checkedApart(z.literal("s3"), "`s3`: state in an S3 bucket that exists before the first deploy.", '"s3"'),
    bucket: checkedApart(text(), "The state bucket: versioned, public access blocked, encrypted.", "a bucket name"),
    keyPrefix: checkedApart(
      text(),
      "Prefix of the state objects; each stack's state is `<keyPrefix>/<stack>.tfstate`.",
      "a key prefix",
      shown(STATE_DEFAULTS.keyPrefix),
    ).optional(),
    region: checkedApart(
      text(),
      "Region of the bucket and the lock table; one of the business line's allowed regions.",
      "an AWS region",
      "the environment's region",
    ).optional(),
    kmsKeyArn: checkedApart(text(), "ARN of the customer-managed KMS key (or alias) the state objects are encrypted with.", "a KMS key ARN"),
    // Exactly one of the two: the section's validator says so with both names.
    lock: group(
      {
        dynamodbTable: checkedApart(text(), "A DynamoDB table with a `LockID` (string) partition key.", "a table name").optional(),
        s3Lockfile: checkedApart(z.literal(true), "A lock file beside the state object (Terraform 1.10 and later).", "true").optional(),
      },
      "Locking: `{ dynamodbTable }` or `{ s3Lockfile: true }`.",
    ),
    roleArn: checkedApart(text(), "Role Terraform assumes to read and write the state.", "an IAM role ARN", "the pipeline's credentials").optional(),
  },
  "S3 backend with a KMS key and locking; required in production.",
);

export const STATE_SCHEMA = z.union([
  group(
    {
      backend: checkedApart(
        z.enum(["local", "s3"]),
        "`local`: a file beside the synthesized stack, outside production only; `s3`: an S3 bucket with a KMS key and locking, required in production.",
        '"local" or "s3"',
      ),
    },
    "Local state.",
  ),
  s3State,
]);

const list = (description: string, shownDefault: string) => checkedApart(texts(), description, "a list", shownDefault).optional();

export const GRAFANA_SCHEMA = group(
  {
    mode: checkedApart(
      z.enum(GRAFANA_MODES as [GrafanaMode, ...GrafanaMode[]]),
      "Where Grafana comes from: `cloudwatch` (none; the in-Region CloudWatch dashboard), `managed-workspace` (under the business line's residency decision) or `existing` (the bank's own).",
      GRAFANA_MODES.map((m) => `"${m}"`).join(", "),
      shown(GRAFANA_DEFAULTS.mode),
    ).optional(),
    workspaceRegion: checkedApart(
      text(),
      "`managed-workspace` only: the Region of the workspace; another than the environment's must be in the residency decision.",
      "an AWS region",
      "the environment's region",
    ).optional(),
    url: checkedApart(text(), "`existing` only: https URL of the bank's Grafana.", "an https URL").optional(),
    authentication: z
      .union([
        group(
          {
            type: checkedApart(
              z.enum(["AWS_SSO", "SAML"]),
              "`AWS_SSO`: IAM Identity Center groups per Grafana role; `SAML`: the bank's SAML identity provider.",
              '"AWS_SSO"',
            ),
            adminGroupIds: list("Identity Center group ids that administer the workspace.", "[]"),
            editorGroupIds: list("Group ids that may edit dashboards.", "[]"),
            viewerGroupIds: list("Group ids that may view dashboards.", "[]"),
          },
          "IAM Identity Center sign-in.",
        ),
        group(
          {
            type: checkedApart(z.literal("SAML"), "`SAML`: the bank's SAML identity provider.", '"SAML"'),
            idpMetadataUrl: checkedApart(text(), "https URL of the IdP's metadata (or `idpMetadataXml`).", "an https URL").optional(),
            idpMetadataXml: checkedApart(text(), "The IdP's metadata document.", "XML").optional(),
            adminRoleValues: checkedApart(texts(), "Values of the role assertion that make a user an admin.", "a list"),
            editorRoleValues: checkedApart(texts(), "Values that make a user an editor.", "a list"),
            roleAssertion: checkedApart(text(), "Assertion attribute holding the role.", "a name", '"role"').optional(),
            loginValidityMinutes: checkedApart(z.number(), "Minutes a sign-in lasts.", "minutes", "60").optional(),
          },
          "SAML sign-in.",
        ),
      ])
      .optional(),
    vpc: checkedApart(z.boolean(), "Connect the workspace to the environment's VPC.", "true or false", shown(GRAFANA_DEFAULTS.vpc)).optional(),
    networkAccess: group(
      {
        prefixListIds: list("Managed prefix list ids (`pl-...`) that may reach the workspace URL.", "[]"),
        vpceIds: list("Grafana VPC endpoint ids (`vpce-...`) that may reach the workspace URL.", "[]"),
      },
      "Who may reach the workspace URL; reachable from anywhere (sign-in still required) when not set.",
    ).optional(),
    teamMembers: list("Grafana logins (e-mails) in the business line's team.", "[]"),
    teamPermission: checkedApart(
      z.enum(["View", "Edit"]),
      "What the business line's team may do in its folder.",
      '"View" or "Edit"',
      shown(GRAFANA_DEFAULTS.teamPermission),
    ).optional(),
    providerTokenSecondsToLive: checkedApart(
      z.number(),
      "Life of the token the Grafana provider deploys with, seconds (60 to 86400).",
      "seconds",
      shown(GRAFANA_DEFAULTS.providerTokenSecondsToLive),
    ).optional(),
  },
  "Managed Grafana workspace and the Grafana stack (folder, team, data source, dashboard).",
);
