/** The parent's handle on the simulated endpoint's worker thread (see `endpoint-worker.ts`). */
import { Worker } from "node:worker_threads";
import type { InvocationRecord, SimulatedModelOptions } from "./simulated-model";

export class EndpointThread {
  private constructor(
    private readonly worker: Worker,
    public readonly url: string,
  ) {}

  public static async start(options: SimulatedModelOptions): Promise<EndpointThread> {
    const bootstrap = `require(${JSON.stringify(require.resolve("tsx/cjs"))});require(${JSON.stringify(require.resolve("./endpoint-worker.ts"))});`;
    const worker = new Worker(bootstrap, { eval: true, execArgv: [], workerData: options });
    const url = await new Promise<string>((resolve, reject) => {
      worker.once("message", (message: { type: string; url?: string; message?: string }) => {
        if (message.type === "ready") resolve(message.url!);
        else reject(new Error(`simulated endpoint failed to start: ${message.message}`));
      });
      worker.once("error", reject);
    });
    return new EndpointThread(worker, url);
  }

  /** Tells the model when the traffic started (it places its incident from there). */
  public setStart(startedAt: number): void {
    this.worker.postMessage({ type: "start", startedAt });
  }

  private request<T>(type: string, answer: string): Promise<T> {
    return new Promise<T>((resolve) => {
      const listener = (message: { type: string } & T): void => {
        if (message.type !== answer) return;
        this.worker.off("message", listener);
        resolve(message);
      };
      this.worker.on("message", listener);
      this.worker.postMessage({ type });
    });
  }

  /** Every invocation so far, as SageMaker's own metrics would count it. */
  public async invocations(): Promise<InvocationRecord[]> {
    return (await this.request<{ invocations: InvocationRecord[] }>("collect", "invocations")).invocations;
  }

  public async stop(): Promise<void> {
    await Promise.race([this.request("stop", "stopped"), new Promise((resolve) => setTimeout(resolve, 2_000))]);
    await this.worker.terminate();
  }
}
