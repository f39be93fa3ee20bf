import { Annotations, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { CORE_RULE_PACKS, mergeRulePacks, registeredRulePacks } from "./packs";
import { synthesizedStackFrom } from "./synthesized-stack";
import type { PolicyFinding, RulePack, SynthesizedResource, SynthesizedStack } from "./types";

/**
 * A reviewed exception to one rule, for one resource (or the resources under one construct). It is
 * printed at every synth with its reason; a suppression that matches nothing is a warning and one
 * that names an unknown rule fails synth.
 */
export interface PolicySuppression {
  /** The rule, e.g. `LLMOBS-LAMBDA-4`. Must be a rule of a pack that runs on the stack. */
  readonly ruleId: string;
  /**
   * Construct path of the resource, relative to its stack (e.g. `inference-gateway/function/function`),
   * or of a construct above it (`inference-gateway` suppresses the rule for every resource under it).
   */
  readonly path: string;
  /** Why the finding is accepted: who reviewed it and what compensates. Printed at every synth. */
  readonly reason: string;
}

export interface PolicyAspectProps {
  /**
   * Packs run on every stack the aspect visits, besides the packs the stack's modules registered
   * with `requireRulePack`.
   * @default CORE_RULE_PACKS
   */
  readonly packs?: readonly RulePack[];
  /**
   * Per-resource exceptions, each with the reason a reviewer accepted (see `PolicySuppression`).
   * @default - none
   */
  readonly suppressions?: readonly PolicySuppression[];
  /**
   * Where the stack's settings come from (an environment file), named before every finding so the
   * reader knows which file to change.
   * @default - findings name the construct path only
   */
  readonly source?: string;
}

/** A finding a suppression accepted. */
export interface SuppressedFinding extends PolicyFinding {
  readonly suppression: PolicySuppression;
}

/** What a policy check found on one stack. */
export interface PolicyCheckResult {
  /** Findings no suppression covers: synth fails on each. */
  readonly findings: readonly PolicyFinding[];
  /** Findings a suppression accepted. */
  readonly suppressed: readonly SuppressedFinding[];
  /** Suppressions that matched no finding (stale or misspelt paths). */
  readonly unusedSuppressions: readonly PolicySuppression[];
  /** Problems with the suppressions themselves (unknown rule, missing reason or path). */
  readonly suppressionErrors: readonly string[];
}

/** The resource's construct path without the stack's own name (`stack/a/b` -> `a/b`). */
function pathInStack(resource: SynthesizedResource): string {
  const slash = resource.path.indexOf("/");
  return slash === -1 ? resource.path : resource.path.slice(slash + 1);
}

/** Does a suppression path name this resource or a construct above it? Matches whole path segments only. */
export function suppressionCovers(suppressionPath: string, resource: SynthesizedResource): boolean {
  const path = suppressionPath.replace(/^\/+|\/+$/g, "");
  if (path.length === 0) return false;
  const candidates = [pathInStack(resource), resource.path];
  return candidates.some((p) => p === path || p.startsWith(`${path}/`));
}

function suppressionErrors(suppressions: readonly PolicySuppression[], packs: readonly RulePack[]): string[] {
  const known = new Set(packs.flatMap((pack) => pack.rules.map((rule) => rule.id)));
  const errors: string[] = [];
  for (const s of suppressions) {
    const where = `suppression of ${JSON.stringify(s.ruleId)} at ${JSON.stringify(s.path)}`;
    if (!known.has(s.ruleId)) {
      errors.push(`[policy] ${where}: unknown rule id; the rules that run on this stack are ${[...known].sort().join(", ")}`);
    }
    if (typeof s.path !== "string" || s.path.replace(/\//g, "").trim().length === 0) {
      errors.push(`[policy] ${where}: path is empty; name the construct path of the resource the exception is for`);
    }
    if (typeof s.reason !== "string" || s.reason.trim().length === 0) {
      errors.push(`[policy] ${where}: reason is empty; say why the finding is accepted and who reviewed it`);
    }
  }
  return errors;
}

/** Runs every rule of every pack on a synthesized stack, and applies the suppressions. */
export function checkPolicy(stack: SynthesizedStack, packs: readonly RulePack[], suppressions: readonly PolicySuppression[] = []): PolicyCheckResult {
  if (!Array.isArray(suppressions)) {
    throw new Error(
      "policy suppressions are per resource: pass a list of { ruleId, path, reason } (path is the construct path of the resource), " +
        `got ${JSON.stringify(suppressions)}`,
    );
  }
  const findings: PolicyFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<PolicySuppression>();
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const forRule = suppressions.filter((s) => s.ruleId === rule.id);
      for (const resource of rule.resourceTypes.flatMap((type) => stack.byType(type))) {
        if (rule.check(resource, stack) !== "non-compliant") continue;
        const finding = { ruleId: rule.id, path: resource.path, address: resource.address, message: rule.explain?.(resource, stack) ?? rule.description };
        const suppression = forRule.find((s) => suppressionCovers(s.path, resource));
        if (suppression) {
          used.add(suppression);
          suppressed.push({ ...finding, suppression });
        } else {
          findings.push(finding);
        }
      }
    }
  }
  return {
    findings,
    suppressed,
    unusedSuppressions: suppressions.filter((s) => !used.has(s)),
    suppressionErrors: suppressionErrors(suppressions, packs),
  };
}

/** Runs every rule of every pack on a synthesized stack and returns what fails (suppressed findings left out). */
export function evaluatePolicy(stack: SynthesizedStack, packs: readonly RulePack[], suppressions: readonly PolicySuppression[] = []): PolicyFinding[] {
  return [...checkPolicy(stack, packs, suppressions).findings];
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

/** The line printed at synth for a finding a suppression accepted. */
export function formatSuppressed(f: SuppressedFinding): string {
  return `[${f.ruleId}] suppressed for ${f.path} (${f.address}): ${f.suppression.reason}`;
}

/**
 * cdk-nag-style policy check for cdktf. Applied to a stack (or the app), it fails synth with one
 * line per finding naming the rule and the construct path. Rules read the synthesized JSON, so
 * they see exactly what Terraform will plan, including attributes set through escape hatches.
 * Suppressions apply to one resource (or one construct's subtree) each and are printed at synth.
 */
export class PolicyAspect implements IAspect {
  private readonly packs: readonly RulePack[];
  private readonly suppressions: readonly PolicySuppression[];
  private readonly source?: string;
  private readonly registered = new WeakSet<IConstruct>();

  constructor(props: PolicyAspectProps = {}) {
    this.packs = props.packs ?? CORE_RULE_PACKS;
    const suppressions = props.suppressions ?? [];
    if (!Array.isArray(suppressions)) {
      throw new Error(
        "policy suppressions are per resource: pass suppressions: [{ ruleId, path, reason }] (path is the construct path of the resource), " +
          `got ${JSON.stringify(suppressions)}`,
      );
    }
    this.suppressions = suppressions;
    this.source = props.source;
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
        const result = checkPolicy(synthesized, packs, this.suppressions);
        for (const f of result.suppressed) Annotations.of(stack).addInfo(formatSuppressed(f));
        for (const s of result.unusedSuppressions) {
          Annotations.of(stack).addWarning(
            `[${s.ruleId}] suppression at "${s.path}" suppresses nothing: no resource there fails the rule; remove it or fix the path (reason given: ${s.reason})`,
          );
        }
        const prefix = this.source ? `${this.source}: ` : "";
        return [...result.suppressionErrors, ...result.findings.map((f) => `${prefix}${formatFinding(f)}`)];
      },
    });
  }
}
