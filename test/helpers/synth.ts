import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { type App, Testing, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { ResourceNaming } from "../../modules/shared/naming";

export interface SynthesizedJson {
  resource: Record<string, Record<string, Record<string, any>>>;
  provider?: Record<string, any>;
  output?: Record<string, any>;
}

export const TEST_ACCOUNT = "123456789012";
export const TEST_REGION = "sa-east-1";

export function testNaming(): ResourceNaming {
  return new ResourceNaming({ businessLine: "retail-banking", stage: "staging", accountId: TEST_ACCOUNT, region: TEST_REGION });
}

/** Synthesizes a stack built by `build` (with an AWS provider) and returns its parsed JSON. */
export function synthStack(build: (stack: TerraformStack) => void, runValidations = false): SynthesizedJson {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: TEST_REGION });
  build(stack);
  return JSON.parse(Testing.synth(stack, runValidations)) as SynthesizedJson;
}

/** All resources of one Terraform type, as a list of their configs. */
export function resourcesOf(json: SynthesizedJson, type: string): Record<string, any>[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The only resource of a type; fails the test when there are none or several. */
export function onlyResource(json: SynthesizedJson, type: string): Record<string, any> {
  const found = resourcesOf(json, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0]!;
}

export type { Construct };
