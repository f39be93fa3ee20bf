import type { SynthesizedResource, SynthesizedStack } from "./types";

interface StackJson {
  resource?: Record<string, Record<string, Record<string, unknown> & { "//"?: { metadata?: { path?: string } } }>>;
  provider?: { aws?: readonly { region?: unknown; alias?: unknown }[] };
}

/** Region per AWS provider reference: `aws` for the default provider, `aws.<alias>` for the others. */
function providerRegions(json: StackJson): Map<string, string> {
  const regions = new Map<string, string>();
  for (const provider of json.provider?.aws ?? []) {
    if (typeof provider.region !== "string") continue;
    regions.set(typeof provider.alias === "string" ? `aws.${provider.alias}` : "aws", provider.region);
  }
  return regions;
}

/** Builds the rule-facing view of a synthesized stack JSON. */
export function synthesizedStackFrom(json: StackJson): SynthesizedStack {
  const resources: SynthesizedResource[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, config] of Object.entries(byName)) {
      resources.push({ type, name, address: `${type}.${name}`, path: config["//"]?.metadata?.path ?? `${type}.${name}`, config });
    }
  }
  const byType = new Map<string, SynthesizedResource[]>();
  for (const resource of resources) {
    const ofType = byType.get(resource.type);
    if (ofType) ofType.push(resource);
    else byType.set(resource.type, [resource]);
  }
  // Serialized on first use only: most rules never follow references.
  const serialized = new Map<SynthesizedResource, string>();
  const textOf = (resource: SynthesizedResource): string => {
    let text = serialized.get(resource);
    if (text === undefined) {
      text = JSON.stringify(resource.config);
      serialized.set(resource, text);
    }
    return text;
  };
  const regions = providerRegions(json);
  return {
    resources,
    regionOf: (resource) => regions.get(typeof resource.config.provider === "string" ? resource.config.provider : "aws"),
    byType: (type) => [...(byType.get(type) ?? [])],
    referencing: (target, type) =>
      (type === undefined ? resources : (byType.get(type) ?? [])).filter((r) => r !== target && textOf(r).includes(`\${${target.address}.`)),
  };
}

/** Reads a nested attribute; Terraform blocks synthesize as objects or single-item lists. */
export function attr(config: Readonly<Record<string, unknown>>, ...path: string[]): unknown {
  let current: unknown = config;
  for (const key of path) {
    if (Array.isArray(current)) current = current[0];
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return Array.isArray(current) && current.length === 1 && typeof current[0] === "object" ? current[0] : current;
}

/** Parses a JSON policy attribute; a policy holding Terraform expressions still parses as JSON text. */
export function policyStatements(value: unknown): Record<string, unknown>[] {
  if (typeof value !== "string") return [];
  try {
    const doc = JSON.parse(value) as { Statement?: unknown };
    const statements = doc.Statement;
    return Array.isArray(statements) ? (statements as Record<string, unknown>[]) : statements ? [statements as Record<string, unknown>] : [];
  } catch {
    return [];
  }
}

export function asArray<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value as T];
}
