/** What a demo run can be told: its size, its faults, and the demo's shortened AWS timings. */

export interface DemoOptions {
  /** Requests sent through the gateway. */
  readonly requests: number;
  /** How long the traffic lasts, ms. */
  readonly durationMs: number;
  readonly seed: string;
  /** `<business-line>/<stage>` of an environment file; the demo's own environment when absent. */
  readonly environment?: string;
  /** Share of judge (Bedrock Converse) calls throttled. */
  readonly judgeThrottleRate: number;
  /** Share of Comprehend DetectPiiEntities calls failing with InternalServerException. */
  readonly comprehendErrorRate: number;
  /** Share of inference-log lines truncated on the way to S3. */
  readonly malformedRate: number;
  /** Firehose buffering interval in the demo (the stack's is minutes), ms. */
  readonly firehoseIntervalMs: number;
  /** The notification queue's visibility timeout in the demo (the stack's is 90 minutes), ms. */
  readonly visibilityTimeoutMs: number;
  /** Gateway execution environments (worker threads; each SDK client keeps at most 50 sockets). */
  readonly gatewayInstances: number;
  /** Gateway deadline in the demo, ms (the stack's is 27 s, longer than a short run). */
  readonly invokeTimeoutMs: number;
  /** Called about once a second with a progress line. */
  readonly onProgress?: (line: string) => void;
  /** Aborts the run (Ctrl-C). */
  readonly signal?: AbortSignal;
}

/** The options that shape the run (not how it reports or stops). */
export type DemoSettings = Omit<DemoOptions, "onProgress" | "signal">;

export const DEFAULT_OPTIONS: DemoSettings = {
  requests: 2000,
  durationMs: 25_000,
  seed: "llmobs",
  judgeThrottleRate: 0.05,
  comprehendErrorRate: 0.02,
  malformedRate: 0.01,
  firehoseIntervalMs: 2_000,
  visibilityTimeoutMs: 1_500,
  gatewayInstances: 4,
  invokeTimeoutMs: 6_000,
};
