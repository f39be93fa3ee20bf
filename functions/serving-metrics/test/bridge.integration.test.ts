/**
 * The bridge's handler against a local server speaking the Prometheus query API's documented JSON,
 * with AWS SDK v3's SigV4 signer over real HTTP: what it asks (the Serving row's PromQL, signed for
 * service `monitoring`), and the EMF it writes from what it is told (values, NaN, empty answers,
 * per-zone series, a failed query).
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { TEST_REGION } from "../../../testing/local-aws";
import { type PromAnswer, PromqlStub } from "../../../testing/wire/promql-stub";
import { NodeSha256 } from "../../signing/sigv4";

const ENDPOINT = "llmobs-retail-prod-endpoint";
const SECRET = "bridge-test-secret";
const ZONE = "@resource.cloud.availability_zone";

/** What the fake endpoint holds, by the vLLM metric a query reads first. */
function answerFor(query: string): PromAnswer {
  if (query.includes("vllm:prefix_cache_hits")) return [{ value: "30" }];
  if (query.includes("vllm:num_requests_waiting")) return [{ value: "4" }];
  if (query.includes("vllm:num_requests_running")) return [{ value: "16" }];
  // A ratio over no traffic: Prometheus answers NaN.
  if (query.includes("vllm:kv_cache_usage_perc")) return [{ value: "NaN" }];
  if (query.includes("vllm:request_success"))
    return [
      { labels: { [ZONE]: "sa-east-1a" }, value: "2.5" },
      { labels: { [ZONE]: "sa-east-1b" }, value: "1.5" },
    ];
  if (query.includes("vllm:request_queue_time_seconds")) return { status: 422, error: "query timed out" };
  if (query.includes("0.95") && query.includes("vllm:time_to_first_token_seconds")) return [{ value: "812.5" }];
  return [];
}

const stub = new PromqlStub(answerFor);
let output: string[] = [];

beforeAll(async () => {
  await stub.start();
});
afterAll(async () => {
  await stub.stop();
});
beforeEach(() => {
  stub.queries.length = 0;
  stub.answer = answerFor;
  output = [];
  vi.resetModules();
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
  Object.assign(process.env, {
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: "AKIDBRIDGETEST",
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_SESSION_TOKEN: "bridge-session-token",
    AWS_ENDPOINT_URL_CLOUDWATCH: stub.url,
    SERVING_ENDPOINT_NAMES: ENDPOINT,
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function runHandler() {
  const { handler } = await import("../handler");
  return handler();
}

const emf = () => output.filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line) as Record<string, any>);

/** Verifies the request's signature as AWS does: the signed headers it names, the same secret and date. */
async function signatureValid(request: (typeof stub.queries)[number]["request"]): Promise<boolean> {
  const authorization = String(request.headers.authorization);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(";");
  const headers = Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name])]));
  const amzDate = headers["x-amz-date"]!;
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const [hostname, port] = headers.host!.split(":");
  const verifier = new SignatureV4({
    service: "monitoring",
    region: TEST_REGION,
    credentials: { accessKeyId: "AKIDBRIDGETEST", secretAccessKey: SECRET, sessionToken: "bridge-session-token" },
    sha256: NodeSha256,
  });
  const expected = await verifier.sign(
    { method: request.method, protocol: "http:", hostname: hostname!, port: Number(port), path: request.path, query: {}, headers, body: request.body },
    { signingDate },
  );
  return expected.headers.authorization === authorization;
}

describe("serving-metrics bridge handler, over HTTP", () => {
  it("asks every Serving-row query of the endpoint, signed with SigV4 for service monitoring", async () => {
    await runHandler();

    expect(stub.queries).toHaveLength(10);
    expect(stub.queries.map((q) => q.query)).toContain(
      `100 * sum(rate({"vllm:prefix_cache_hits", "aws.sagemaker.endpoint.name"="${ENDPOINT}"}[5m])) / sum(rate({"vllm:prefix_cache_queries", "aws.sagemaker.endpoint.name"="${ENDPOINT}"}[5m]))`,
    );
    const first = stub.queries[0]!;
    expect(first.request.headers.authorization).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDBRIDGETEST/\\d{8}/${TEST_REGION}/monitoring/aws4_request, SignedHeaders=`),
    );
    expect(first.request.headers["x-amz-security-token"]).toBe("bridge-session-token");
    expect(first.request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    for (const query of stub.queries) expect(await signatureValid(query.request)).toBe(true);
    // One instant for every query, so the minute's datums belong together.
    expect(new Set(stub.queries.map((q) => q.time)).size).toBe(1);
  });

  it("writes the answers as EMF in LLMInference/Serving: values kept, NaN and empty answers left out, zones apart", async () => {
    const result = await runHandler();

    const documents = emf();
    const endpointDoc = documents.find((d) => d.AvailabilityZone === undefined)!;
    expect(endpointDoc._aws.CloudWatchMetrics[0].Namespace).toBe("LLMInference/Serving");
    expect(endpointDoc._aws.CloudWatchMetrics[0].Dimensions).toEqual([["EndpointName"]]);
    expect(endpointDoc).toMatchObject({ EndpointName: ENDPOINT, PrefixCacheHitRate: 30, RequestsWaiting: 4, RequestsRunning: 16, ServerTtftP95: 812.5 });
    expect(endpointDoc).not.toHaveProperty("KvCacheUsage");
    expect(endpointDoc).not.toHaveProperty("QueueTimeP50");
    expect(endpointDoc._aws.CloudWatchMetrics[0].Metrics).toContainEqual({ Name: "PrefixCacheHitRate", Unit: "Percent" });
    const zones = documents.filter((d) => d.AvailabilityZone !== undefined);
    expect(zones.map((d) => [d.AvailabilityZone, d.CompletedRequestsPerSecond])).toEqual([
      ["sa-east-1a", 2.5],
      ["sa-east-1b", 1.5],
    ]);
    expect(zones[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([["EndpointName", "AvailabilityZone"]]);
    // 4 endpoint values + 2 zones; empty: KV cache (NaN), server TTFT p50, time per output token, prefill;
    // the failed queue-time query is counted, not thrown.
    expect(result).toEqual({ published: 6, empty: 4, failed: 1 });
  });

  it("fails the run when every query fails, so the function's error alarm sees a blind bridge", async () => {
    stub.answer = () => ({ status: 403, error: "not authorized to perform cloudwatch:GetMetricData" });

    await expect(runHandler()).rejects.toThrow(/all 10 PromQL queries failed/);
    expect(emf()).toEqual([]);
  });

  it("refuses a cold start without endpoint names, naming the variable", async () => {
    delete process.env.SERVING_ENDPOINT_NAMES;

    await expect(runHandler()).rejects.toThrow(/SERVING_ENDPOINT_NAMES is required/);
  });
});
