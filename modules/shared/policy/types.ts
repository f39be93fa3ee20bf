/** What a rule says about one resource. */
export type RuleResult = "compliant" | "non-compliant" | "not-applicable";

/** A resource as it appears in the synthesized stack (`cdk.tf.json`), tokens resolved. */
export interface SynthesizedResource {
  /** Terraform type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Terraform name (the logical id). */
  readonly name: string;
  /** `<type>.<name>`, what other resources reference as `${<address>.<attribute>}`. */
  readonly address: string;
  /** Construct path, shown in every finding, e.g. `retail-banking-prod/endpoint/capture-bucket/bucket`. */
  readonly path: string;
  /** Attributes, snake_case as in `cdk.tf.json`. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** The whole stack, so that rules can follow references between resources. */
export interface SynthesizedStack {
  readonly resources: readonly SynthesizedResource[];
  byType(type: string): SynthesizedResource[];
  /** Resources whose attributes mention `${<target.address>.`, optionally of one type. */
  referencing(target: SynthesizedResource, type?: string): SynthesizedResource[];
  /**
   * The Region the resource is planned in: its AWS provider's `region` (the aliased provider's when
   * the resource names one), undefined when the stack sets none.
   */
  regionOf(resource: SynthesizedResource): string | undefined;
}

/** One check, cdk-nag style: small, named, and explained. */
export interface PolicyRule {
  /** Stable id, e.g. `LLMOBS-S3-1`. */
  readonly id: string;
  /** What is required and why, shown in every finding. */
  readonly description: string;
  /** Terraform types the rule looks at. */
  readonly resourceTypes: readonly string[];
  /** Equivalent checks in the tools a bank's security team runs (checkov, cdk-nag, NIST 800-53). */
  readonly references?: readonly string[];
  check(resource: SynthesizedResource, stack: SynthesizedStack): RuleResult;
  /**
   * The finding's message for one non-compliant resource, when it says more than `description`
   * (the Region found and the Regions allowed, say).
   * @default - the description
   */
  explain?(resource: SynthesizedResource, stack: SynthesizedStack): string;
}

/** A group of rules applied together. */
export interface RulePack {
  readonly name: string;
  readonly rules: readonly PolicyRule[];
}

export interface PolicyFinding {
  readonly ruleId: string;
  readonly path: string;
  readonly address: string;
  readonly message: string;
}
