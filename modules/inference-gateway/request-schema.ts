import { ApiGatewayModel } from "@cdktf/provider-aws/lib/api-gateway-model";
import { ApiGatewayRequestValidator } from "@cdktf/provider-aws/lib/api-gateway-request-validator";
import type { Construct } from "constructs";

/**
 * The JSON schema (draft 4, what API Gateway models take) of a POST /v1/invoke body: the fields the
 * gateway function reads (`functions/gateway/request.ts`). The function checks them again and the
 * values against the environment's use cases and request types; the API refuses the rest first.
 */
export const INFERENCE_REQUEST_SCHEMA = {
  $schema: "http://json-schema.org/draft-04/schema#",
  title: "InferenceRequest",
  type: "object",
  required: ["inputs"],
  properties: {
    inputs: { type: "string", minLength: 1 },
    parameters: { type: "object" },
    request_type: { type: "string", minLength: 1 },
  },
} as const;

/** The request model and a validator of body and parameters, for the POST method. */
export function requestValidation(scope: Construct, restApiId: string): { readonly validatorId: string; readonly modelName: string } {
  const model = new ApiGatewayModel(scope, "request-model", {
    restApiId,
    name: "InferenceRequest",
    description: "What POST /v1/invoke accepts: inputs (non-empty), optional parameters (object) and request_type (string)",
    contentType: "application/json",
    schema: JSON.stringify(INFERENCE_REQUEST_SCHEMA),
  });
  const validator = new ApiGatewayRequestValidator(scope, "request-validator", {
    restApiId,
    name: "body-and-parameters",
    validateRequestBody: true,
    validateRequestParameters: true,
  });
  return { validatorId: validator.id, modelName: model.name };
}
