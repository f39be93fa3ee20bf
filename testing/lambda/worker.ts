/**
 * Inside one worker thread: a Lambda execution environment for one handler module. The module is
 * loaded once (its cold start: configuration and SDK clients, from this worker's own environment
 * variables), then each message from the parent is one invocation.
 */
import { parentPort, workerData } from "node:worker_threads";

interface WorkerData {
  readonly handlerModule: string;
  readonly handlerName: string;
}

type Handler = (event: unknown) => Promise<unknown>;

const port = parentPort;
if (!port) throw new Error("testing/lambda/worker.ts runs inside a worker thread only");
const { handlerModule, handlerName } = workerData as WorkerData;

function describe(error: unknown): { name: string; message: string; stack?: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) }
    : { name: "Error", message: String(error) };
}

let handler: Handler | undefined;
try {
  // A plain require: the handler is CommonJS TypeScript, loaded through tsx's require hook.
  const loaded = require(handlerModule) as Record<string, unknown>;
  const candidate = loaded[handlerName];
  if (typeof candidate !== "function") throw new Error(`${handlerModule} exports no function ${handlerName}`);
  handler = candidate as Handler;
  port.postMessage({ type: "ready" });
} catch (error) {
  port.postMessage({ type: "init-error", error: describe(error) });
}

port.on("message", (message: { type: "invoke"; id: number; event: unknown }) => {
  if (message.type !== "invoke" || !handler) return;
  handler(message.event).then(
    (value) => port.postMessage({ type: "result", id: message.id, value }),
    (error: unknown) => port.postMessage({ type: "result", id: message.id, error: describe(error) }),
  );
});
