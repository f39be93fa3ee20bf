import * as path from "node:path";
import { App } from "cdktf";
import { grafanaStackId, operationsStackId } from "./config/resolved-checks";
import { loadEnvironmentsOrExit, synthSummary } from "./config/synth-report";
import { packageRoot } from "./modules/shared/package-root";
import { ObservabilityStack } from "./stacks/observability-stack";
import { OperationsStack } from "./stacks/operations-stack";
import { GrafanaStack } from "./stacks/grafana-stack";

// Composes every environment under environments/ into its stacks. Nothing else belongs here.
// LLMOBS_ENVIRONMENTS=retail-banking/prod,sandbox/sandbox limits synth to those environments.
const only = (process.env.LLMOBS_ENVIRONMENTS ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
// The project root from package.json, not __dirname: scripts/synth.js runs this file from a bundle.
const root = packageRoot();
const environments = loadEnvironmentsOrExit(path.join(root, "environments"), root, only);

// Stack traces in construct metadata cost a source-map lookup per construct and help no plan.
const app = new App({ stackTraces: false });
for (const environment of environments) {
  const observability = new ObservabilityStack(app, environment.id, { environment });
  if (environment.alerting.pagerduty.enabled) {
    new OperationsStack(app, operationsStackId(environment), { environment });
  }
  // The CloudWatch dashboard is in every AWS stack; Grafana content only where there is a Grafana.
  if (environment.grafana.mode !== "cloudwatch") {
    new GrafanaStack(app, grafanaStackId(environment), { environment, observability });
  }
}
app.synth();
process.stdout.write(synthSummary(environments));
