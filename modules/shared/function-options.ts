/**
 * What every module that deploys platform functions lets its caller choose about them: log
 * retention, code signing and trace export. Module props extend it.
 */
import type { CodeSigningChoice } from "./code-signing";
import type { FunctionTracing } from "./function-tracing";

export interface PlatformFunctionOptions {
  /** Retention of the module's function log groups (>= 365). @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Code signing of the module's functions: a `FunctionCodeSigning`, or `"off"`.
   * @default - the stack's own (`FunctionCodeSigning.ofStack`, enforce), shared by every module of the stack
   */
  readonly codeSigning?: CodeSigningChoice;
  /**
   * The functions' spans (OpenTelemetry GenAI conventions): exported to X-Ray's OTLP endpoint, and
   * to the bank's OTLP endpoint when `otlp` is set; `false` turns tracing off (`OTEL_SDK_DISABLED`).
   * @default { sampleRatio: 0.1 } - X-Ray, 10 % of new traces, every error and guardrail hit
   */
  readonly tracing?: FunctionTracing | false;
}
