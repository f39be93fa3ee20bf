/**
 * How the gateway learns a request's use case. The use case drives chargeback, SLOs and quality, so
 * it comes from who the caller is, never from what the caller says, unless the environment names
 * that caller as one that may say it. The gateway function reads this from `USE_CASE_BINDING`
 * (JSON); the gateway module writes it from the environment.
 */

/** Environment variable of the gateway function holding the binding as JSON. */
export const USE_CASE_BINDING_VARIABLE = "USE_CASE_BINDING";

/** One IAM caller and the use case its traffic is booked to. */
export interface CallerUseCase {
  /**
   * The caller's IAM principal: a role or user ARN (`arn:aws:iam::123456789012:role/cards-app`), or
   * a pattern where `*` stands for any characters (`arn:aws:iam::123456789012:role/cards-*`). A
   * caller signing with an assumed-role session matches its role's ARN.
   */
  readonly principal: string;
  /** The use case of every request this caller sends. Exactly one of `useCase` and `headerUseCases`. */
  readonly useCase?: string;
  /**
   * Use cases this caller may name itself in the `x-use-case` header (a shared platform client that
   * serves several). Only for a named principal: a pattern may not carry it.
   */
  readonly headerUseCases?: readonly string[];
}

/** Where the use case comes from, per authorization type. */
export type UseCaseBinding =
  /** `AWS_IAM`: the signing principal, mapped by `callers`; an unmapped caller is refused (403). */
  | { readonly source: "principal"; readonly callers: readonly CallerUseCase[] }
  /** Cognito: a claim of the caller's verified ID token (a user cannot edit its own custom attributes when the app client may not write them). */
  | { readonly source: "claim"; readonly claim: string };

/** The claim read under Cognito unless the environment names another. */
export const DEFAULT_USE_CASE_CLAIM = "custom:use_case";

const ROLE_SESSION = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]*$/;

/**
 * The ARNs a signing principal answers to: itself, and for an assumed-role session
 * (`arn:aws:sts::123456789012:assumed-role/cards-app/session`) its role (`arn:aws:iam::123456789012:role/cards-app`).
 * The session name is the caller's to choose, so it never decides anything.
 */
export function principalArns(userArn: string): string[] {
  const session = ROLE_SESSION.exec(userArn);
  return session ? [`arn:${session[1]}:iam::${session[2]}:role/${session[3]}`] : [userArn];
}

/** True when `pattern` (an ARN, `*` for any characters) matches one of the principal's ARNs. */
export function principalMatches(pattern: string, userArn: string): boolean {
  const expression = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
  return principalArns(userArn).some((arn) => expression.test(arn));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const PRINCIPAL = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}|\*):[A-Za-z0-9+=,.@_/*-]+$/;

/**
 * What is wrong with a binding, given the configured use cases; empty when it is sound. Both the
 * module (at synth) and the function (at cold start) refuse a binding with problems.
 */
export function useCaseBindingProblems(binding: UseCaseBinding, useCases: readonly string[]): string[] {
  if (binding.source === "claim") {
    return /^[A-Za-z0-9_:.-]{1,128}$/.test(binding.claim) ? [] : [`claim "${binding.claim}" must be a claim name such as ${DEFAULT_USE_CASE_CLAIM}`];
  }
  const problems: string[] = [];
  if (binding.callers.length === 0) problems.push("callers is empty: map at least one principal to a use case");
  binding.callers.forEach((caller, index) => {
    const at = `callers[${index}]`;
    if (!PRINCIPAL.test(caller.principal)) problems.push(`${at}.principal must be an IAM role or user ARN (\`*\` allowed), got "${caller.principal}"`);
    const named = [caller.useCase, ...(caller.headerUseCases ?? [])].filter((name) => name !== undefined);
    if ((caller.useCase === undefined) === (caller.headerUseCases === undefined)) problems.push(`${at} needs exactly one of useCase and headerUseCases`);
    if (caller.headerUseCases !== undefined && (caller.headerUseCases.length === 0 || caller.principal.includes("*"))) {
      problems.push(`${at}.headerUseCases needs a named principal (no *) and at least one use case`);
    }
    for (const name of named)
      if (!useCases.includes(name as string)) problems.push(`${at} names use case "${name}", which is not one of ${useCases.join(", ")}`);
  });
  return problems;
}
