/**
 * The synthetic inference-log record a canary run writes: a client asking to update an address,
 * with the planted values in the prompt and the answer, marked by its `canary` field.
 */
import { INFERENCE_LOG_RECORD_TYPE, INFERENCE_LOG_SCHEMA_VERSION, type InferenceLogRecord } from "../../contracts/inference-log-record";
import { CANARY_REQUEST_TYPE, CANARY_USE_CASE } from "../../contracts/pii-canary";
import type { PlantedValues } from "./canary-values";

export interface CanaryRecordContext {
  readonly runId: string;
  readonly now: Date;
  readonly endpointName: string;
  readonly modelName: string;
}

/** The record, with the values in the forms clients write them. */
export function canaryRecord(values: PlantedValues, context: CanaryRecordContext): InferenceLogRecord {
  const prompt =
    `Olá, meu nome é ${values.givenName} ${values.surnames} e meu CPF é ${values.cpf}. ` +
    `Mudei para a ${values.street}, ${values.houseNumber}, CEP ${values.cep}. ` +
    `Como atualizo o endereço da agência ${values.agency}, conta ${values.account}?`;
  const response =
    `Olá, ${values.givenName} ${values.surnames}! Para atualizar o endereço para ${values.street}, ${values.houseNumber}, ` +
    "abra o app, toque em Perfil > Endereço e confirme com a sua senha.";
  const time = context.now.toISOString();
  return {
    recordType: INFERENCE_LOG_RECORD_TYPE,
    schemaVersion: INFERENCE_LOG_SCHEMA_VERSION,
    requestId: `pii-canary-${context.runId}`,
    inferenceTime: time,
    completedAt: time,
    endpointName: context.endpointName,
    modelName: context.modelName,
    instanceType: "none",
    useCase: CANARY_USE_CASE,
    requestType: CANARY_REQUEST_TYPE,
    status: "ok",
    guardrail: { flagged: false, reasons: [] },
    tokens: { prompt: Math.ceil(prompt.length / 4), completion: Math.ceil(response.length / 4), promptEstimated: true },
    timing: { totalMs: 0 },
    canary: { runId: context.runId },
    prompt,
    response,
  };
}
