import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkGrafanaBindings, GRAFANA_BINDINGS_DIR, GRAFANA_SCHEMA_FILE, pinnedGrafanaVersion, readTree } from "../../../scripts/get-grafana";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "grafana-bindings-test-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("grafana provider bindings", () => {
  it("are exactly what the generator makes from the pinned schema (npm run get:grafana)", async () => {
    expect(await checkGrafanaBindings()).toEqual([]);
  });

  it("pin grafana/grafana at the schema's version, with one binding per resource of the schema", () => {
    const schema = JSON.parse(fs.readFileSync(GRAFANA_SCHEMA_FILE, "utf8"));
    const version = pinnedGrafanaVersion(schema);
    expect(version).toBe("4.45.1");
    const resources = Object.keys(schema.provider_schemas["registry.terraform.io/grafana/grafana"].resource_schemas);
    expect(resources).toHaveLength(10);
    const files = readTree(GRAFANA_BINDINGS_DIR);
    for (const type of resources) {
      const folder = type.replace(/^grafana_/, "").replace(/_/g, "-");
      expect(files.get(`${folder}/index.ts`), type).toContain(`terraformResourceType: '${type}'`);
    }
    expect(files.get("provider/index.ts")).toContain(`providerVersion: '${version}'`);
  });

  it("the check fails when the schema changes and the bindings are not regenerated", async () => {
    const schema = JSON.parse(fs.readFileSync(GRAFANA_SCHEMA_FILE, "utf8"));
    delete schema.provider_schemas["registry.terraform.io/grafana/grafana"].resource_schemas.grafana_folder.block.attributes.parent_folder_uid;
    const changed = path.join(scratch, "schema.json");
    fs.writeFileSync(changed, JSON.stringify(schema));
    expect(await checkGrafanaBindings(changed)).toEqual(["changed folder/index.ts"]);
  });

  it("the check fails on a hand edit of the bindings", async () => {
    const copy = path.join(scratch, "edited");
    fs.cpSync(GRAFANA_BINDINGS_DIR, copy, { recursive: true });
    fs.appendFileSync(path.join(copy, "dashboard", "index.ts"), "\n// tweak\n");
    fs.rmSync(path.join(copy, "team"), { recursive: true });
    expect(await checkGrafanaBindings(GRAFANA_SCHEMA_FILE, copy)).toEqual(["changed dashboard/index.ts", "missing team/README.md", "missing team/index.ts"]);
  });
});
