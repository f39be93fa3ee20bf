/** A model fetched from Hugging Face says how: public, or a token secret that reaches the container as HF_TOKEN. */
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { ObservabilityStack } from "../../stacks/observability-stack";
import { validEnvironment } from "../../testing/fixtures/environment-fixture";
import { formatProblem } from "../errors";
import { resolveEnvironment } from "../resolved";
import type { EnvironmentConfig, ModelConfig } from "../types";
import { validateEnvironment } from "../validate";

const FILE = "environments/retail-banking/staging.ts";
const SECRET = "arn:aws:secretsmanager:sa-east-1:123456789012:secret:llmobs/hugging-face-token-Ab12Cd";
const withModel = (model: Partial<ModelConfig>): EnvironmentConfig => {
  const base = validEnvironment();
  const { modelDataS3Uri: _staged, ...rest } = base.model;
  return { ...base, model: { ...rest, huggingFaceModelId: "meta-llama/Llama-3.1-8B-Instruct", ...model } };
};
const problems = (model: Partial<ModelConfig>) => validateEnvironment(withModel(model), FILE).map(formatProblem);

describe("model.huggingFaceAccess", () => {
  it("refuses a Hugging Face model whose access is not stated, and a secret of another account or Region", () => {
    expect(problems({})).toEqual([
      expect.stringMatching(
        /^environments\/retail-banking\/staging\.ts: model\.huggingFaceAccess is missing; a model fetched from Hugging Face needs its access stated/,
      ),
    ]);
    expect(problems({ huggingFaceAccess: { tokenSecretArn: SECRET.replace("123456789012", "999999999999") } })).toEqual([
      expect.stringContaining('model.huggingFaceAccess.tokenSecretArn is "arn:aws:secretsmanager:sa-east-1:999999999999'),
    ]);
    expect(problems({ huggingFaceAccess: { tokenSecretArn: "llmobs/hugging-face-token" } })).toHaveLength(1);
    expect(problems({ huggingFaceAccess: "public" })).toEqual([]);
    expect(problems({ huggingFaceAccess: { tokenSecretArn: SECRET } })).toEqual([]);
  });

  it("passes a gated model's token to the container as HF_TOKEN from a sensitive variable, never in the JSON", () => {
    const env = resolveEnvironment(withModel({ huggingFaceAccess: { tokenSecretArn: SECRET } }), FILE);
    const json = JSON.parse(Testing.synth(new ObservabilityStack(Testing.app(), env.id, { environment: env })));
    expect(json.variable.hugging_face_token).toMatchObject({ type: "string", sensitive: true, nullable: false });
    expect(json.variable.hugging_face_token.default).toBeUndefined();
    const [model] = Object.values(json.resource.aws_sagemaker_model) as Record<string, any>[];
    expect(model!.primary_container.environment).toMatchObject({ HF_MODEL_ID: "meta-llama/Llama-3.1-8B-Instruct", HF_TOKEN: "${var.hugging_face_token}" });
    // Rotating the token needs no new model: the container reads it only to download the weights.
    expect(model!.lifecycle.ignore_changes).toEqual(['primary_container[0].environment["HF_TOKEN"]']);
    const publicEnv = resolveEnvironment(withModel({ huggingFaceAccess: "public" }), FILE);
    const publicJson = JSON.parse(Testing.synth(new ObservabilityStack(Testing.app(), publicEnv.id, { environment: publicEnv })));
    expect(publicJson.variable?.hugging_face_token).toBeUndefined();
    expect(Object.values(publicJson.resource.aws_sagemaker_model as Record<string, any>)[0].primary_container.environment.HF_TOKEN).toBeUndefined();
  });
});
