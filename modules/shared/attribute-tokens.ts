/**
 * Attribute tokens made once per attribute: cdktf records a stack trace for each token it creates,
 * and a getter such as a role's ARN is read by every grant.
 */
export class AttributeTokens {
  private readonly made = new Map<string, string>();

  /** The token of `attribute`, made by `make` the first time it is asked for. */
  of(attribute: string, make: () => string): string {
    const known = this.made.get(attribute);
    if (known !== undefined) return known;
    const token = make();
    this.made.set(attribute, token);
    return token;
  }
}
