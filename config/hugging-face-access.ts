/**
 * A model the container fetches from Hugging Face at start must be fetchable: gated models (Llama,
 * Mistral's instruct releases) need a token, or the endpoint fails at start-up after the instances
 * are paid for. The file says which: the model is public, or the Secrets Manager secret holding
 * the token.
 */
import type { ConfigProblem } from "./errors";

/** The AWS stack's sensitive variable that carries a gated model's token (`TF_VAR_hugging_face_token`). */
export const HUGGING_FACE_TOKEN_VARIABLE = "hugging_face_token";

/** A Secrets Manager secret ARN (`arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 chars>`). */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/;

export function huggingFaceAccessProblems(access: unknown, file: string, region: string, accountId: unknown): ConfigProblem[] {
  const field = "model.huggingFaceAccess";
  if (access === "public") return [];
  if (access === undefined) {
    return [
      {
        file,
        field,
        value: undefined,
        allowed:
          'a model fetched from Hugging Face needs its access stated: "public" (the model is not gated; npm run preflight checks it on the Hub) ' +
          "or { tokenSecretArn } (a Secrets Manager secret with a Hugging Face token that may read the gated model; it reaches the container as HF_TOKEN)",
      },
    ];
  }
  const arn = (access as { tokenSecretArn?: unknown } | null)?.tokenSecretArn;
  const match = typeof arn === "string" ? SECRET_ARN.exec(arn) : null;
  if (!match) {
    return [
      {
        file,
        field: `${field}.tokenSecretArn`,
        value: arn,
        allowed: 'expected "public" or { tokenSecretArn: "arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf" }',
      },
    ];
  }
  if (match[1] !== region || match[2] !== accountId) {
    return [
      { file, field: `${field}.tokenSecretArn`, value: arn, allowed: `expected a secret of the environment's account ${String(accountId)} in ${region}` },
    ];
  }
  return [];
}
