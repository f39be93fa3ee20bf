/**
 * What every stack of one environment starts from: the resolved environment, its resource naming,
 * and the AWS provider's Region, account and tags.
 */
import type { AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import type { ResolvedEnvironment } from "../config/resolved";
import { ResourceNaming } from "../modules/shared";

/** The props every stack of an environment takes; a stack's own props extend them. */
export interface EnvironmentStackProps {
  /** The environment, resolved and checked (`resolveEnvironment`). */
  readonly environment: ResolvedEnvironment;
}

/** The naming scheme of the environment's resources: business line, stage, account and Region. */
export function environmentNaming(env: ResolvedEnvironment): ResourceNaming {
  return new ResourceNaming({ businessLine: env.businessLine.name, stage: env.stage, accountId: env.accountId, region: env.region });
}

/** The AWS provider of an environment: its Region, only its account, and its tags on every resource. */
export function environmentAwsProvider(env: ResolvedEnvironment): AwsProviderConfig {
  return { region: env.region, allowedAccountIds: [env.accountId], defaultTags: [{ tags: { ...env.tags } }] };
}
