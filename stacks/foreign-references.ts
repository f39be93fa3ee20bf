/** What a synthesized stack declares: `type.name` of its resources and `data.type.name` of its data sources. */
function declaredAddresses(json: { resource?: Record<string, Record<string, unknown>>; data?: Record<string, Record<string, unknown>> }): Set<string> {
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) for (const name of Object.keys(byName)) declared.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries(json.data ?? {})) for (const name of Object.keys(byName)) declared.add(`data.${type}.${name}`);
  return declared;
}

/** Every `${...}` expression in `text`, nested braces included. */
function expressions(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf("${"); start !== -1; start = text.indexOf("${", start + 2)) {
    let depth = 0;
    for (let i = start + 1; i < text.length; i += 1) {
      if (text[i] === "{") depth += 1;
      else if (text[i] === "}" && --depth === 0) {
        found.push(text.slice(start + 2, i));
        break;
      }
    }
  }
  return found;
}

const ADDRESS = /(?<![A-Za-z0-9_.])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z0-9_-]+)\./g;

/**
 * Resource and data-source addresses that the stack's expressions name but the stack does not
 * declare: references to another stack's resources that no preparing resolve turned into
 * cross-stack references. Terraform would reject them at plan.
 */
export function foreignReferences(json: object): string[] {
  const declared = declaredAddresses(json as Parameters<typeof declaredAddresses>[0]);
  const foreign = new Set<string>();
  for (const expression of expressions(JSON.stringify(json))) {
    for (const match of expression.matchAll(ADDRESS)) if (!declared.has(match[1]!)) foreign.add(match[1]!);
  }
  return [...foreign].sort();
}
