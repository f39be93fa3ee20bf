/**
 * The environment-file half of the regional availability check: every service the file turns on
 * is offered in its Region, named by the field that turns it on, with the documented list. The
 * policy rule LLMOBS-REGION-1/2 checks the same on the synthesized stacks (`modules/shared/policy/rules/region.ts`).
 */
import { masksWithComprehend } from "../contracts/pii-languages";
import { documentedModelRegions, documentedRegions, isModelOffered, isOffered } from "../modules/shared/regions/regional-availability";
import type { RegionalService } from "../modules/shared/regions/service-availability";
import type { ConfigProblem } from "./errors";
import type { ResolvedEnvironment } from "./resolved";

/** Every availability problem of one resolved environment (empty when all is offered). */
export function regionalAvailabilityProblems(env: ResolvedEnvironment): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const region = env.region;
  const need = (service: RegionalService, used: boolean, field: string, value: unknown, fix: string) => {
    if (used && !isOffered(service, region)) {
      problems.push({ file: env.file, field, value, allowed: `not offered in ${region}: ${documentedRegions(service)}; ${fix}` });
    }
  };
  const grafana = env.grafana;
  if (grafana.mode === "managed-workspace") {
    const workspaceRegion = grafana.workspaceRegion;
    if (!isOffered("managed-grafana", workspaceRegion)) {
      problems.push({
        file: env.file,
        field: grafana.workspaceRegionSet ? "grafana.workspaceRegion" : "grafana.mode",
        value: grafana.workspaceRegionSet ? workspaceRegion : grafana.mode,
        allowed: `Amazon Managed Grafana is not offered in ${workspaceRegion}: ${documentedRegions("managed-grafana")}; leave grafana.mode out (the in-Region CloudWatch dashboard), use "existing" with the bank's own Grafana, or set grafana.workspaceRegion to a listed Region under a residency decision of the business line`,
      });
    }
  }
  need(
    "comprehend",
    env.evaluation.piiLanguages.some((language) => masksWithComprehend(language)),
    "evaluation.piiLanguages",
    env.evaluation.piiLanguages,
    "leave out the languages Comprehend masks (the local detectors mask Portuguese text and Brazilian identifiers)",
  );
  need(
    "signer",
    env.codeSigning !== "off",
    "codeSigning",
    env.codeSigning,
    'code signing needs AWS Signer in the Region; "off" is allowed outside production only',
  );
  need(
    "scheduler",
    true,
    "evaluation.calibration.schedule",
    env.evaluation.calibration.schedule,
    "the calibration schedule needs EventBridge Scheduler in the Region",
  );
  need("bedrock-runtime", true, "evaluation.judgeModelId", env.evaluation.judgeModelId, "the judge runs on Amazon Bedrock in the Region");
  const judges: [string, string][] = [["evaluation.judgeModelId", env.evaluation.judgeModelId]];
  if (env.evaluation.candidateJudge) judges.push(["evaluation.candidateJudge.judgeModelId", env.evaluation.candidateJudge.judgeModelId]);
  for (const [field, modelId] of judges) {
    if (isOffered("bedrock-runtime", region) && !isModelOffered(modelId, region)) {
      problems.push({
        file: env.file,
        field,
        value: modelId,
        allowed: `the judge is not offered in ${region}: ${documentedModelRegions(modelId)}; pick a judge offered in ${region} and calibrate it (npm run judge:calibrate)`,
      });
    }
  }
  return problems;
}
