/**
 * The offline stand-in for `terraform validate` of a provider that cannot run here: checks every
 * resource of a provider in a synthesized stack, and the provider block, against the provider's
 * own schema (the JSON of `terraform providers schema -json`). It reports what the provider would
 * refuse at plan: unknown resource types, missing required attributes, unknown attributes,
 * read-only (computed) attributes that are set, values of the wrong type, and nested blocks with
 * too few or too many items.
 *
 * Values that are Terraform expressions (`${...}`) are known only at apply and accepted for any
 * type; everything else is checked the way Terraform converts values (a number is a valid string,
 * `"true"` a valid bool).
 */

/** A cty type as the schema JSON writes it: `"string"`, `["list", "string"]`, `["object", {...}]`. */
export type CtyType = string | readonly [string, unknown];

export interface SchemaAttribute {
  readonly type?: CtyType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
}

export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, SchemaNestedBlock>>;
}

export interface SchemaNestedBlock {
  readonly nesting_mode: "single" | "group" | "list" | "set" | "map";
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** One provider's part of `terraform providers schema -json`. */
export interface ProviderSchema {
  readonly provider: { readonly block: SchemaBlock };
  readonly resource_schemas: Readonly<Record<string, { readonly block: SchemaBlock }>>;
  readonly data_source_schemas?: Readonly<Record<string, { readonly block: SchemaBlock }>>;
}

/** The whole schema file, with the version it pins. */
export interface ProviderSchemaFile {
  readonly provider_schemas: Readonly<Record<string, ProviderSchema>>;
  readonly provider_versions?: Readonly<Record<string, string>>;
}

/** Terraform's meta-arguments, valid on every resource. */
const META_ARGUMENTS = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"]);

const isExpression = (value: unknown): boolean => typeof value === "string" && value.includes("${");

/** The provider's schema out of a schema file, by its source address (`grafana/grafana`). */
export function providerSchemaOf(file: ProviderSchemaFile, source: string): ProviderSchema {
  const fqpn = source.includes(".") ? source : `registry.terraform.io/${source}`;
  const schema = file.provider_schemas[fqpn];
  if (!schema) throw new Error(`schema file has no provider ${fqpn}; it has ${Object.keys(file.provider_schemas).join(", ")}`);
  return schema;
}

/** Problems of `value` against the cty `type`, at `where`. */
function checkType(type: CtyType | undefined, value: unknown, where: string, problems: string[]): void {
  if (type === undefined || value === null || value === undefined || isExpression(value)) return;
  if (typeof type === "string") {
    switch (type) {
      case "string":
        if (!["string", "number", "boolean"].includes(typeof value)) problems.push(`${where}: expected a string, got ${describe(value)}`);
        return;
      case "number":
        if (!(typeof value === "number" || (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))))) {
          problems.push(`${where}: expected a number, got ${describe(value)}`);
        }
        return;
      case "bool":
        if (!(typeof value === "boolean" || value === "true" || value === "false")) problems.push(`${where}: expected a bool, got ${describe(value)}`);
        return;
      case "dynamic":
        return;
      default:
        problems.push(`${where}: schema type ${JSON.stringify(type)} is not understood`);
        return;
    }
  }
  const [kind, element] = type;
  switch (kind) {
    case "list":
    case "set":
      if (!Array.isArray(value)) problems.push(`${where}: expected a ${kind}, got ${describe(value)}`);
      else value.forEach((item, i) => checkType(element as CtyType, item, `${where}[${i}]`, problems));
      return;
    case "map":
      if (!isPlainObject(value)) problems.push(`${where}: expected a map, got ${describe(value)}`);
      else for (const [k, v] of Object.entries(value)) checkType(element as CtyType, v, `${where}.${k}`, problems);
      return;
    case "object": {
      if (!isPlainObject(value)) {
        problems.push(`${where}: expected an object, got ${describe(value)}`);
        return;
      }
      const fields = element as Record<string, CtyType>;
      for (const [k, v] of Object.entries(value)) {
        if (!(k in fields)) problems.push(`${where}: unknown attribute "${k}" of the object`);
        else checkType(fields[k], v, `${where}.${k}`, problems);
      }
      return;
    }
    case "tuple": {
      const elements = element as CtyType[];
      if (!Array.isArray(value) || value.length !== elements.length) problems.push(`${where}: expected a tuple of ${elements.length}, got ${describe(value)}`);
      else value.forEach((item, i) => checkType(elements[i], item, `${where}[${i}]`, problems));
      return;
    }
    default:
      problems.push(`${where}: schema type ${JSON.stringify(type)} is not understood`);
  }
}

