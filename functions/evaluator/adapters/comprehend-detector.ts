/** Comprehend DetectPiiEntities as the masker's entity detector. */
import { type ComprehendClient, DetectPiiEntitiesCommand, type LanguageCode } from "@aws-sdk/client-comprehend";
import { foreignErrorText } from "../error-text";
import { MaskingError } from "../errors";
import type { DetectedEntity, PiiEntityDetector } from "../pii/masker";

export class ComprehendPiiDetector implements PiiEntityDetector {
  public constructor(private readonly client: ComprehendClient) {}

  public async detect(text: string, languageCode: string): Promise<readonly DetectedEntity[]> {
    try {
      const output = await this.client.send(new DetectPiiEntitiesCommand({ Text: text, LanguageCode: languageCode as LanguageCode }));
      return (output.Entities ?? []).flatMap((entity) =>
        entity.Type !== undefined && entity.BeginOffset !== undefined && entity.EndOffset !== undefined
          ? [{ type: entity.Type, beginOffset: entity.BeginOffset, endOffset: entity.EndOffset }]
          : [],
      );
    } catch (error) {
      throw new MaskingError(`Comprehend DetectPiiEntities failed: ${foreignErrorText(error)}`, { cause: error });
    }
  }
}
