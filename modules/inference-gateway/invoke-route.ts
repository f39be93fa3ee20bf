/**
 * The REST API's one route, `POST /v1/invoke`: its resources, authorization (IAM or a Cognito
 * authorizer), request validation, the proxy integration to the gateway function, the permission
 * that lets API Gateway call it, and the deployment that follows every change to them.
 */
import { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import type { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Fn } from "cdktf";
import type { Construct } from "constructs";
import type { BundledFunction } from "../shared/bundled-function";
import type { ResourceNaming } from "../shared/naming";
import type { InferenceApiAuth } from "./access-log-format";
import { INTEGRATION_TIMEOUT_MS } from "./gateway-props";
import { requestValidation } from "./request-schema";

/** Path of the inference method, under the stage. */
export const INVOKE_PATH = ["v1", "invoke"] as const;
/** `/v1/invoke`. */
export const INVOKE_PATH_TEXT = `/${INVOKE_PATH.join("/")}`;

export interface InvokeRouteProps {
  readonly naming: ResourceNaming;
  readonly restApi: ApiGatewayRestApi;
  readonly auth: InferenceApiAuth;
  readonly gatewayFunction: BundledFunction;
  readonly stageName: string;
}

export interface InvokeRoute {
  readonly method: ApiGatewayMethod;
  readonly authorizer?: ApiGatewayAuthorizer;
  readonly deployment: ApiGatewayDeployment;
}

/** Makes the route in `scope` (the gateway construct, so construct ids stay the module's). */
export function invokeRoute(scope: Construct, props: InvokeRouteProps): InvokeRoute {
  const { restApi, auth } = props;
  const v1 = new ApiGatewayResource(scope, "v1", { restApiId: restApi.id, parentId: restApi.rootResourceId, pathPart: INVOKE_PATH[0] });
  const invoke = new ApiGatewayResource(scope, "invoke", { restApiId: restApi.id, parentId: v1.id, pathPart: INVOKE_PATH[1] });
  const authorizer =
    auth.type === "cognito"
      ? new ApiGatewayAuthorizer(scope, "authorizer", {
          name: props.naming.name("inference-api-users"),
          restApiId: restApi.id,
          type: "COGNITO_USER_POOLS",
          providerArns: [auth.userPoolArn],
          identitySource: "method.request.header.Authorization",
        })
      : undefined;
  // API Gateway refuses a body that is not the request's shape before the function runs (and is billed).
  const validation = requestValidation(scope, restApi.id);
  const method = new ApiGatewayMethod(scope, "post", {
    restApiId: restApi.id,
    resourceId: invoke.id,
    httpMethod: "POST",
    authorization: auth.type === "cognito" ? "COGNITO_USER_POOLS" : "AWS_IAM",
    ...(authorizer ? { authorizerId: authorizer.id } : {}),
    requestValidatorId: validation.validatorId,
    requestModels: { "application/json": validation.modelName },
  });
  const integration = new ApiGatewayIntegration(scope, "integration", {
    restApiId: restApi.id,
    resourceId: invoke.id,
    httpMethod: method.httpMethod,
    type: "AWS_PROXY",
    integrationHttpMethod: "POST",
    uri: props.gatewayFunction.function.invokeArn,
    timeoutMilliseconds: INTEGRATION_TIMEOUT_MS,
  });
  new LambdaPermission(scope, "api-invoke", {
    statementId: "AllowInferenceApiInvoke",
    action: "lambda:InvokeFunction",
    functionName: props.gatewayFunction.function.functionName,
    principal: "apigateway.amazonaws.com",
    sourceArn: `${restApi.executionArn}/${props.stageName}/POST${INVOKE_PATH_TEXT}`,
  });
  // A new deployment whenever the routes, auth or integration change; the old one goes after.
  const routeParts = [v1.id, invoke.id, method.id, method.authorization, authorizer?.id ?? "", integration.id, integration.uri, integration.type];
  const deployment = new ApiGatewayDeployment(scope, "deployment", {
    restApiId: restApi.id,
    description: "Inference API routes",
    triggers: { redeployment: Fn.sha1(Fn.jsonencode([...routeParts, integration.timeoutMilliseconds])) },
    lifecycle: { createBeforeDestroy: true },
    dependsOn: [method, integration],
  });
  return { method, ...(authorizer ? { authorizer } : {}), deployment };
}
