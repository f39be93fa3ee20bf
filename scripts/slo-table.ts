/**
 * `npm run docs:slo`: prints the SLO table of docs/reference/slos.md (markdown) from the same SLO data and burn-rate
 * math the alarms use: the SLOs `Alerting` builds for an environment with every default, at the source
 * article's 10,000 requests a day. Paste it between the `slo-table` markers in docs/reference/slos.md and modules/alerting/README.md.
 */
import { renderSloTable } from "../modules/alerting";
import { articlePlan } from "./article-environment";
import { type CommandSpec, runAsMain } from "./cli/command-line";

/** The table as it belongs in docs/reference/slos.md. */
export function sloTableMarkdown(): string {
  return renderSloTable(articlePlan().slos);
}

export const SLO_TABLE_COMMAND = {
  name: "npm run docs:slo --",
  summary: "prints the SLO table (markdown) of docs/reference/slos.md from the SLO data and burn-rate math the alarms use",
  options: {},
} as const satisfies CommandSpec;

if (require.main === module)
  runAsMain(SLO_TABLE_COMMAND, () => {
    process.stdout.write(sloTableMarkdown());
    return 0;
  });
