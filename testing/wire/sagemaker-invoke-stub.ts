/**
 * SageMaker Runtime InvokeEndpoint stub (restJson1: POST /endpoints/{name}/invocations, raw body in
 * and out), playing a token-classification model as the Hugging Face inference toolkit serves it:
 * `{"inputs": text}` in, `[{"entity_group","score","word","start","end"}]` out, offsets in code points.
 * By default it "recognises" the person names it is given (a scripted model, not a trained one).
 */
import { HttpStub, type RecordedRequest, type StubResponse } from "./http-stub";

export interface InvokeCall {
  readonly endpointName: string;
  readonly inputs: string;
}

/** What a token classifier found: each listed name wherever it occurs, as `PESSOA`, in code points. */
export function nerReply(inputs: string, names: readonly string[]): StubResponse {
  const entities: Record<string, unknown>[] = [];
  const codePoints = [...inputs];
  const text = codePoints.join("");
  for (const name of names) {
    for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
      const start = [...text.slice(0, at)].length;
      entities.push({ entity_group: "PESSOA", score: 0.97, word: name, start, end: start + [...name].length });
    }
  }
  entities.push({ entity_group: "LOCAL", score: 0.99, word: "x", start: 0, end: 1 });
  return { status: 200, body: JSON.stringify(entities), headers: { "content-type": "application/json" } };
}

export class SageMakerInvokeStub extends HttpStub {
  /** Names the scripted model recognises. */
  public names: readonly string[] = [];
  /** Replaces the reply (a failure, a malformed body). */
  public reply: ((call: InvokeCall) => StubResponse) | undefined;

  public constructor() {
    super((request) => {
      const call = SageMakerInvokeStub.parse(request);
      return this.reply ? this.reply(call) : nerReply(call.inputs, this.names);
    });
  }

  public static parse(request: RecordedRequest): InvokeCall {
    const match = /^\/endpoints\/([^/]+)\/invocations$/.exec(request.path);
    if (request.method !== "POST" || !match) throw new Error(`unexpected SageMaker Runtime request ${request.method} ${request.path}`);
    return { endpointName: decodeURIComponent(match[1]!), inputs: (JSON.parse(request.body) as { inputs: string }).inputs };
  }

  public get calls(): InvokeCall[] {
    return this.requests.map((request) => SageMakerInvokeStub.parse(request));
  }
}
