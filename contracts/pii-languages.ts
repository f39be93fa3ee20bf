/**
 * Which PII languages Amazon Comprehend serves. Deploy time uses it to refuse a configuration that
 * would send client text to Comprehend where it is not offered; the evaluator uses it to decide
 * whether to call Comprehend at all.
 */

/** Languages Amazon Comprehend DetectPiiEntities accepts (API reference: `en | es`). */
export const COMPREHEND_PII_LANGUAGES = ["en", "es"] as const;

/** Whether masking text in `language` calls Comprehend (else only the local detectors run). */
export function masksWithComprehend(language: string): boolean {
  return (COMPREHEND_PII_LANGUAGES as readonly string[]).includes(language.split("-")[0] ?? "");
}
