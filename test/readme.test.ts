import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { headingAnchors } from "../scripts/docs/heading-anchors";

const ROOT = path.resolve(__dirname, "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** Every Markdown file of the front door and the manual (the generated API reference aside). */
function manualFiles(): string[] {
  const out = ["README.md"];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory() && rel !== path.join("docs", "api")) walk(rel);
      else if (entry.name.endsWith(".md")) out.push(rel);
    }
  };
  walk("docs");
  return out;
}

const anchorsIn = (file: string): Set<string> => headingAnchors(path.join(ROOT, file));

describe("the README", () => {
  it("is a front door of at most 300 lines with a table of contents", () => {
    expect(README.split("\n").length).toBeLessThanOrEqual(300);
    const contents = /## Contents\n\n((?:- \[.*\]\(#.*\)\n)+)/.exec(README);
    expect(contents, "a Contents list of in-page links").not.toBeNull();
    const sections = [...README.matchAll(/^## (.*)$/gm)].map((m) => m[1]).filter((h) => h !== "Contents");
    const listed = [...contents![1]!.matchAll(/- \[(.*?)\]/g)].map((m) => m[1]);
    expect(listed).toEqual(sections);
  });

  it("names the source article once, with its link", () => {
    expect(README).toContain("https://fernando.moretes.com/blog/llm-observabilidade-qualidade-custo-sagemaker-bedrock");
    expect(README.match(/LLM Observability in Production: From GPU Metrics to Response/g)).toHaveLength(1);
  });

  it("shows the figures its commands print now (npm run docs:figures)", () => {
    // Exits 1 and names the command that rewrites them when a figure has drifted.
    execFileSync(process.execPath, [require.resolve("tsx/cli"), "scripts/docs-figures.ts"], { cwd: ROOT, encoding: "utf8" });
  }, 120_000);
});

describe("the manual", () => {
  it("has no link to a file or heading that does not exist", () => {
    const broken: string[] = [];
    for (const file of manualFiles()) {
      const text = fs.readFileSync(path.join(ROOT, file), "utf8").replace(/```[\s\S]*?```/g, "");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [rel, anchor] = target!.split("#") as [string, string | undefined];
        const resolved = rel === "" ? file : path.normalize(path.join(path.dirname(file), rel));
        if (!fs.existsSync(path.join(ROOT, resolved))) {
          broken.push(`${file}: ${target} (no such file)`);
        } else if (anchor && resolved.endsWith(".md") && !anchorsIn(resolved).has(anchor)) {
          broken.push(`${file}: ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("holds the guides, the references and the decision records the README points to", () => {
    for (const doc of [
      "docs/guides/deploy.md",
      "docs/guides/add-a-business-line.md",
      "docs/guides/library.md",
      "docs/reference/slos.md",
      "docs/reference/replay-table.md",
      "docs/reference/cost.md",
      "docs/adr/0005-emf-metric-route.md",
      "docs/adr/0006-random-stratum-quality-sli.md",
      "docs/adr/0007-sized-quality-windows.md",
    ]) {
      expect(fs.existsSync(path.join(ROOT, doc)), doc).toBe(true);
    }
  });
});
