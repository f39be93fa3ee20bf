import { Testing } from "cdktf";
import type { Construct } from "constructs";
import type { SynthesizedResource, SynthesizedStack } from "../../shared/policy/types";

export type ResourceConfig = Record<string, any>;

/** Synthesizes what `build` adds to a scope and returns resources by type and name. */
export function synthResources(build: (scope: Construct) => void): Record<string, Record<string, ResourceConfig>> {
  const json = JSON.parse(Testing.synthScope(build)) as { resource?: Record<string, Record<string, ResourceConfig>> };
  return json.resource ?? {};
}

/** The resources of one type as a list. */
export function ofType(resources: Record<string, Record<string, ResourceConfig>>, type: string): ResourceConfig[] {
  return Object.values(resources[type] ?? {});
}

/** A SynthesizedStack over synthesized resources, as the policy aspect hands to rules. */
export function toSynthesizedStack(resources: Record<string, Record<string, ResourceConfig>>): SynthesizedStack {
  const list: SynthesizedResource[] = Object.entries(resources).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, config]) => ({
      type,
      name,
      address: `${type}.${name}`,
      path: String(config["//"]?.metadata?.path ?? `${type}.${name}`),
      config,
    })),
  );
  return {
    resources: list,
    regionOf: () => undefined,
    byType: (type) => list.filter((r) => r.type === type),
    referencing: (target, type) =>
      list.filter((r) => r !== target && (type === undefined || r.type === type) && JSON.stringify(r.config).includes(`\${${target.address}.`)),
  };
}
