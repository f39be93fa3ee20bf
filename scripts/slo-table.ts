/**
 * `npm run docs:slo`: prints the SLO table of docs/reference/slos.md (markdown) from the same SLO data and burn-rate
 * math the alarms use: the SLOs `Alerting` builds for an environment with every default, at the
 * article's 10,000 requests a day. Paste it between the `slo-table` markers in docs/reference/slos.md and modules/alerting/README.md.
 */
import { renderSloTable } from "../modules/alerting/slo/slo-table";
import { articlePlan } from "./article-environment";

/** The table as it belongs in the README. */
export function sloTableMarkdown(): string {
  return renderSloTable(articlePlan().slos);
}

if (require.main === module) {
  process.stdout.write(sloTableMarkdown());
}
