import { stringify } from "yaml";
import { GATEWAY_METRICS, NAMESPACES, type MetricDefinition } from "../../contracts/metric-catalogue";

/** Where the gateway's bundle carries the collector configuration inside the Lambda package. */
export const COLLECTOR_CONFIG_FILE = "collector.yaml";
export const COLLECTOR_CONFIG_URI = `/var/task/${COLLECTOR_CONFIG_FILE}`;
/** The ADOT Lambda layer's wrapper script that starts the SDK and the collector extension. */
export const OTEL_EXEC_WRAPPER = "/opt/otel-handler";

export interface CollectorConfigOptions {
  readonly region: string;
  /** Log group the awsemf exporter writes EMF lines to (the gateway's, so Logs Insights sees them). */
  readonly logGroupName: string;
  /**
   * `host:port` of the LMI container's Prometheus metrics endpoint, scraped by a `prometheus`
   * receiver. Only where the collector runs beside the container (multi-container or sidecar
   * deployments): a SageMaker real-time endpoint does not expose the container's port to anything
   * outside it, so the gateway's Lambda collector never sets this.
   * @default - no Prometheus receiver
   */
  readonly prometheusTarget?: string;
  /** Scrape interval of the Prometheus receiver. @default "30s" */
  readonly prometheusScrapeInterval?: string;
  /** Metrics declared to the awsemf exporter. @default every gateway metric of the catalogue */
  readonly metrics?: readonly MetricDefinition[];
}

/**
 * The OpenTelemetry collector configuration (ADOT): an OTLP receiver on localhost, optionally a
 * Prometheus receiver, a batch processor, and the `awsemf` exporter writing to namespace
 * `LLMInference/SageMaker` with exactly the catalogue's dimension sets (one metric declaration
 * per dimension-set group, so no other dimension combination becomes a billed series).
 */
export function collectorConfig(options: CollectorConfigOptions): Record<string, unknown> {
  const metrics = options.metrics ?? Object.values(GATEWAY_METRICS);
  const groups = new Map<string, { dimensions: string[][]; names: string[] }>();
  for (const m of metrics) {
    if (m.namespace !== NAMESPACES.inference) {
      throw new Error(`collector exports namespace ${NAMESPACES.inference} only, got ${m.name} in ${m.namespace}`);
    }
    const key = JSON.stringify(m.dimensionSets);
    const group = groups.get(key) ?? { dimensions: m.dimensionSets.map((set) => [...set]), names: [] };
    group.names.push(m.name);
    groups.set(key, group);
  }
  const receivers: Record<string, unknown> = {
    otlp: { protocols: { grpc: { endpoint: "localhost:4317" }, http: { endpoint: "localhost:4318" } } },
  };
  if (options.prometheusTarget !== undefined) {
    if (!/^[\w.-]+:\d{1,5}$/.test(options.prometheusTarget)) {
      throw new Error(`prometheus target must be host:port, got "${options.prometheusTarget}"`);
    }
    receivers.prometheus = {
      config: {
        scrape_configs: [
          { job_name: "lmi-container", scrape_interval: options.prometheusScrapeInterval ?? "30s", static_configs: [{ targets: [options.prometheusTarget] }] },
        ],
      },
    };
  }
  return {
    receivers,
    processors: { batch: { timeout: "1s" } },
    exporters: {
      awsemf: {
        region: options.region,
        namespace: NAMESPACES.inference,
        log_group_name: options.logGroupName,
        log_stream_name: "otel-collector",
        dimension_rollup_option: "NoDimensionRollup",
        metric_declarations: [...groups.values()].map((g) => ({
          dimensions: g.dimensions,
          metric_name_selectors: g.names.map((n) => `^${n.replace(/[.]/g, "\\.")}$`),
        })),
      },
    },
    service: {
      pipelines: { metrics: { receivers: Object.keys(receivers), processors: ["batch"], exporters: ["awsemf"] } },
    },
  };
}

/** The collector configuration as YAML, ready to ship as `collector.yaml` in a Lambda bundle. */
export function collectorConfigYaml(options: CollectorConfigOptions): string {
  return stringify(collectorConfig(options), { lineWidth: 0 });
}

/**
 * Environment variables that turn on the ADOT Lambda layer for a function whose bundle carries
 * `collector.yaml`. Empty without a layer ARN: the function then publishes with EMF only.
 */
export function otelLambdaEnvironment(layerArn: string | undefined): Record<string, string> {
  if (layerArn === undefined) return {};
  return { AWS_LAMBDA_EXEC_WRAPPER: OTEL_EXEC_WRAPPER, OPENTELEMETRY_COLLECTOR_CONFIG_URI: COLLECTOR_CONFIG_URI };
}
