import { S3Backend, type TerraformStack } from "cdktf";
import { stateKey, type ResolvedStateConfig } from "../config/sections/state";

/**
 * Configures where Terraform keeps the stack's state, from the environment's `state` section: the
 * S3 backend (encrypted with the given KMS key, locked with DynamoDB or an S3 lock file), or cdktf's
 * local file. No stack file needs editing before a first deploy.
 */
export function configureStateBackend(stack: TerraformStack, state: ResolvedStateConfig, stackId: string): void {
  // cdktf's default: a local file, terraform.<stack>.tfstate in the directory synth runs in.
  if (state.backend === "local") return;
  const backend = new S3Backend(stack, {
    bucket: state.bucket,
    key: stateKey(state, stackId),
    region: state.region,
    encrypt: true,
    kmsKeyId: state.kmsKeyArn,
    ...("dynamodbTable" in state.lock ? { dynamodbTable: state.lock.dynamodbTable } : {}),
    ...(state.roleArn !== undefined ? { assumeRole: { roleArn: state.roleArn } } : {}),
  });
  // cdktf 0.21's S3BackendConfig predates Terraform 1.10's lock file; the attribute is Terraform's own.
  if ("s3Lockfile" in state.lock) backend.addOverride("use_lockfile", true);
}
