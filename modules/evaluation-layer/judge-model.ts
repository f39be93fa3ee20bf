import type { JudgePair } from "../../contracts/judge-pair";
import { isVersionedModelId, profiledModelId } from "../../contracts/model-id";
import { partitionOf } from "../shared/partition";
import type { PolicyStatement } from "../shared/policy-document";
import { masksWithComprehend } from "./comprehend-regions";
import type { ServiceEndpoint } from "./evaluation-vpc-endpoints";

/** Throws a clear error at synth when the judge model id is not pinned to one revision. */
export function assertVersionedJudgeModelId(modelId: string): void {
  if (!isVersionedModelId(modelId)) {
    throw new Error(
      `judge model id "${modelId}" is not versioned: use a Bedrock model or inference-profile id ending in -vN:M ` +
        `(e.g. anthropic.claude-3-haiku-20240307-v1:0), so that scores do not drift when the provider moves an alias`,
    );
  }
}

export interface JudgeModelStatementProps {
  readonly modelId: string;
  readonly region: string;
  readonly accountId: string;
  /** Id of the bedrock-runtime VPC endpoint the evaluator's calls go through (`aws:SourceVpce`). */
  readonly sourceVpceId: string;
  /**
   * The environment VPC, only when that endpoint is guaranteed to be in it (created by the layer):
   * then `aws:SourceVpc` is required too. An existing endpoint may live in a shared VPC reached
   * through the landing zone's network, so it gets `aws:SourceVpce` alone.
   * @default - aws:SourceVpce only
   */
  readonly vpcId?: string;
  /**
   * Appended to the statement ids, so that a second judge (a shadow candidate) gets statements of its own.
   * @default ""
   */
  readonly sidSuffix?: string;
}

/**
 * `bedrock:InvokeModel` (what Converse needs) on the judge model only, through the VPC endpoint the
 * evaluator uses only (`aws:SourceVpce`, plus `aws:SourceVpc` when the endpoint is the layer's own).
 *
 * A plain model id gets the regional foundation-model ARN, with `aws:RequestedRegion` pinned to the
 * environment's region. An inference-profile id (`sa.anthropic...`) gets the profile ARN (same
 * conditions) plus the foundation model in every region the profile may route to, which is allowed
 * only through that profile (`bedrock:InferenceProfileArn`): the routed call runs in another
 * region, so `aws:RequestedRegion` cannot pin it.
 */
export function judgeModelStatements(props: JudgeModelStatementProps): PolicyStatement[] {
  assertVersionedJudgeModelId(props.modelId);
  if (!props.sourceVpceId) throw new Error("the judge needs the id of the bedrock-runtime vpc endpoint its calls go through");
  const partition = partitionOf(props.region);
  const routedModelId = profiledModelId(props.modelId);
  const suffix = props.sidSuffix ?? "";
  const network: Record<string, string> = { "aws:SourceVpce": props.sourceVpceId, ...(props.vpcId ? { "aws:SourceVpc": props.vpcId } : {}) };
  if (routedModelId === undefined) {
    return [
      {
        Sid: `InvokeJudgeModel${suffix}`,
        Effect: "Allow",
        Action: "bedrock:InvokeModel",
        Resource: `arn:${partition}:bedrock:${props.region}::foundation-model/${props.modelId}`,
        Condition: { StringEquals: { ...network, "aws:RequestedRegion": props.region } },
      },
    ];
  }
  const profileArn = `arn:${partition}:bedrock:${props.region}:${props.accountId}:inference-profile/${props.modelId}`;
  return [
    {
      Sid: `InvokeJudgeInferenceProfile${suffix}`,
      Effect: "Allow",
      Action: "bedrock:InvokeModel",
      Resource: profileArn,
      Condition: { StringEquals: { ...network, "aws:RequestedRegion": props.region } },
    },
    {
      Sid: `InvokeJudgeModelThroughProfile${suffix}`,
      Effect: "Allow",
      Action: "bedrock:InvokeModel",
      Resource: `arn:${partition}:bedrock:*::foundation-model/${routedModelId}`,
      Condition: { StringEquals: { ...network, "bedrock:InferenceProfileArn": profileArn } },
    },
  ];
}

/** The judges a function calls, through which endpoint, from which VPC. */
export interface JudgeCallers {
  readonly current: JudgePair;
  /** A shadow candidate; its model gets statements of its own when it differs from the current one. @default - none */
  readonly candidate?: JudgePair;
  /** The bedrock-runtime endpoint the calls go through. */
  readonly judgeEndpoint: ServiceEndpoint;
  /** The function's VPC (`aws:SourceVpc` when the endpoint is the layer's own). */
  readonly vpcId: string;
  readonly region: string;
  readonly accountId: string;
}

/** `judgeModelStatements` for the current judge and, when its model differs, the candidate's (Sids ending in `Candidate`). */
export function judgePairStatements(props: JudgeCallers): PolicyStatement[] {
  const { current, candidate, region, accountId } = props;
  const route = { sourceVpceId: props.judgeEndpoint.id, ...(props.judgeEndpoint.created ? { vpcId: props.vpcId } : {}) };
  return [
    ...judgeModelStatements({ modelId: current.judgeModelId, region, accountId, ...route }),
    ...(candidate && candidate.judgeModelId !== current.judgeModelId
      ? judgeModelStatements({ modelId: candidate.judgeModelId, region, accountId, ...route, sidSuffix: "Candidate" })
      : []),
  ];
}

/** Amazon Comprehend's DetectPiiEntities, for a function whose PII languages it masks (it has no resource-level permissions). */
export function detectPiiStatements(piiLanguages: readonly string[]): PolicyStatement[] {
  return piiLanguages.some(masksWithComprehend) ? [{ Sid: "DetectPii", Effect: "Allow", Action: "comprehend:DetectPiiEntities", Resource: "*" }] : [];
}
