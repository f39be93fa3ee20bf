/**
 * The policy-rule interface of the platform's policy aspect, declared here until
 * `modules/shared/policy/types.ts` lands; the shapes are the same, so switching is an import edit.
 */
export type RuleResult = "compliant" | "non-compliant" | "not-applicable";

/** One resource of a synthesized stack, as in cdk.tf.json. */
export interface SynthesizedResource {
  readonly type: string;
  readonly name: string;
  /** `type.name` */
  readonly address: string;
  /** Construct path. */
  readonly path: string;
  /** Resolved config, snake_case as in cdk.tf.json. */
  readonly config: Record<string, unknown>;
}

export interface SynthesizedStack {
  readonly resources: readonly SynthesizedResource[];
  byType(type: string): SynthesizedResource[];
  /** Resources whose config mentions `${<target.address>.`. */
  referencing(target: SynthesizedResource, type?: string): SynthesizedResource[];
}

export interface PolicyRule {
  /** e.g. `LLMOBS-ALARM-1` */
  readonly id: string;
  readonly description: string;
  readonly resourceTypes: readonly string[];
  check(resource: SynthesizedResource, stack: SynthesizedStack): RuleResult;
}
