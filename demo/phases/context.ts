/** What every phase of a demo run shares: its settings, its stack, what it started, and how it stops. */
import type { DemoSettings } from "../options";
import type { SynthesizedDemoStack } from "../synthesized-stack";

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** s3rver checks signatures against its one key pair; the other local servers accept any. */
export const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** Stops everything started, in reverse order, even when one stop fails. */
export class Resources {
  private readonly stops: { name: string; stop: () => Promise<unknown> }[] = [];

  public add<T>(name: string, value: T, stop: (value: T) => Promise<unknown>): T {
    this.stops.push({ name, stop: () => stop(value) });
    return value;
  }

  public async stopAll(): Promise<string[]> {
    const problems: string[] = [];
    for (const { name, stop } of this.stops.splice(0).reverse()) {
      try {
        await Promise.race([stop(), sleep(5_000).then(() => Promise.reject(new Error("did not stop within 5 s")))]);
      } catch (error) {
        problems.push(`${name}: ${(error as Error).message}`);
      }
    }
    return problems;
  }
}

export class DemoAborted extends Error {
  public override readonly name = "DemoAborted";
}

export interface RunContext {
  readonly settings: DemoSettings;
  readonly stack: SynthesizedDemoStack;
  readonly resources: Resources;
  /** Throws `DemoAborted` once the run was interrupted. */
  readonly checkAbort: () => void;
  readonly onProgress?: (line: string) => void;
  readonly signal?: AbortSignal;
}
