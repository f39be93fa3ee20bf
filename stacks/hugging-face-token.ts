import { type TerraformStack, TerraformVariable } from "cdktf";
import { HUGGING_FACE_TOKEN_VARIABLE } from "../config/hugging-face-access";
import type { ResolvedEnvironment } from "../config/resolved";

/**
 * A gated Hugging Face model's token: a sensitive stack variable the deploy fills from the secret
 * the environment names (`model.huggingFaceAccess.tokenSecretArn`; `npm run preflight` prints the
 * command), never in code or in the synthesized JSON.
 */
export function huggingFaceToken(stack: TerraformStack, env: ResolvedEnvironment): { huggingFaceToken?: string } {
  const access = env.model.huggingFaceAccess;
  if (access === undefined || access === "public") return {};
  const token = new TerraformVariable(stack, HUGGING_FACE_TOKEN_VARIABLE, {
    type: "string",
    sensitive: true,
    nullable: false,
    description: `Hugging Face token from ${access.tokenSecretArn} (TF_VAR_${HUGGING_FACE_TOKEN_VARIABLE}); the container reads it as HF_TOKEN`,
  });
  return { huggingFaceToken: token.stringValue };
}
