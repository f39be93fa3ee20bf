/**
 * `npm run docs:slo`: prints the README's SLO table (markdown) from the same SLO data and burn-rate
 * math the alarms use: the SLOs `Alerting` builds for an environment with every default, at the
 * article's 10,000 requests a day. Paste it between the `slo-table` markers in the READMEs.
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
