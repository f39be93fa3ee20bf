import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { DataPagerdutyVendor } from "@cdktf/provider-pagerduty/lib/data-pagerduty-vendor";
import { EscalationPolicy } from "@cdktf/provider-pagerduty/lib/escalation-policy";
import { Service } from "@cdktf/provider-pagerduty/lib/service";
import { ServiceIntegration } from "@cdktf/provider-pagerduty/lib/service-integration";
import { Construct } from "constructs";
import { DEFAULT_ESCALATION_DELAY_MINUTES } from "./alert-routing";
import type { Severity } from "./slo/slo";

/** PagerDuty urgency of the incidents each severity opens. */
export const URGENCY_BY_SEVERITY: Readonly<Record<Severity, "high" | "low">> = { page: "high", ticket: "low" };

/** Name of PagerDuty's Amazon CloudWatch vendor (the integration that parses CloudWatch alarm messages). */
export const CLOUDWATCH_VENDOR_NAME = "Amazon CloudWatch";

/** PagerDuty object ids (users, schedules) are upper-case letters and digits, e.g. `PABC123`. */
const PAGERDUTY_ID = /^[A-Z0-9]{7,20}$/;

export interface PagerDutyRoutingProps {
  /** Leading part of service and policy names, e.g. `llmobs-retail-banking-prod`. */
  readonly namePrefix: string;
  /** The SNS topic ARN per severity the integrations subscribe to (deterministic ARNs, see `alertTopicArn`). */
  readonly topicArns: Readonly<Record<Severity, string>>;
  /**
   * PagerDuty schedules notified first (escalation level 1, together with `escalationUserIds`).
   * @default []
   */
  readonly escalationScheduleIds?: readonly string[];
  /**
   * PagerDuty users notified at escalation level 1. At least one schedule or user is required.
   * @default []
   */
  readonly escalationUserIds?: readonly string[];
  /**
   * Minutes before an unacknowledged incident is escalated again.
   * @default 30
   */
  readonly escalationDelayMinutes?: number;
  /**
   * How many times the escalation policy repeats when nobody acknowledges.
   * @default 2
   */
  readonly escalationLoops?: number;
  /**
   * PagerDuty events host of the account's service region (`events.eu.pagerduty.com` for EU accounts).
   * @default "events.pagerduty.com"
   */
  readonly eventsHost?: string;
}

/** One severity's PagerDuty service, its CloudWatch integration and the topic subscription. */
export interface PagerDutySeverityRoute {
  readonly service: Service;
  readonly integration: ServiceIntegration;
  readonly subscription: SnsTopicSubscription;
}

/**
 * Routes the alert topics to PagerDuty: one escalation policy for the environment, and per
 * severity a service with a constant urgency (page -> high, ticket -> low) whose Amazon CloudWatch
 * integration is subscribed to that severity's topic over HTTPS. Separate services, because
 * CloudWatch alarm messages carry no severity PagerDuty could map to urgency, and one topic per
 * severity already says it. OK notifications of the alarms resolve the incidents.
 *
 * Needs a PagerDuty provider (token from `PAGERDUTY_TOKEN`) and an AWS provider in scope; the
 * `pagerduty_vendor` data source calls the PagerDuty API at plan time, so this construct belongs
 * in the operations stack, never in an AWS-only stack.
 */
export class PagerDutyRouting extends Construct {
  readonly escalationPolicy: EscalationPolicy;
  readonly routes: Readonly<Record<Severity, PagerDutySeverityRoute>>;

  constructor(scope: Construct, id: string, props: PagerDutyRoutingProps) {
    super(scope, id);
    const schedules = props.escalationScheduleIds ?? [];
    const users = props.escalationUserIds ?? [];
    if (schedules.length + users.length === 0) {
      throw new Error('pagerduty escalation needs at least one target: pass escalationScheduleIds or escalationUserIds (e.g. ["PABC123"])');
    }
    for (const target of [...schedules, ...users]) {
      if (!PAGERDUTY_ID.test(target)) throw new Error(`pagerduty ids are upper-case letters and digits such as PABC123, got "${target}"`);
    }
    const delay = props.escalationDelayMinutes ?? DEFAULT_ESCALATION_DELAY_MINUTES;
    if (!Number.isInteger(delay) || delay < 1) throw new Error(`escalationDelayMinutes must be a whole number of minutes of at least 1, got ${delay}`);
    const loops = props.escalationLoops ?? 2;
    if (!Number.isInteger(loops) || loops < 0 || loops > 9) throw new Error(`escalationLoops must be a whole number from 0 to 9, got ${loops}`);
    const eventsHost = props.eventsHost ?? "events.pagerduty.com";
    if (!/^events(\.[a-z]{2})?\.pagerduty\.com$/.test(eventsHost)) {
      throw new Error(`eventsHost must be a PagerDuty events host such as events.pagerduty.com or events.eu.pagerduty.com, got "${eventsHost}"`);
    }

    this.escalationPolicy = new EscalationPolicy(this, "escalation-policy", {
      name: `${props.namePrefix} LLM observability`,
      description: `Escalation for the LLM observability alerts of ${props.namePrefix}. Managed by cdktf.`,
      numLoops: loops,
      rule: [
        {
          escalationDelayInMinutes: delay,
          target: [...schedules.map((id) => ({ type: "schedule_reference", id })), ...users.map((id) => ({ type: "user_reference", id }))],
        },
      ],
    });
    const vendor = new DataPagerdutyVendor(this, "cloudwatch-vendor", { name: CLOUDWATCH_VENDOR_NAME });

    const routes = {} as Record<Severity, PagerDutySeverityRoute>;
    for (const severity of ["page", "ticket"] as const) {
      const service = new Service(this, `${severity}-service`, {
        name: `${props.namePrefix} ${severity}`,
        description:
          `${severity === "page" ? "Paging" : "Ticket"} alerts (SLO burn rates and direct alarms) of ${props.namePrefix}, ` +
          `from the SNS topic ${props.topicArns[severity]}. Managed by cdktf.`,
        escalationPolicy: this.escalationPolicy.id,
        incidentUrgencyRule: { type: "constant", urgency: URGENCY_BY_SEVERITY[severity] },
        // Alarms resolve incidents with their OK notification; PagerDuty must not resolve them on a timer.
        autoResolveTimeout: "null",
        acknowledgementTimeout: "null",
      });
      const integration = new ServiceIntegration(this, `${severity}-cloudwatch`, {
        name: CLOUDWATCH_VENDOR_NAME,
        service: service.id,
        vendor: vendor.id,
      });
      const subscription = new SnsTopicSubscription(this, `${severity}-subscription`, {
        topicArn: props.topicArns[severity],
        protocol: "https",
        endpoint: `https://${eventsHost}/integration/${integration.integrationKey}/enqueue`,
        // PagerDuty confirms the subscription itself; Terraform waits for it.
        endpointAutoConfirms: true,
      });
      routes[severity] = { service, integration, subscription };
    }
    this.routes = routes;
  }
}
