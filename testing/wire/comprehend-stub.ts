/**
 * Comprehend DetectPiiEntities stub (awsJson1_1, X-Amz-Target Comprehend_20171127.DetectPiiEntities).
 * It "detects" the names in `names` and reports offsets in code points, as Comprehend does.
 */
import { awsJsonError, awsJsonTarget, HttpStub, type StubResponse } from "./http-stub";

export class ComprehendStub extends HttpStub {
  public names: string[] = ["Maria Silva", "John Smith"];
  /** When set, every call answers with this response (e.g. an error). */
  public failWith: StubResponse | undefined;
  /** Decides per call (0-based) whether to fail it, when `failWith` is not set. */
  public failCall: (index: number) => StubResponse | undefined = () => undefined;
  /** Milliseconds to wait before answering. */
  public latencyMs = 0;

  public constructor() {
    super((request, index) => {
      if (awsJsonTarget(request) !== "Comprehend_20171127.DetectPiiEntities") return awsJsonError(400, "UnknownOperationException", awsJsonTarget(request));
      const failure = this.failWith ?? this.failCall(index);
      if (failure) return { ...failure, delayMs: failure.delayMs ?? this.latencyMs };
      const { Text, LanguageCode } = JSON.parse(request.body) as { Text: string; LanguageCode: string };
      if (!["en", "es"].includes(LanguageCode)) return awsJsonError(400, "UnsupportedLanguageException", LanguageCode);
      if (Buffer.byteLength(Text, "utf8") > 100_000) return awsJsonError(400, "TextSizeLimitExceededException", "text too large");
      // Offsets in code points, as Comprehend reports them (computed incrementally: texts reach 100 KB).
      const codePointAt = (utf16: number, from: { unit: number; point: number }): number => {
        for (; from.unit < utf16; from.unit += 1) {
          const code = Text.charCodeAt(from.unit);
          if (!(code >= 0xdc00 && code <= 0xdfff)) from.point += 1;
        }
        return from.point;
      };
      const entities = this.names.flatMap((name) => {
        const found: { Type: string; BeginOffset: number; EndOffset: number; Score: number }[] = [];
        const cursor = { unit: 0, point: 0 };
        for (let at = Text.indexOf(name); at !== -1; at = Text.indexOf(name, at + 1)) {
          const begin = codePointAt(at, cursor);
          found.push({ Type: "NAME", BeginOffset: begin, EndOffset: begin + [...name].length, Score: 0.99 });
        }
        return found;
      });
      return { status: 200, body: JSON.stringify({ Entities: entities }), headers: { "content-type": "application/x-amz-json-1.1" }, delayMs: this.latencyMs };
    });
  }

  public get texts(): string[] {
    return this.requests.map((request) => (JSON.parse(request.body) as { Text: string }).Text);
  }
}
