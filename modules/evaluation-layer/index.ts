export { COMPREHEND_REGIONS, defaultPiiLanguages, masksWithComprehend } from "./comprehend-regions";
export {
  EVALUATION_LAYER_DEFAULTS,
  EvaluationLayer,
  type CandidateJudge,
  type EvaluatedEndpoint,
  type JudgeCalibrationSettings,
  type EvaluationLayerProps,
  type InferenceLogSource,
} from "./evaluation-layer";
export {
  DEAD_LETTER_RETENTION_SECONDS,
  EvaluationQueues,
  evaluationQueueNames,
  MAX_RECEIVE_COUNT,
  NOTIFICATION_RETENTION_SECONDS,
  VISIBILITY_TIMEOUT_FACTOR,
  type EvaluationQueuesProps,
} from "./evaluation-queues";
export { EvaluatorFunction, type EvaluatedObjects, type EvaluatorFunctionProps } from "./evaluator-function";
export {
  EVALUATOR_DEFAULTS,
  resolveEvaluatorSettings,
  type EvaluatorSettings,
  type EvaluatorSizing,
  type ResolvedEvaluatorSettings,
} from "./evaluator-settings";
export { layerFunction, layerFunctionPlacement, type LayerFunctionPlacement, type LayerFunctionProps, type LayerFunctionSpec } from "./layer-function";
export {
  findPassingRecord,
  readCalibrationRecords,
  requireCalibratedJudge,
  type CalibrationGateInput,
  type CalibrationRecordSource,
  type CalibrationRecords,
  type CalibrationVerdict,
} from "./calibration-gate";
export {
  DEFAULT_CALIBRATION_SCHEDULE,
  DEFAULT_SCHEDULE_TIMEZONE,
  DEFAULT_SHADOW_AGREEMENT_SCHEDULE,
  JudgeCalibration,
  judgeCalibrationBucketName,
  SCHEDULE_EXPRESSION,
  type JudgeCalibrationProps,
} from "./judge-calibration";
export {
  canaryTarget,
  DEFAULT_CANARY_INTERVAL_MINUTES,
  isWritableBucket,
  PiiCanary,
  type PiiCanaryProps,
  type PiiCanarySettings,
  type WritableBucket,
} from "./pii-canary";
export { PUBLISHER_RESERVED_CONCURRENCY, QualityPublisher, type QualityPublisherProps } from "./quality-publisher";
export { SHADOW_PARTITION_KEY, SHADOW_SORT_KEY, ShadowScoresTable, type ShadowScoresTableProps } from "./shadow-scores-table";
export { SCORES_PARTITION_KEY, SCORES_TTL_ATTRIBUTE, ScoresTable, scoresTableName, type ScoresTableProps } from "./scores-table";
export {
  EVALUATION_GATEWAY_SERVICES,
  EVALUATION_INTERFACE_SERVICES,
  GATEWAY_INTERFACE_SERVICES,
  EvaluationVpcEndpoints,
  isVpcEndpointChoice,
  VPC_ENDPOINT_ID,
  VPC_ENDPOINT_SERVICES,
  type EvaluationGatewayService,
  type EvaluationInterfaceService,
  type EvaluationVpcEndpointsProps,
  type ServiceEndpoint,
  type VpcEndpointChoice,
  type VpcEndpointService,
} from "./evaluation-vpc-endpoints";
export {
  assertVersionedJudgeModelId,
  detectPiiStatements,
  judgeModelStatements,
  judgePairStatements,
  type JudgeCallers,
  type JudgeModelStatementProps,
} from "./judge-model";
export { DEAD_LETTER_TAG, EVALUATION_LAYER_RULES, EVALUATION_LAYER_RULE_PACK, isDeadLetterQueue } from "./policy-rules";
export { judgeErrorFor, judgeErrorSettings, type JudgeErrorSettings, type RequestTypeJudgeError } from "./judge-error-settings";
export { SAGEMAKER_ENDPOINT_NAME } from "./pii-model-endpoint";
export { bucketOfS3Uri, endpointPolicyStatements, platformEndpointPolicyScope } from "./vpc-endpoint-policies";
