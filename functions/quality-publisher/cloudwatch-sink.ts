/** CloudWatch PutMetricData as the publisher's metric sink. */
import { PutMetricDataCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { MetricSink } from "./publish-stream";
import type { Datum } from "./types";

export class CloudWatchSink implements MetricSink {
  public constructor(private readonly client: CloudWatchClient) {}

  public async put(namespace: string, datums: Datum[]): Promise<void> {
    await this.client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: datums }));
  }
}
