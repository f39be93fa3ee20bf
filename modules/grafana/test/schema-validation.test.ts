import { describe, expect, it } from "vitest";
import { GRAFANA_PROVIDER_VERSION, grafanaProviderSchema } from "../pinned-schema";
import { validateStackAgainstSchema } from "../schema-validation";

const schema = grafanaProviderSchema();
const stack = (resource: Record<string, Record<string, unknown>>, provider?: unknown[]) => ({
  resource,
  ...(provider ? { provider: { grafana: provider } } : {}),
});

describe("schema validation of grafana_* resources", () => {
  it("pins grafana/grafana 4.45.1", () => {
    expect(GRAFANA_PROVIDER_VERSION).toBe("4.45.1");
  });

  it("accepts valid resources, Terraform expressions for any type, meta-arguments and cdktf metadata", () => {
    const problems = validateStackAgainstSchema(
      stack(
        {
          grafana_folder: { f: { title: "Retail", uid: "retail", "//": { metadata: {} }, depends_on: ["grafana_team.t"] } },
          grafana_team: { t: { name: "retail", members: ["a@example.com"] } },
          grafana_folder_permission: {
            p: {
              folder_uid: "${grafana_folder.f.uid}",
              permissions: [
                { permission: "View", team_id: "${grafana_team.t.id}" },
                { role: "Editor", permission: "Edit" },
              ],
            },
          },
          grafana_dashboard: { d: { config_json: "{}", folder: "${grafana_folder.f.uid}", overwrite: true } },
          grafana_data_source: { ds: { name: "CloudWatch", type: "cloudwatch", is_default: "${var.default}" } },
        },
        [{ url: "${var.url}", auth: "${var.auth}", retries: 3 }],
      ),
      schema,
      "grafana",
    );
    expect(problems).toEqual([]);
  });

  it("reports a missing required attribute", () => {
    expect(validateStackAgainstSchema(stack({ grafana_folder: { f: { uid: "x" } } }), schema, "grafana")).toEqual([
      'grafana_folder.f: missing required attribute "title"',
    ]);
  });

  it("reports an unknown attribute and a read-only one that is set", () => {
    expect(validateStackAgainstSchema(stack({ grafana_folder: { f: { title: "t", colour: "red", url: "https://x" } } }), schema, "grafana")).toEqual([
      'grafana_folder.f: unknown attribute "colour"',
      'grafana_folder.f: "url" is read-only (computed by the provider) and may not be set',
    ]);
  });

  it("reports wrong types, also inside lists and maps", () => {
    expect(
      validateStackAgainstSchema(
        stack({
          grafana_dashboard: { d: { config_json: { panels: [] }, overwrite: "yes" } },
          grafana_team: { t: { name: "t", members: "a@example.com" } },
          grafana_data_source: { ds: { name: "n", type: "cloudwatch", http_headers: { a: { b: 1 } } } },
        }),
        schema,
        "grafana",
      ),
    ).toEqual([
      "grafana_dashboard.d.config_json: expected a string, got an object",
      'grafana_dashboard.d.overwrite: expected a bool, got string "yes"',
      'grafana_team.t.members: expected a set, got string "a@example.com"',
      "grafana_data_source.ds.http_headers.a: expected a string, got an object",
    ]);
  });

  it("checks nested blocks: their attributes and their cardinality", () => {
    const rule = {
      name: "r",
      data: [
        {
          ref_id: "A",
          datasource_uid: "cw",
          model: "{}",
          relative_time_range: [
            { from: 600, to: 0 },
            { from: 1, to: 0 },
          ],
        },
      ],
    };
    expect(
      validateStackAgainstSchema(
        stack({
          grafana_rule_group: {
            g: { name: "g", folder_uid: "f", interval_seconds: 60, rule: [rule] },
            empty: { name: "g", folder_uid: "f", interval_seconds: 60 },
          },
          grafana_folder_permission: { p: { folder_uid: "f", permissions: [{ team_id: "1" }] } },
        }),
        schema,
        "grafana",
      ),
    ).toEqual([
      "grafana_rule_group.g.rule[0].data[0].relative_time_range: block takes at most 1 item(s), got 2",
      'grafana_rule_group.empty: block "rule" needs at least 1 item(s), got none',
      'grafana_folder_permission.p.permissions[0]: missing required attribute "permission"',
    ]);
  });

  it("reports resource types the schema does not have, and a bad provider block", () => {
    expect(
      validateStackAgainstSchema(
        stack({ grafana_library_panel: { l: {} }, aws_s3_bucket: { b: { anything: 1 } } }, [{ url: "https://g", token: "t" }]),
        schema,
        "grafana",
      ),
    ).toEqual(['provider.grafana[0]: unknown attribute "token"', "grafana_library_panel: not a resource of the grafana provider's schema"]);
  });
});