/** Problems of one block body (a resource's config, a provider block, a nested block item). */
export function validateBlock(block: SchemaBlock, body: unknown, where: string, allowMetaArguments = false): string[] {
  const problems: string[] = [];
  if (!isPlainObject(body)) return [`${where}: expected an object, got ${describe(body)}`];
  const attributes = block.attributes ?? {};
  const blocks = block.block_types ?? {};
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.required && (body[name] === undefined || body[name] === null)) problems.push(`${where}: missing required attribute "${name}"`);
  }
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith("//") || (allowMetaArguments && META_ARGUMENTS.has(name))) continue;
    const attribute = attributes[name];
    if (attribute) {
      if (attribute.computed && !attribute.optional && !attribute.required) {
        problems.push(`${where}: "${name}" is read-only (computed by the provider) and may not be set`);
      } else {
        checkType(attribute.type, value, `${where}.${name}`, problems);
      }
      continue;
    }
    const nested = blocks[name];
    if (!nested) {
      problems.push(`${where}: unknown attribute "${name}"`);
      continue;
    }
    problems.push(...validateNestedBlock(nested, value, `${where}.${name}`));
  }
  for (const [name, nested] of Object.entries(blocks)) {
    if ((nested.min_items ?? 0) > 0 && body[name] === undefined) {
      problems.push(`${where}: block "${name}" needs at least ${nested.min_items} item(s), got none`);
    }
  }
  return problems;
}

function validateNestedBlock(nested: SchemaNestedBlock, value: unknown, where: string): string[] {
  if (isExpression(value)) return [];
  if (nested.nesting_mode === "map") {
    if (!isPlainObject(value)) return [`${where}: expected a map of blocks, got ${describe(value)}`];
    return Object.entries(value).flatMap(([key, item]) => validateBlock(nested.block, item, `${where}.${key}`));
  }
  // Terraform's JSON syntax takes a block as one object or as an array of objects.
  const items = Array.isArray(value) ? value : [value];
  const problems: string[] = [];
  const single = nested.nesting_mode === "single" || nested.nesting_mode === "group";
  const max = single ? 1 : nested.max_items;
  const min = nested.min_items ?? 0;
  if (max !== undefined && items.length > max) problems.push(`${where}: block takes at most ${max} item(s), got ${items.length}`);
  if (items.length < min) problems.push(`${where}: block needs at least ${min} item(s), got ${items.length}`);
  items.forEach((item, i) => problems.push(...validateBlock(nested.block, item, items.length === 1 && !Array.isArray(value) ? where : `${where}[${i}]`)));
  return problems;
}

/** The parts of a synthesized stack the validation reads. */
export interface SynthesizedStackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly provider?: Readonly<Record<string, readonly unknown[]>>;
}

/**
 * Every problem of the resources of type `<name>_*` and of the `<name>` provider blocks of a
 * synthesized stack, one line each, starting with the resource address. Empty when valid.
 *
 * @param providerName local name of the provider in the stack, e.g. `grafana`
 */
export function validateStackAgainstSchema(stack: SynthesizedStackJson, schema: ProviderSchema, providerName: string): string[] {
  const problems: string[] = [];
  for (const [index, config] of (stack.provider?.[providerName] ?? []).entries()) {
    problems.push(...validateBlock(schema.provider.block, config, `provider.${providerName}[${index}]`));
  }
  for (const [type, instances] of Object.entries(stack.resource ?? {})) {
    if (!type.startsWith(`${providerName}_`)) continue;
    const resourceSchema = schema.resource_schemas[type];
    if (!resourceSchema) {
      problems.push(`${type}: not a resource of the ${providerName} provider's schema`);
      continue;
    }
    for (const [name, config] of Object.entries(instances)) {
      problems.push(...validateBlock(resourceSchema.block, config, `${type}.${name}`, true));
    }
  }
  return problems;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}
