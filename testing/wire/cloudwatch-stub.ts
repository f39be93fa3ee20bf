/**
 * CloudWatch PutMetricData stub. The installed @aws-sdk/client-cloudwatch speaks AWS JSON 1.0
 * (X-Amz-Target GraniteServiceVersion20100801.PutMetricData) and gzips large bodies.
 */
import { awsJsonError, awsJsonTarget, HttpStub, type StubResponse } from "./http-stub";

export interface RecordedDatum {
  MetricName: string;
  Dimensions?: { Name: string; Value: string }[];
  Timestamp?: number | string;
  Value?: number;
  Unit?: string;
}

export interface PutMetricDataCall {
  Namespace: string;
  MetricData: RecordedDatum[];
}

export class CloudWatchStub extends HttpStub {
  /** Decides per call (0-based) whether to fail it. */
  public failCall: (index: number) => StubResponse | undefined = () => undefined;

  public constructor() {
    super((request, index) => {
      if (awsJsonTarget(request) !== "GraniteServiceVersion20100801.PutMetricData") return awsJsonError(400, "InvalidAction", awsJsonTarget(request));
      const failure = this.failCall(index);
      if (failure) return failure;
      return { status: 200, body: "{}", headers: { "content-type": "application/x-amz-json-1.0" } };
    });
  }

  public get calls(): PutMetricDataCall[] {
    return this.requests.map((request) => JSON.parse(request.body) as PutMetricDataCall);
  }
}
