/**
 * A Lambda function run locally: its handler module in worker threads (one per "execution
 * environment"), each with the function's own environment variables, and its stdout and stderr
 * collected line by line as CloudWatch Logs would collect them (EMF lines included).
 */
import { Worker } from "node:worker_threads";

export interface LocalFunctionOptions {
  /** Name used in log lines and errors, e.g. `gateway`. */
  readonly name: string;
  /** Absolute path of the handler module (TypeScript). */
  readonly handlerModule: string;
  /** @default "handler" */
  readonly handlerName?: string;
  /** Environment variables of the function (nothing else of the parent's environment is passed). */
  readonly environment: Readonly<Record<string, string>>;
  /** Execution environments (worker threads) at most. @default 1 */
  readonly instances?: number;
  /**
   * Execution environments started up front; more start (a cold start each) when every one is busy,
   * up to `instances`, as Lambda scales out.
   * @default instances
   */
  readonly initialInstances?: number;
  /** Invocations in flight at once over all instances; more wait for a free slot. @default unlimited */
  readonly maxConcurrency?: number;
  /** Each line the function writes to stdout or stderr. */
  readonly onLogLine: (line: string, stream: "stdout" | "stderr") => void;
}

/** The error a handler threw (or returned as a rejected promise), rebuilt in the parent. */
export class HandlerError extends Error {
  public override readonly name = "HandlerError";
  public constructor(
    public readonly functionName: string,
    public readonly errorName: string,
    message: string,
  ) {
    super(`${functionName}: ${errorName}: ${message}`);
  }
}

interface Instance {
  readonly worker: Worker;
  inFlight: number;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

type WorkerMessage =
  | { type: "ready" }
  | { type: "init-error"; error: { name: string; message: string } }
  | { type: "result"; id: number; value?: unknown; error?: { name: string; message: string } };

/** Splits a byte stream into lines. */
function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer | string): void; flush(): void } {
  let rest = "";
  return {
    push(chunk) {
      const text = rest + String(chunk);
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) if (line.length > 0) onLine(line);
    },
    flush() {
      if (rest.length > 0) onLine(rest);
      rest = "";
    },
  };
}

export class LocalFunction {
  public invocations = 0;
  public errors = 0;
  private readonly instances: Instance[] = [];
  private readonly workers: Worker[] = [];
  private starting = 0;
  /** Cold starts after the first ones (scale-out). */
  public coldStarts = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;
  private inFlight = 0;
  private stopped = false;

  private constructor(private readonly options: LocalFunctionOptions) {}

  /** Starts the execution environments and waits for every cold start to finish. */
  public static async start(options: LocalFunctionOptions): Promise<LocalFunction> {
    const fn = new LocalFunction(options);
    try {
      await Promise.all(Array.from({ length: options.initialInstances ?? options.instances ?? 1 }, () => fn.startInstance()));
    } catch (error) {
      await fn.stop();
      throw error;
    }
    return fn;
  }

  private startInstance(): Promise<void> {
    const { options } = this;
    // tsx's CommonJS hook in the worker, then the worker entry (TypeScript).
    const bootstrap = `require(${JSON.stringify(require.resolve("tsx/cjs"))});require(${JSON.stringify(require.resolve("./worker.ts"))});`;
    const worker = new Worker(bootstrap, {
      eval: true,
      env: { ...options.environment },
      execArgv: process.env.DEMO_WORKER_EXEC_ARGV ? process.env.DEMO_WORKER_EXEC_ARGV.split(" ") : [],
      stdout: true,
      stderr: true,
      workerData: { handlerModule: options.handlerModule, handlerName: options.handlerName ?? "handler" },
    });
    this.workers.push(worker);
    const instance: Instance = { worker, inFlight: 0 };
    const out = lineSplitter((line) => options.onLogLine(line, "stdout"));
    const err = lineSplitter((line) => options.onLogLine(line, "stderr"));
    worker.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    worker.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    worker.stdout.on("end", () => out.flush());
    worker.stderr.on("end", () => err.flush());
    return new Promise<void>((resolve, reject) => {
      worker.on("message", (message: WorkerMessage) => {
        if (message.type === "ready") {
          this.instances.push(instance);
          resolve();
        } else if (message.type === "init-error") {
          reject(new HandlerError(options.name, message.error.name, `cold start failed: ${message.error.message}`));
        } else {
          const pending = this.pending.get(message.id);
          if (!pending) return;
          this.pending.delete(message.id);
          instance.inFlight -= 1;
          this.release();
          if (message.error) {
            this.errors += 1;
            pending.reject(new HandlerError(options.name, message.error.name, message.error.message));
          } else {
            pending.resolve(message.value);
          }
        }
      });
      worker.on("error", (error) => reject(new HandlerError(options.name, error.name, error.message)));
    });
  }

  private release(): void {
    this.inFlight -= 1;
    this.waiting.shift()?.();
  }

  /** Invokes the handler with `event` (structured-cloned, as Lambda hands a handler parsed JSON). */
  public async invoke<T = unknown>(event: unknown): Promise<T> {
    if (this.stopped) throw new Error(`${this.options.name} is stopped`);
    const limit = this.options.maxConcurrency ?? Number.POSITIVE_INFINITY;
    while (this.inFlight >= limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight += 1;
    this.invocations += 1;
    let instance = this.instances.reduce((best, candidate) => (candidate.inFlight < best.inFlight ? candidate : best));
    // Scale out: every environment is busy and there is room for another one (a cold start).
    if (instance.inFlight > 0 && this.instances.length + this.starting < (this.options.instances ?? 1)) {
      this.starting += 1;
      this.coldStarts += 1;
      try {
        await this.startInstance();
      } finally {
        this.starting -= 1;
      }
      instance = this.instances.reduce((best, candidate) => (candidate.inFlight < best.inFlight ? candidate : best));
    }
    instance.inFlight += 1;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      instance.worker.postMessage({ type: "invoke", id, event });
    });
  }

  /** Terminates every execution environment; invocations still in flight are rejected. */
  public async stop(): Promise<void> {
    this.stopped = true;
    for (const [id, pending] of this.pending) {
      pending.reject(new Error(`${this.options.name} stopped during invocation ${id}`));
    }
    this.pending.clear();
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
    this.instances.length = 0;
  }
}
