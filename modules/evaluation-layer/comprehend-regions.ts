import { masksWithComprehend } from "../../contracts/pii-languages";
import { SERVICE_AVAILABILITY } from "../shared/regions/service-availability";

export { masksWithComprehend };

/**
 * Regions where Amazon Comprehend is offered: the platform's availability table (its source and
 * date are there). Elsewhere (e.g. sa-east-1) `DetectPiiEntities` cannot be called from the
 * evaluator's region, and calling another region would move client data out of it.
 */
export const COMPREHEND_REGIONS: readonly string[] = SERVICE_AVAILABILITY.comprehend.regions;

/**
 * The PII languages when none are configured: Portuguese and English (Comprehend in English plus
 * the local detectors) where Comprehend is offered, Portuguese only (the local detectors) elsewhere,
 * since masking in another region would move client text out of the region.
 */
export function defaultPiiLanguages(region: string): readonly string[] {
  return COMPREHEND_REGIONS.includes(region) ? ["pt", "en"] : ["pt"];
}
