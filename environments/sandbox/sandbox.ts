import { defineEnvironment } from "../../config/define";
import { RUNBOOK_BASE_URL } from "../../config/deployment-settings";
import businessLine from "./business-line";

/**
 * A credential-free environment: synthesizes and plans with mock credentials, for trying the
 * platform and for CI. The ids below are well-formed but belong to no real account.
 */
export default defineEnvironment({
  businessLine,
  stage: "sandbox",
  accountId: "000000000000",
  credentialFree: true,
  model: {
    name: "llama-3-1-8b-instruct",
    image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
    huggingFaceModelId: "meta-llama/Llama-3.1-8B-Instruct",
    // A gated model (Meta's licence must be accepted): the token is read from this secret at deploy.
    huggingFaceAccess: { tokenSecretArn: "arn:aws:secretsmanager:sa-east-1:000000000000:secret:llmobs/hugging-face-token-Ab12Cd" },
    instanceType: "ml.g5.2xlarge",
    hourlyPriceUsd: 1.97,
    tensorParallelDegree: 1,
  },
  network: {
    vpcId: "vpc-00000000000000000",
    subnetIds: ["subnet-00000000000000001", "subnet-00000000000000002"],
    securityGroupIds: ["sg-00000000000000001"],
  },
  // The use case follows from the calling role (chargeback, SLOs, quality); any other caller gets 403.
  // The assistant sends the same system prompt with every request: the server's prefix-cache hit rate
  // is alarmed below 40 % (serving-prefix-cache-hit-rate), and CI plans that alarm here.
  gateway: {
    auth: { type: "iam", callers: [{ principal: "arn:aws:iam::000000000000:role/sandbox-assistant-*", useCase: "general" }] },
    repeatedPrefixUseCases: ["general"],
  },
  // Private route tables get S3 and DynamoDB gateway endpoints: evaluation traffic stays off the internet.
  // The sandbox judges with the compact rubric (its own calibration record; in shadow in production).
  evaluation: { routeTableIds: ["rtb-00000000000000001"], judgeRubricVersion: "bank-qa-rubric/2026-12-v3" },
  // State stays in a local file (the default outside production): the sandbox plans without credentials.
  state: { backend: "local" },
  accountSettings: { ownsApiGatewayLoggingRole: true },
  // A managed workspace in us-east-1 under docs/adr/0002-grafana-workspace-residency.md (what crosses: metric aggregates and query
  // results); its URL is reachable from the platform's prefix list only.
  grafana: { mode: "managed-workspace", workspaceRegion: "us-east-1", networkAccess: { prefixListIds: ["pl-00000000000000001"] } },
  alerting: { runbookBaseUrl: RUNBOOK_BASE_URL },
});
