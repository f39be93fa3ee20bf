import * as path from "node:path";
import { App } from "cdktf";
import { loadEnvironments } from "./config/discover";
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
const environments = loadEnvironments(path.join(root, "environments"), root, only);

// Stack traces in construct metadata cost a source-map lookup per construct and help no plan.
const app = new App({ stackTraces: false });
for (const environment of environments) {
  const observability = new ObservabilityStack(app, environment.id, { environment });
  if (environment.alerting.pagerduty.enabled) {
    new OperationsStack(app, `${environment.id}-operations`, { environment });
  }
  // The CloudWatch dashboard is in every AWS stack; Grafana content only where there is a Grafana.
  if (environment.grafana.mode !== "cloudwatch") {
    new GrafanaStack(app, `${environment.id}-grafana`, { environment, observability });
  }
}
app.synth();
