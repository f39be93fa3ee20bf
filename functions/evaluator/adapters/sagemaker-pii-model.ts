/**
 * The bank's in-region PII model: SageMaker Runtime InvokeEndpoint, one call per chunk of text small
 * enough for a BERT-sized model (512 tokens), chunks cut on word boundaries with an overlap so that a
 * name on a boundary is seen whole by one of them.
 */
import { InvokeEndpointCommand, type SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { MaskingError } from "../errors";
import { codePointToUtf16, splitForComprehend } from "../pii/chunking";
import { parseModelEntities, type ModelEntity } from "../pii-model/model-entities";
import type { PiiModel } from "../ports";
import { allSettledOrThrow } from "../settle";

export interface SageMakerPiiModelOptions {
  readonly endpointName: string;
  /** Entities scored below are ignored. @default 0.5 */
  readonly minScore?: number;
  /** UTF-8 bytes per call: about 400 WordPiece tokens of Portuguese. @default 1500 */
  readonly chunkBytes?: number;
  /** Calls in flight per text. @default 4 */
  readonly concurrency?: number;
}

export class SageMakerPiiModel implements PiiModel {
  public constructor(
    private readonly client: SageMakerRuntimeClient,
    private readonly options: SageMakerPiiModelOptions,
  ) {}

  public async detect(text: string): Promise<ModelEntity[]> {
    const chunks = splitForComprehend(text, { maxBytes: this.options.chunkBytes ?? 1500, overlapChars: 100 });
    const concurrency = this.options.concurrency ?? 4;
    const entities: ModelEntity[] = [];
    for (let index = 0; index < chunks.length; index += concurrency) {
      const group = chunks.slice(index, index + concurrency);
      const replies = await allSettledOrThrow(group.map((chunk) => this.invoke(chunk.text)));
      replies.forEach((found, position) => {
        const chunk = group[position]!;
        const toUtf16 = codePointToUtf16(chunk.text);
        for (const entity of found) entities.push({ type: entity.type, start: chunk.offset + toUtf16(entity.start), end: chunk.offset + toUtf16(entity.end) });
      });
    }
    return entities;
  }

  private async invoke(text: string) {
    try {
      const output = await this.client.send(
        new InvokeEndpointCommand({
          EndpointName: this.options.endpointName,
          ContentType: "application/json",
          Accept: "application/json",
          Body: Buffer.from(JSON.stringify({ inputs: text }), "utf8"),
        }),
      );
      return parseModelEntities(Buffer.from(output.Body ?? new Uint8Array()).toString("utf8"), this.options.minScore ?? 0.5);
    } catch (error) {
      // Never the text: the error names the endpoint and what went wrong.
      throw new MaskingError(`PII model endpoint ${this.options.endpointName} failed: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
    }
  }
}
