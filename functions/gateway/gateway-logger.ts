/**
 * The logging surface the gateway core needs. Powertools' `Logger` satisfies it; keeping the
 * core on this interface keeps it testable without a Lambda context.
 */
export interface GatewayLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}
