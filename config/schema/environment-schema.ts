/**
 * Every setting an environment file may write, declared once (`setting.ts`). `checkSettings`
 * validates a file against it, `scripts/environment-reference.ts` writes the reference from it.
 */
import { z } from "zod";
import { ENVIRONMENT_DEFAULTS } from "../defaults";
import { ALERTING_SCHEMA } from "./alerting";
import { EVALUATION_SCHEMA } from "./evaluation";
import { GATEWAY_SCHEMA } from "./gateway";
import { DATA_CAPTURE_SCHEMA, MODEL_SCHEMA, NETWORK_SCHEMA } from "./model";
import { flag, group, kebabName, setting, shown } from "./setting";
import { GRAFANA_SCHEMA, STATE_SCHEMA } from "./state-grafana";
import { ACCOUNT_SETTINGS_SCHEMA, TELEMETRY_SCHEMA } from "./telemetry-account";

const ACCOUNT_ID = /^\d{12}$/;
export const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export const BUSINESS_LINE_SCHEMA = group(
  {
    name: kebabName(24, "retail-banking", { description: "Kebab-case name, equal to the folder name; used in every resource name." }),
    allowedRegions: setting(z.array(z.string().regex(REGION)).min(1), {
      description: "Regions this business line may deploy to (data residency); every stage's `region` must be one.",
      default: shown(ENVIRONMENT_DEFAULTS.allowedRegions),
      allowed: 'expected a non-empty list of AWS regions, e.g. ["sa-east-1"]',
      checkedBy: "section",
    }).optional(),
    costCentre: setting(z.string().trim().min(1), {
      description: "Cost centre that receives the chargeback for this business line's resources.",
      allowed: "expected a non-empty cost centre code for chargeback",
    }),
    owner: setting(z.string().trim().min(1), {
      description: "Team or person accountable for the resources (e-mail or team handle).",
      allowed: "expected a non-empty owner (team handle or e-mail)",
    }),
    residency: group(
      {
        grafanaWorkspace: group(
          {
            adr: setting(z.string(), {
              description: 'The ADR that records the decision; it must say "Status: accepted" and name the business line.',
              allowed: "expected the path of the ADR that records the decision, e.g. docs/adr/0002-grafana-workspace-residency.md",
              checkedBy: "section",
            }),
            workspaceRegions: setting(z.array(z.string()), {
              description: "Regions the decision allows the workspace in.",
              allowed: "expected a non-empty list of AWS regions",
              checkedBy: "section",
            }),
          },
          "An Amazon Managed Grafana workspace may serve this business line's dashboards (metric aggregates and query results, no client data).",
        ).optional(),
      },
      "Decisions to let observability data (never client data) leave `allowedRegions`, each recorded in an ADR (`config/residency.ts`).",
    ).optional(),
  },
  "Settings a business line shares across its stages (`environments/<business-line>/business-line.ts`).",
);

/** Sections whose values their own validators check in context (`sections/*.ts`). */
export const SECTION_SCHEMAS = {
  telemetry: TELEMETRY_SCHEMA,
  alerting: ALERTING_SCHEMA,
  gateway: GATEWAY_SCHEMA,
  evaluation: EVALUATION_SCHEMA,
  state: STATE_SCHEMA,
  accountSettings: ACCOUNT_SETTINGS_SCHEMA,
  grafana: GRAFANA_SCHEMA,
} as const;

export const ENVIRONMENT_SCHEMA = group(
  {
    businessLine: BUSINESS_LINE_SCHEMA,
    stage: kebabName(12, "staging or prod", { description: "Stage name, equal to the file name without `.ts`, e.g. `staging`, `prod`." }),
    accountId: setting(z.string().regex(ACCOUNT_ID), {
      description: "12-digit AWS account id; deploys are refused in any other account.",
      allowed: "expected a 12-digit AWS account id as a string",
    }),
    region: setting(z.string().regex(REGION), {
      description: "AWS region of every resource; one of the business line's `allowedRegions`.",
      default: shown(ENVIRONMENT_DEFAULTS.region),
      allowed: "expected an AWS region code such as sa-east-1",
    }).optional(),
    credentialFree: flag({
      description: "Plan and synthesize without AWS credentials (sandboxes and local tooling only; refused for prod).",
      default: "false",
    }).optional(),
    tags: setting(z.record(z.string(), z.string()), {
      description: "Extra tags on every resource, merged under the mandatory ones.",
      default: "{}",
      allowed: "tag keys are 1-128 characters and may not start with aws:",
      checkedBy: "section",
    }).optional(),
    model: MODEL_SCHEMA,
    network: NETWORK_SCHEMA,
    dataCapture: DATA_CAPTURE_SCHEMA.optional(),
    auditRoleArns: setting(z.array(z.string().regex(ROLE_ARN)), {
      description: "IAM role ARNs of auditors: they may decrypt captured data.",
      default: "[]",
      allowed: "expected a list of IAM role ARNs",
      checkedBy: "section",
    }).optional(),
    telemetry: TELEMETRY_SCHEMA.optional(),
    alerting: ALERTING_SCHEMA,
    gateway: GATEWAY_SCHEMA.optional(),
    evaluation: EVALUATION_SCHEMA.optional(),
    state: STATE_SCHEMA.optional(),
    codeSigning: setting(z.enum(["enforce", "warn", "off"]), {
      description: "Lambda code signing of the platform's functions: `enforce`, `warn` (deployed and recorded) or `off` (not in prod).",
      default: '"enforce" in prod, "warn" elsewhere',
      allowed: 'expected "enforce" (unsigned code is refused), "warn" (deployed and recorded) or "off"',
    }).optional(),
    accountSettings: ACCOUNT_SETTINGS_SCHEMA.optional(),
    grafana: GRAFANA_SCHEMA.optional(),
  },
  "One deployable environment: a business line at one stage.",
);

/** The fields of the top level whose sections are checked by their own validators. */
export const SECTION_FIELDS: ReadonlySet<string> = new Set(Object.keys(SECTION_SCHEMAS));
