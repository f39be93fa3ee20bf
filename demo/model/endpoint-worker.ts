/**
 * Inside a worker thread: the SageMaker Runtime streaming stub answered by the simulated model.
 * Writing tens of thousands of timed event-stream frames is the busiest work of the demo, so it
 * gets a thread (and, on this 2-core machine, a core) of its own.
 */
import { parentPort, workerData } from "node:worker_threads";
import { startSageMakerRuntimeStub } from "../../testing/wire/sagemaker-runtime-stub";
import { SimulatedModel, type SimulatedModelOptions } from "./simulated-model";

const port = parentPort;
if (!port) throw new Error("demo/model/endpoint-worker.ts runs inside a worker thread only");

async function main(): Promise<void> {
  const model = new SimulatedModel(workerData as SimulatedModelOptions);
  const stub = await startSageMakerRuntimeStub();
  stub.keepInvocations = false;
  stub.respond = (invocation) => model.respond(invocation.body, String(invocation.headers["x-amzn-sagemaker-custom-attributes"] ?? ""));
  port!.on("message", (message: { type: string; startedAt?: number }) => {
    if (message.type === "start") model.setStart(message.startedAt!);
    else if (message.type === "collect") port!.postMessage({ type: "invocations", invocations: model.invocations, active: model.active() });
    else if (message.type === "stop") void stub.close().then(() => port!.postMessage({ type: "stopped" }));
  });
  port!.postMessage({ type: "ready", url: stub.url });
}

main().catch((error: unknown) => port.postMessage({ type: "error", message: String(error) }));
