/**
 * `npm run docs:slo`: prints the README's SLO table (markdown) from the same SLO data and burn-rate
 * math the alarms use. Paste it between the `slo-table` markers in modules/alerting/README.md.
 */
import { defaultSlos, type DefaultSlosInput } from "../modules/alerting/slo/default-slos";
import { renderSloTable } from "../modules/alerting/slo/slo-table";

/** The article's defaults; dimension values do not appear in the table. */
export const README_SLO_INPUT: DefaultSlosInput = {
  modelName: "example-model",
  endpointName: "example-endpoint",
  instanceType: "ml.g5.12xlarge",
  judgePair: "example-judge-model-v1:0|example-rubric",
};

/** The table as it belongs in the README. */
export function sloTableMarkdown(input: DefaultSlosInput = README_SLO_INPUT): string {
  return renderSloTable(defaultSlos(input));
}

if (require.main === module) {
  process.stdout.write(sloTableMarkdown());
}
