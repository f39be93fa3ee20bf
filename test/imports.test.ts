import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

/** Barrel imports of a provider package load every resource binding: ~8.5 s and ~690 MB per synth. */
const BARREL = /from\s+["']@cdktf\/provider-(aws|pagerduty)(\/lib)?["']|require\(\s*["']@cdktf\/provider-(aws|pagerduty)(\/lib)?["']\s*\)/;
/** The generated Grafana bindings' index loads every resource too: import `generated/<resource>`. */
const GRAFANA_BARREL = /from\s+["'][^"']*grafana\/generated(\/index|\/lazy-index)?["']/;

describe("provider imports", () => {
  it("use deep imports (@cdktf/provider-aws/lib/<resource>) everywhere, never the barrel", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.mts"], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    const offenders = files.filter((file) => {
      const text = require("node:fs").readFileSync(path.join(ROOT, file), "utf8") as string;
      return text.split("\n").some((line) => BARREL.test(line) || GRAFANA_BARREL.test(line));
    });
    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });

  it("the rule recognises a barrel import", () => {
    // Built from parts so that this file itself holds no barrel import for other checks to flag.
    const pkg = (name: string) => ["@cdktf", `provider-${name}`].join("/");
    expect(BARREL.test(`import { S3Bucket } from "${pkg("aws")}";`)).toBe(true);
    expect(BARREL.test(`import { provider } from '${pkg("pagerduty")}/lib';`)).toBe(true);
    expect(BARREL.test('import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";')).toBe(false);
    const bindings = ["grafana", "generated"].join("/");
    expect(GRAFANA_BARREL.test(`import { folder } from "../modules/${bindings}";`)).toBe(true);
    expect(GRAFANA_BARREL.test(`import { folder } from "./${bindings}/index";`)).toBe(true);
    expect(GRAFANA_BARREL.test(`import { Folder } from "./${bindings}/folder";`)).toBe(false);
  });
});
