import type { IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { IAM_RULES } from "./rules/iam";
import { REGION_RULES } from "./rules/region";
import { STORAGE_RULES } from "./rules/storage";
import type { RulePack } from "./types";

/**
 * Rules every stack gets whatever it holds: encryption, public access and versioning of buckets,
 * key rotation and key principals, IAM wildcards, and services planned only where AWS offers them.
 */
export const CORE_RULE_PACKS: readonly RulePack[] = [
  { name: "storage-and-keys", rules: STORAGE_RULES },
  { name: "iam", rules: IAM_RULES },
  { name: "regional-availability", rules: REGION_RULES },
];

/**
 * Where a stack keeps the packs its modules brought. A global symbol, not a module-level map, so
 * that the registry is found on the stack even when two copies of this package are loaded.
 */
const REGISTERED_PACKS = Symbol.for("llm-observability-platform.policy.rule-packs");

type StackWithPacks = TerraformStack & { [REGISTERED_PACKS]?: RulePack[] };

/**
 * Called by a module's constructor: the policy aspect on its stack then also runs `pack`. A module
 * that creates a new kind of resource brings the rules for it, so no stack that uses the module
 * can leave them out.
 */
export function requireRulePack(scope: IConstruct, pack: RulePack): void {
  const stack = TerraformStack.of(scope) as StackWithPacks;
  const packs = stack[REGISTERED_PACKS] ?? [];
  stack[REGISTERED_PACKS] = packs;
  if (!packs.some((registered) => registered.name === pack.name)) packs.push(pack);
}

/** The packs modules registered on `stack` (see `requireRulePack`). */
export function registeredRulePacks(stack: IConstruct): readonly RulePack[] {
  return (stack as StackWithPacks)[REGISTERED_PACKS] ?? [];
}

/** `base` followed by the packs of `extra` whose names `base` does not have. */
export function mergeRulePacks(base: readonly RulePack[], extra: readonly RulePack[]): RulePack[] {
  const names = new Set(base.map((pack) => pack.name));
  return [...base, ...extra.filter((pack) => !names.has(pack.name))];
}
