import type { PolicyStatement } from "./policy-document";

/**
 * An IAM role that `grant*` methods give access to (a `BundledFunction` is one). A grant puts the
 * statements the role needs into the role's own policy and, where the resource has a policy of its
 * own (a KMS key, a bucket), names the role there too, so callers never write policy JSON.
 */
export interface Grantee {
  /** ARN of the role (a token is fine); key and bucket policies name it as principal. */
  readonly roleArn: string;
  /**
   * What the role does, in PascalCase (letters and digits), e.g. `Evaluator`. Statement ids in
   * resource policies start with it (`EvaluatorDecryptsCapture`), so auditors see who may do what.
   */
  readonly grantName: string;
  /** Adds statements to the role's own (identity) policy. */
  addToRolePolicy(...statements: PolicyStatement[]): void;
}

/** Letters and digits only, starting with a letter: what a statement id allows, and what reads well in one. */
export const GRANT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]*$/;
