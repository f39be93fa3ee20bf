import { TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { CORE_RULE_PACKS, mergeRulePacks, registeredRulePacks } from "./packs";
import { synthesizedStackFrom } from "./synthesized-stack";
import type { PolicyFinding, RulePack, SynthesizedStack } from "./types";

export interface PolicyAspectProps {
  /**
   * Packs run on every stack the aspect visits, besides the packs the stack's modules registered
   * with `requireRulePack`.
   * @default CORE_RULE_PACKS
   */
  readonly packs?: readonly RulePack[];
  /**
   * Rule ids to skip, each with the reason a reviewer accepted. Suppressions are printed at synth.
   * @default - none
   */
  readonly suppressions?: Readonly<Record<string, string>>;
}

/** Runs every rule of every pack on a synthesized stack and returns what fails. */
export function evaluatePolicy(stack: SynthesizedStack, packs: readonly RulePack[], suppressions: Readonly<Record<string, string>> = {}): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  for (const pack of packs) {
    for (const rule of pack.rules) {
      if (suppressions[rule.id] !== undefined) continue;
      for (const resource of stack.resources) {
        if (!rule.resourceTypes.includes(resource.type)) continue;
        if (rule.check(resource, stack) === "non-compliant") {
          findings.push({ ruleId: rule.id, path: resource.path, address: resource.address, message: rule.description });
        }
      }
    }
  }
  return findings;
}

/** The JSON a stack resolved to when the aspect checked it, and how many constructs it had then. */
const checkedSynthesis = new WeakMap<IConstruct, { readonly json: unknown; readonly constructCount: number }>();

/**
 * The JSON the policy check resolved `stack` to, once, if the stack has not gained or lost a
 * construct since. A stack class can return it from `toTerraform()` so that synth resolves the
 * stack once, not twice: resolving is a large share of synth time.
 *
 * @example override toTerraform(): any { return takeCheckedSynthesis(this) ?? super.toTerraform(); }
 */
export function takeCheckedSynthesis(stack: IConstruct): unknown {
  const checked = checkedSynthesis.get(stack);
  checkedSynthesis.delete(stack);
  return checked && checked.constructCount === stack.node.findAll().length ? checked.json : undefined;
}

export function formatFinding(f: PolicyFinding): string {
  return `[${f.ruleId}] ${f.path} (${f.address}): ${f.message}`;
}

/**
 * cdk-nag-style policy check for cdktf. Applied to a stack (or the app), it fails synth with one
 * line per finding naming the rule and the construct path. Rules read the synthesized JSON, so
 * they see exactly what Terraform will plan, including attributes set through escape hatches.
 */
export class PolicyAspect implements IAspect {
  private readonly packs: readonly RulePack[];
  private readonly suppressions: Readonly<Record<string, string>>;
  private readonly registered = new WeakSet<IConstruct>();

  constructor(props: PolicyAspectProps = {}) {
    this.packs = props.packs ?? CORE_RULE_PACKS;
    this.suppressions = props.suppressions ?? {};
  }

  visit(node: IConstruct): void {
    // isStack reads a global symbol: it holds for stacks of the consumer's own copy of cdktf,
    // where `instanceof` against this package's copy would silently skip every stack.
    if (!TerraformStack.isStack(node) || this.registered.has(node)) return;
    this.registered.add(node);
    const stack = node;
    stack.node.addValidation({
      validate: () => {
        const json = stack.toTerraform() as Parameters<typeof synthesizedStackFrom>[0];
        checkedSynthesis.set(stack, { json, constructCount: stack.node.findAll().length });
        const synthesized = synthesizedStackFrom(json);
        const packs = mergeRulePacks(this.packs, registeredRulePacks(stack));
        return evaluatePolicy(synthesized, packs, this.suppressions).map(formatFinding);
      },
    });
  }
}
