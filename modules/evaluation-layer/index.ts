export { COMPREHEND_REGIONS, defaultPiiLanguages, masksWithComprehend } from "./comprehend-regions";
export {
  EVALUATION_LAYER_DEFAULTS,
  EvaluationLayer,
  MAX_RECEIVE_COUNT,
  VISIBILITY_TIMEOUT_FACTOR,
  type EvaluatedEndpoint,
  type EvaluationLayerProps,
  type InferenceLogSource,
} from "./evaluation-layer";
export {
  EVALUATION_GATEWAY_SERVICES,
  EVALUATION_INTERFACE_SERVICES,
  GATEWAY_INTERFACE_SERVICES,
  EvaluationVpcEndpoints,
  type EvaluationInterfaceService,
  type EvaluationVpcEndpointsProps,
} from "./evaluation-vpc-endpoints";
export { assertVersionedJudgeModelId, judgeModelStatements, type JudgeModelStatementProps } from "./judge-model";
export { DEAD_LETTER_TAG, EVALUATION_LAYER_RULES, EVALUATION_LAYER_RULE_PACK, isDeadLetterQueue } from "./policy-rules";
