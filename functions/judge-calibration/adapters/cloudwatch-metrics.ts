/** PutMetricData in the judge-calibration namespace, at most 1,000 datums per call. */
import { PutMetricDataCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { NAMESPACES } from "../../../contracts/metric-catalogue";
import type { Datum } from "../metrics";

export class CloudWatchCalibrationMetrics {
  public constructor(private readonly client: CloudWatchClient) {}

  public async put(datums: Datum[]): Promise<void> {
    for (let index = 0; index < datums.length; index += 1000) {
      await this.client.send(new PutMetricDataCommand({ Namespace: NAMESPACES.judgeCalibration, MetricData: datums.slice(index, index + 1000) }));
    }
  }
}
