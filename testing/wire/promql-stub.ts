/**
 * CloudWatch's Prometheus-compatible query API (`POST /api/v1/query`, form-encoded `query` and
 * `time`), answering in the Prometheus HTTP API's documented JSON: `{"status":"success","data":
 * {"resultType":"vector","result":[{"metric":{...},"value":[<unix s>,"<value>"]}]}}`, or
 * `{"status":"error","errorType":...,"error":...}`. Each query is answered by `answer(query)`.
 */
import { HttpStub, type RecordedRequest } from "./http-stub";

/** One series of an instant vector: its labels and its value (a string, as Prometheus sends it: "NaN" allowed). */
export interface PromSeries {
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: string;
}

/** A vector of series, or an error answer with its HTTP status. */
export type PromAnswer = readonly PromSeries[] | { readonly error: string; readonly status: number };

export interface PromqlQuery {
  readonly query: string;
  /** Evaluation time, Unix seconds. */
  readonly time: number;
  readonly request: RecordedRequest;
}

export class PromqlStub {
  public readonly queries: PromqlQuery[] = [];
  private readonly http: HttpStub;

  public constructor(public answer: (query: string) => PromAnswer) {
    this.http = new HttpStub((request) => {
      if (request.method !== "POST" || request.path !== "/api/v1/query") {
        return { status: 404, body: JSON.stringify({ status: "error", errorType: "not_found", error: `no route ${request.method} ${request.path}` }) };
      }
      const form = new URLSearchParams(request.body);
      const query = form.get("query") ?? "";
      const time = Number(form.get("time"));
      this.queries.push({ query, time, request });
      const answer = this.answer(query);
      if ("error" in answer) {
        return { status: answer.status, body: JSON.stringify({ status: "error", errorType: "bad_data", error: answer.error }), headers: JSON_HEADERS };
      }
      const result = answer.map((series) => ({ metric: series.labels ?? {}, value: [time, series.value] }));
      return { status: 200, body: JSON.stringify({ status: "success", data: { resultType: "vector", result } }), headers: JSON_HEADERS };
    });
  }

  public get url(): string {
    return this.http.url;
  }

  public async start(): Promise<this> {
    await this.http.start();
    return this;
  }

  public async stop(): Promise<void> {
    await this.http.stop();
  }
}

const JSON_HEADERS = { "content-type": "application/json" };
