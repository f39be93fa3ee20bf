import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { PagerdutyProvider } from "@cdktf/provider-pagerduty/lib/provider";
import { Aspects, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { alertTopicArn } from "../modules/alerting";
import { PagerDutyRouting } from "../modules/alerting/pagerduty";
import { PLATFORM_RULE_PACKS } from "../modules/platform-rule-packs";
import { PolicyAspect, takeCheckedSynthesis } from "../modules/shared/policy";
import { environmentAwsProvider, environmentNaming, type EnvironmentStackProps } from "./environment-stack";
import { configureStateBackend } from "./state-backend";

export type OperationsStackProps = EnvironmentStackProps;

/**
 * PagerDuty routing of one environment (`<env-id>-operations`), kept out of the AWS-only stack as
 * docs/architecture.md ("Stacks") explains: the PagerDuty provider reads `PAGERDUTY_TOKEN` from the environment itself (no
 * token in code or in the synthesized JSON), and its vendor lookup calls the PagerDuty API at plan.
 *
 * The AWS provider here only subscribes the PagerDuty integrations to the alert topics of the
 * environment's observability stack. Those are referenced by their deterministic ARNs (naming
 * scheme + account + region, `alertTopicArn`), so no remote state is read; deploy the
 * observability stack first, since the topics must exist when the subscriptions are created.
 */
export class OperationsStack extends TerraformStack {
  readonly pagerDuty: PagerDutyRouting;

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id);
    const env = props.environment;
    const pd = env.alerting.pagerduty;
    if (!pd.enabled) {
      throw new Error(`operations stack of ${env.id}: alerting.pagerduty.enabled is false in ${env.file}; enable it or do not create the stack`);
    }
    const naming = environmentNaming(env);

    configureStateBackend(this, env.state, id);
    new PagerdutyProvider(this, "pagerduty", {});
    new AwsProvider(this, "aws", environmentAwsProvider(env));

    this.pagerDuty = new PagerDutyRouting(this, "pagerduty-routing", {
      namePrefix: naming.prefix,
      topicArns: {
        page: alertTopicArn(naming, "page", env.accountId, env.region),
        ticket: alertTopicArn(naming, "ticket", env.accountId, env.region),
      },
      escalationScheduleIds: pd.escalationScheduleIds,
      escalationUserIds: pd.escalationUserIds,
      escalationDelayMinutes: pd.escalationDelayMinutes,
    });

    new TerraformOutput(this, "page_service_id", { value: this.pagerDuty.routes.page.service.id });
    new TerraformOutput(this, "ticket_service_id", { value: this.pagerDuty.routes.ticket.service.id });

    Aspects.of(this).add(new PolicyAspect({ packs: PLATFORM_RULE_PACKS }));
  }

  /** Synth resolves the stack once: the policy check's JSON is the stack's JSON. */
  override toTerraform(): any {
    return takeCheckedSynthesis(this) ?? super.toTerraform();
  }
}
