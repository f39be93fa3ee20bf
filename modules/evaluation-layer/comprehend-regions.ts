import { masksWithComprehend } from "../../contracts/pii-languages";

export { masksWithComprehend };

/**
 * Regions where Amazon Comprehend is offered (https://docs.aws.amazon.com/general/latest/gr/comprehend.html).
 * Elsewhere (e.g. sa-east-1) `DetectPiiEntities` cannot be called from the evaluator's region, and
 * calling another region would move client data out of it.
 */
export const COMPREHEND_REGIONS: readonly string[] = [
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-central-1",
  "ap-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "us-gov-west-1",
];

/**
 * The PII languages when none are configured: Portuguese and English (Comprehend in English plus
 * the local detectors) where Comprehend is offered, Portuguese only (the local detectors) elsewhere,
 * since masking in another region would move client text out of the region.
 */
export function defaultPiiLanguages(region: string): readonly string[] {
  return COMPREHEND_REGIONS.includes(region) ? ["pt", "en"] : ["pt"];
}
