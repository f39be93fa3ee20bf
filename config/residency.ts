/**
 * Residency decisions: a managed Grafana workspace is allowed only by an explicit decision of the
 * business line, recorded in an ADR under docs/adr/, for the Regions it lists. The config half is
 * pure (`residencyProblems`); the record half reads the ADR (`residencyRecordProblems`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigProblem } from "./errors";
import type { ResolvedEnvironment } from "./resolved";
import type { EnvironmentConfig } from "./types";

const ADR_PATH = /^docs\/adr\/\d{4}-[a-z0-9-]+\.md$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** What an accepted ADR says in its header (`- **Status:** accepted ...`). */
const ACCEPTED = /\*\*Status:\*\*\s*accepted/i;

/** Problems of the business line's residency decisions and of a managed workspace they must allow. */
export function residencyProblems(config: EnvironmentConfig, file: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const fail = (field: string, value: unknown, allowed: string) => problems.push({ file, field, value, allowed });
  const decision = config.businessLine?.residency?.grafanaWorkspace;
  if (decision !== undefined) {
    if (decision === null || typeof decision !== "object") {
      fail("businessLine.residency.grafanaWorkspace", decision, "expected { adr, workspaceRegions }");
      return problems;
    }
    if (typeof decision.adr !== "string" || !ADR_PATH.test(decision.adr)) {
      fail(
        "businessLine.residency.grafanaWorkspace.adr",
        decision.adr,
        "expected the path of the ADR that records the decision, e.g. docs/adr/0002-grafana-workspace-residency.md",
      );
    }
    if (
      !Array.isArray(decision.workspaceRegions) ||
      decision.workspaceRegions.length === 0 ||
      !decision.workspaceRegions.every((r) => typeof r === "string" && REGION.test(r))
    ) {
      fail(
        "businessLine.residency.grafanaWorkspace.workspaceRegions",
        decision.workspaceRegions,
        'expected a non-empty list of AWS Regions, e.g. ["us-east-1"]',
      );
    }
  }
  if (config.grafana?.mode !== "managed-workspace") return problems;
  const workspaceRegion = config.grafana.workspaceRegion ?? config.region ?? "sa-east-1";
  if (decision === undefined) {
    fail(
      "grafana.mode",
      "managed-workspace",
      `a managed workspace needs the business line's residency decision: record it in an ADR under docs/adr/ and set businessLine.residency.grafanaWorkspace = { adr, workspaceRegions: ["${workspaceRegion}"] } in business-line.ts, or leave grafana.mode out (the in-Region CloudWatch dashboard)`,
    );
  } else if (Array.isArray(decision.workspaceRegions) && !decision.workspaceRegions.includes(workspaceRegion)) {
    fail(
      config.grafana.workspaceRegion !== undefined ? "grafana.workspaceRegion" : "grafana.mode",
      workspaceRegion,
      `the business line's residency decision (${decision.adr}) allows the workspace in ${decision.workspaceRegions.join(", ")} only`,
    );
  }
  return problems;
}

/** The ADR a managed workspace relies on exists, is accepted and names the business line. */
export function residencyRecordProblems(env: ResolvedEnvironment, projectRoot: string): ConfigProblem[] {
  if (env.grafana.mode !== "managed-workspace") return [];
  const decision = env.businessLine.residency?.grafanaWorkspace;
  if (!decision) return [];
  const field = "businessLine.residency.grafanaWorkspace.adr";
  const absolute = path.join(projectRoot, decision.adr);
  if (!fs.existsSync(absolute)) {
    return [{ file: env.file, field, value: decision.adr, allowed: "the ADR does not exist: write it from docs/adr/template-grafana-workspace-residency.md" }];
  }
  const text = fs.readFileSync(absolute, "utf8");
  const problems: ConfigProblem[] = [];
  if (!ACCEPTED.test(text))
    problems.push({ file: env.file, field, value: decision.adr, allowed: 'the ADR is not accepted: its header must say "**Status:** accepted"' });
  if (!text.includes(env.businessLine.name)) {
    problems.push({
      file: env.file,
      field,
      value: decision.adr,
      allowed: `the ADR does not name the business line ${env.businessLine.name}: a decision is the business line's own`,
    });
  }
  return problems;
}
