/** The checker's figures to CloudWatch (`LLMInference/Privacy`, dimension `Evaluator`). */
import { PutMetricDataCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DIMENSIONS, NAMESPACES, PRIVACY_METRICS } from "../../../contracts/metric-catalogue";
import type { CanaryMetrics, CheckFigures } from "../ports";

/** The datums of one check: zeros included, so a healthy canary draws a continuous line. */
export function canaryDatums(figures: CheckFigures, evaluatorName: string, at: Date) {
  const dimensions = [{ Name: DIMENSIONS.evaluator, Value: evaluatorName }];
  return [
    { MetricName: PRIVACY_METRICS.canaryLeaks.name, Value: figures.leaks },
    { MetricName: PRIVACY_METRICS.canaryMissing.name, Value: figures.missing },
    { MetricName: PRIVACY_METRICS.canaryEvaluated.name, Value: figures.evaluated },
  ].map((datum) => ({ ...datum, Unit: "Count" as const, Dimensions: dimensions, Timestamp: at }));
}

export class CloudWatchCanaryMetrics implements CanaryMetrics {
  public constructor(
    private readonly client: CloudWatchClient,
    private readonly evaluatorName: string,
  ) {}

  public async publish(figures: CheckFigures, at: Date): Promise<void> {
    await this.client.send(new PutMetricDataCommand({ Namespace: NAMESPACES.privacy, MetricData: canaryDatums(figures, this.evaluatorName, at) }));
  }
}
