import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GATEWAY_METRICS, NAMESPACES } from "../../../contracts/metric-catalogue";
import { collectorConfigYaml, otelLambdaEnvironment } from "../collector-config";

describe("OpenTelemetry collector configuration", () => {
  const config = parse(collectorConfigYaml({ region: "sa-east-1", logGroupName: "/aws/lambda/gw" }));

  it("receives OTLP on localhost only and has no Prometheus receiver in the Lambda", () => {
    expect(Object.keys(config.receivers)).toEqual(["otlp"]);
    expect(config.receivers.otlp.protocols.grpc.endpoint).toBe("localhost:4317");
    expect(config.service.pipelines.metrics).toEqual({ receivers: ["otlp"], processors: ["batch"], exporters: ["awsemf"] });
  });

  it("exports to LLMInference/SageMaker with exactly the catalogue's dimension sets per metric", () => {
    const emf = config.exporters.awsemf;
    expect(emf.namespace).toBe(NAMESPACES.inference);
    expect(emf.dimension_rollup_option).toBe("NoDimensionRollup");
    const declared = new Map<string, string[][]>();
    for (const d of emf.metric_declarations) {
      for (const selector of d.metric_name_selectors as string[]) declared.set(selector.replace(/^\^|\$$/g, "").replace(/\\\./g, "."), d.dimensions);
    }
    const gateway = Object.values(GATEWAY_METRICS);
    expect([...declared.keys()].sort()).toEqual(gateway.map((m) => m.name).sort());
    for (const m of gateway) expect(declared.get(m.name)).toEqual(m.dimensionSets.map((s) => [...s]));
  });

  it("adds a Prometheus receiver for sidecar deployments", () => {
    const sidecar = parse(collectorConfigYaml({ region: "sa-east-1", logGroupName: "/x", prometheusTarget: "localhost:8080" }));
    expect(sidecar.receivers.prometheus.config.scrape_configs[0].static_configs[0].targets).toEqual(["localhost:8080"]);
    expect(sidecar.service.pipelines.metrics.receivers).toEqual(["otlp", "prometheus"]);
    expect(() => collectorConfigYaml({ region: "sa-east-1", logGroupName: "/x", prometheusTarget: "http://x" })).toThrow("prometheus target must be host:port");
  });

  it("turns on the ADOT layer only when a layer is configured", () => {
    expect(otelLambdaEnvironment(undefined)).toEqual({});
    expect(otelLambdaEnvironment("arn:aws:lambda:sa-east-1:1:layer:x:1").OPENTELEMETRY_COLLECTOR_CONFIG_URI).toBe("/var/task/collector.yaml");
  });
});
