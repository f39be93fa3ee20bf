/** Client data kept out of the judge: the evaluator's last check and the PII canary. */
import { metric } from "./definition";
import { DIMENSIONS, NAMESPACES } from "./names";

const EVALUATOR_SET = [[DIMENSIONS.evaluator]] as const;

/**
 * Client data kept out of the judge (namespace `LLMInference/Privacy`): the evaluator's fail-closed
 * last check (EMF, once per invocation) and the PII canary's checker (after each canary run is due).
 */
export const PRIVACY_METRICS = {
  survivedMasking: metric(
    NAMESPACES.privacy,
    "PiiSurvivedMasking",
    "Count",
    EVALUATOR_SET,
    "Records whose masked text still held client data at the last check before the judge: never sent, dead-lettered as pii_survived_masking",
    "evaluator",
  ),
  canaryLeaks: metric(
    NAMESPACES.privacy,
    "PiiCanaryLeaks",
    "Count",
    EVALUATOR_SET,
    "Planted canary values (name, street, CEP, CPF, account) found in the payload the evaluator sent to the judge",
    "pii-canary",
  ),
  canaryMissing: metric(
    NAMESPACES.privacy,
    "PiiCanaryMissing",
    "Count",
    EVALUATOR_SET,
    "Canary records planted and due but with no judge payload: the path (notification, evaluator, last check, judge) did not evaluate them",
    "pii-canary",
  ),
  canaryEvaluated: metric(
    NAMESPACES.privacy,
    "PiiCanaryEvaluated",
    "Count",
    EVALUATOR_SET,
    "Canary records whose judge payload the checker compared with the planted values",
    "pii-canary",
  ),
} as const;
