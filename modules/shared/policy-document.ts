/** IAM policy JSON, typed. Values may hold cdktf tokens (ARNs of other resources). */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>>;
}

export interface PolicyDocumentJson {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/**
 * A policy document that modules add statements to, rendered once at synth.
 *
 * Statement ids are unique, as IAM requires: a statement added with the `Sid` of one already there
 * is merged into it when the two differ only in `Resource` or in their `AWS` principals (so the
 * same grant made twice, or for a second prefix, stays one statement); any other reuse of a `Sid`
 * throws.
 */
export class PolicyDocument {
  private readonly statements: PolicyStatement[] = [];

  constructor(statements: readonly PolicyStatement[] = []) {
    this.addStatements(...statements);
  }

  addStatements(...statements: PolicyStatement[]): void {
    for (const statement of statements) {
      const index = statement.Sid === undefined ? -1 : this.statements.findIndex((s) => s.Sid === statement.Sid);
      if (index === -1) this.statements.push(statement);
      else this.statements[index] = merged(this.statements[index]!, statement);
    }
  }

  get isEmpty(): boolean {
    return this.statements.length === 0;
  }

  toJson(): PolicyDocumentJson {
    return { Version: "2012-10-17", Statement: [...this.statements] };
  }

  /** JSON text for a resource's `policy` attribute (cdktf resolves embedded tokens). */
  render(): string {
    return JSON.stringify(this.toJson());
  }

  /**
   * The trust policy of a role `service` assumes (`lambda.amazonaws.com`), held by `condition`
   * (confused-deputy protection: `aws:SourceAccount`, `sts:ExternalId`), rendered.
   */
  static trust(service: string, condition?: PolicyStatement["Condition"]): string {
    return new PolicyDocument([
      { Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) },
    ]).render();
  }
}

/** A statement-id fragment from any name (`/aws/lambda/fn-1` -> `AwsLambdaFn1`): its words, capitalised. */
export function statementIdPart(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}

const list = (value: string | readonly string[] | undefined): string[] => (value === undefined ? [] : [value].flat());
const union = (a: string | readonly string[] | undefined, b: string | readonly string[] | undefined) => [...new Set([...list(a), ...list(b)])];
/** The `AWS` principals of a statement whose only principal kind is `AWS`, else undefined. */
const awsPrincipals = (principal: PolicyStatement["Principal"]) =>
  principal !== undefined && principal !== "*" && Object.keys(principal).length === 1 && principal.AWS !== undefined ? list(principal.AWS) : undefined;

function merged(existing: PolicyStatement, added: PolicyStatement): PolicyStatement {
  const rest = (s: PolicyStatement) => JSON.stringify({ ...s, Resource: undefined, Principal: undefined });
  const samePrincipal = JSON.stringify(existing.Principal) === JSON.stringify(added.Principal);
  const first = awsPrincipals(existing.Principal);
  const second = awsPrincipals(added.Principal);
  const principalsMerge = samePrincipal || (first !== undefined && second !== undefined);
  if (rest(existing) !== rest(added) || !principalsMerge || (existing.Resource === undefined) !== (added.Resource === undefined)) {
    throw new Error(
      `statement id "${existing.Sid}" is used twice with different effects, actions, principals or conditions; ` + "give the second statement an id of its own",
    );
  }
  // The first statement's key order and forms stay: a single resource stays a string while it is alone.
  const result: { -readonly [K in keyof PolicyStatement]: PolicyStatement[K] } = { ...existing };
  if (!samePrincipal) result.Principal = { AWS: union(first, second) };
  if (existing.Resource !== undefined) {
    const resources = union(existing.Resource, added.Resource);
    result.Resource = typeof existing.Resource === "string" && resources.length === 1 ? resources[0] : resources;
  }
  return result;
}
