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

/** A policy document that modules add statements to, rendered once at synth. */
export class PolicyDocument {
  private readonly statements: PolicyStatement[] = [];

  constructor(statements: readonly PolicyStatement[] = []) {
    this.statements.push(...statements);
  }

  addStatements(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
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
}
