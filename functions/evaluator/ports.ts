/** What the evaluator's core needs from the outside world; adapters implement these over AWS. */
import type { Tracer } from "@opentelemetry/api";
import type { PiiEntityDetector } from "./pii/masker";
import type { CanaryPayload } from "../../contracts/pii-canary";
import type { JudgeInput } from "./judge/prompt";
import type { ModelEntity } from "./pii-model/model-entities";
import type { DeadLetterPointer, JudgeVerdict, ObjectRef, ScoreItem, ShadowScoreItem } from "./types";

export interface ObjectBody {
  readonly body: AsyncIterable<Uint8Array>;
  readonly eTag?: string;
  readonly versionId?: string;
}

export interface ObjectReader {
  read(ref: ObjectRef): Promise<ObjectBody>;
}

export interface Judge {
  /** Throws JudgeInvalidReplyError after one retry on an invalid reply, JudgeError on a failed call. */
  evaluate(input: JudgeInput): Promise<JudgeVerdict>;
}

export type PutOutcome = "stored" | "duplicate";

export interface ScoreStore {
  /** True when a score for the event is already stored (a re-delivery). */
  exists(eventId: string): Promise<boolean>;
  /** Writes the item only if no item with its eventId exists. Throws StoreError on failure. */
  put(item: ScoreItem): Promise<PutOutcome>;
}

/** Shadow comparisons, stored apart from the scores. */
export interface ShadowScoreStore {
  /** Writes the item only if none exists for its candidate pair and event id. Throws StoreError on failure. */
  put(item: ShadowScoreItem): Promise<PutOutcome>;
}

export interface DeadLetterSink {
  /** Throws DeadLetterError when the pointer could not be sent. */
  send(pointer: DeadLetterPointer): Promise<void>;
}

/** The bank's in-region PII model (a SageMaker endpoint); entities in UTF-16 offsets of `text`. */
export interface PiiModel {
  /** Throws MaskingError when the endpoint fails or answers something else than entities. */
  detect(text: string): Promise<ModelEntity[]>;
}

/** Where the judge message of a PII canary record goes, for the canary's checker. */
export interface CanaryPayloadSink {
  /** Throws StoreError when the payload could not be written. */
  put(payload: CanaryPayload): Promise<void>;
}

export interface EvaluatorPorts {
  readonly objects: ObjectReader;
  readonly judge: Judge;
  readonly store: ScoreStore;
  readonly deadLetters: DeadLetterSink;
  /** The candidate judge (shadow judging); absent without a candidate. */
  readonly shadowJudge?: Judge;
  /** Where shadow comparisons go; present with `shadowJudge`. */
  readonly shadowStore?: ShadowScoreStore;
  /** Comprehend; absent when the configured language is not supported by Comprehend. */
  readonly piiDetector?: PiiEntityDetector;
  /** The canary bucket; absent when no PII canary is deployed (canary records are then judged without a payload kept). */
  readonly canaryPayloads?: CanaryPayloadSink;
  /** The bank's PII model endpoint; absent without `PII_MODEL_ENDPOINT`. */
  readonly piiModel?: PiiModel;
  readonly now: () => Date;
  /** Verdict spans on the request's trace (functions/tracing); absent when tracing is off. */
  readonly tracer?: Tracer;
}
