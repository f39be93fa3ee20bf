import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";
import { Construct } from "constructs";
import { GATEWAY_LOG_FIELDS, GATEWAY_METRICS } from "../../contracts/metric-catalogue";

const F = GATEWAY_LOG_FIELDS;
const M = {
  ttft: GATEWAY_METRICS.ttft.name,
  total: GATEWAY_METRICS.totalLatency.name,
  prompt: GATEWAY_METRICS.promptTokens.name,
  completion: GATEWAY_METRICS.completionTokens.name,
  tps: GATEWAY_METRICS.tokensPerSecond.name,
  guardrail: GATEWAY_METRICS.guardrailTriggered.name,
};

/** Pricing used to turn request time into an estimated cost per use case. */
export interface QueryCostModel {
  /** On-demand price of one endpoint instance per hour, in USD. */
  readonly instanceHourlyPriceUsd: number;
  /**
   * Requests one instance decodes at once: the rolling batch size (`OPTION_MAX_ROLLING_BATCH_SIZE`,
   * 32 by default). Not the job queue size (`SERVING_JOB_QUEUE_SIZE`, 64): requests beyond the
   * batch wait in the queue and hold no decode slot, so dividing by it would halve the cost.
   */
  readonly decodeConcurrencyPerInstance: number;
}

/** One saved Logs Insights query: file-like name (folder/name in the console) and query text. */
export interface SavedQuery {
  readonly name: string;
  readonly query: string;
}

/**
 * The saved queries over the gateway's EMF log lines. Field names come from the metric catalogue,
 * so a renamed metric renames the queries too.
 */
export function savedQueries(
  cost?: QueryCostModel,
): Record<"ttftPercentiles" | "slowestRequests" | "tokenUsageByUseCase" | "guardrailHits" | "errorsByType", SavedQuery> {
  // A request holds one of the instance's decode slots (the rolling batch) for its whole duration:
  // its share of the instance hour is duration / 3,600,000 ms / slots. At full load that is the real
  // cost; below it, idle capacity is not attributed (the estimate is a lower bound). Time spent
  // queued beyond the batch is counted too (the gateway's total latency includes it), so under
  // queuing the estimate errs high, never low.
  const perMs = cost ? cost.instanceHourlyPriceUsd / 3_600_000 / cost.decodeConcurrencyPerInstance : undefined;
  const costField = perMs === undefined ? "" : `, ${M.total} * ${perMs.toPrecision(6)} as request_cost_usd`;
  const costStat = perMs === undefined ? "" : ", sum(request_cost_usd) as est_cost_usd";
  return {
    ttftPercentiles: {
      name: "ttft-percentiles-by-model-and-request-type",
      query: [
        `fields @timestamp, ${M.ttft}, ${F.modelName}, ${F.requestType}`,
        `| filter ispresent(${M.ttft})`,
        `| stats pct(${M.ttft}, 50) as ttft_p50, pct(${M.ttft}, 95) as ttft_p95, pct(${M.ttft}, 99) as ttft_p99, count(*) as requests by ${F.modelName}, ${F.requestType}`,
        `| sort ttft_p99 desc`,
      ].join("\n"),
    },
    slowestRequests: {
      name: "slowest-requests",
      query: [
        `fields @timestamp, ${F.requestId}, ${F.modelName}, ${F.requestType}, ${F.useCase}, ${M.total}, ${M.ttft}, ${M.completion}, ${M.tps}, ${F.status}`,
        `| filter ispresent(${M.total})`,
        `| sort ${M.total} desc`,
        `| limit 50`,
      ].join("\n"),
    },
    tokenUsageByUseCase: {
      name: "token-usage-and-cost-by-use-case",
      query: [
        `fields ${F.useCase}, ${M.prompt}, ${M.completion}${costField}`,
        `| filter ispresent(${M.prompt})`,
        `| stats count(*) as requests, sum(${M.prompt}) as prompt_tokens_total, sum(${M.completion}) as completion_tokens_total, sum(${M.prompt} + ${M.completion}) as tokens_total${costStat} by ${F.useCase}`,
        `| sort tokens_total desc`,
      ].join("\n"),
    },
    guardrailHits: {
      name: "guardrail-hits",
      query: [
        `fields @timestamp, ${F.requestId}, ${F.useCase}, ${F.requestType}, ${F.status}`,
        `| filter ${M.guardrail} > 0 or ${F.status} = "blocked_by_guardrail"`,
        `| stats count(*) as guardrail_hits by ${F.useCase}, ${F.requestType}, bin(1h)`,
      ].join("\n"),
    },
    errorsByType: {
      name: "errors-by-type",
      query: [
        `fields @timestamp, ${F.status}, ${F.modelName}, ${F.requestId}`,
        `| filter ispresent(${F.status}) and ${F.status} != "ok" and ${F.status} != "blocked_by_guardrail"`,
        `| stats count(*) as errors by ${F.status}, ${F.modelName}, bin(5m)`,
      ].join("\n"),
    },
  };
}

export interface LogInsightsQueriesProps {
  /** Log group the gateway function writes its EMF lines to. */
  readonly gatewayLogGroupName: string;
  /** Console folder of the queries, e.g. the environment's name prefix. */
  readonly folder: string;
  /** Adds an estimated cost column to the token usage query. @default - tokens only */
  readonly cost?: QueryCostModel;
}

/** Saved CloudWatch Logs Insights queries (aws_cloudwatch_query_definition) over the gateway's log group. */
export class LogInsightsQueries extends Construct {
  readonly definitions: Record<string, CloudwatchQueryDefinition> = {};

  constructor(scope: Construct, id: string, props: LogInsightsQueriesProps) {
    super(scope, id);
    if (props.cost && !(props.cost.instanceHourlyPriceUsd > 0 && props.cost.decodeConcurrencyPerInstance >= 1)) {
      throw new Error(`query cost model needs a price above 0 and a decode concurrency (rolling batch size) of at least 1, got ${JSON.stringify(props.cost)}`);
    }
    for (const [key, saved] of Object.entries(savedQueries(props.cost))) {
      this.definitions[key] = new CloudwatchQueryDefinition(this, saved.name, {
        name: `${props.folder}/${saved.name}`,
        logGroupNames: [props.gatewayLogGroupName],
        queryString: saved.query,
      });
    }
  }
}
