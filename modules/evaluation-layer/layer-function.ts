import type { Construct } from "constructs";
import { BundledFunction, type BundledFunctionProps } from "../shared/bundled-function";
import { FunctionCodeSigning } from "../shared/code-signing";
import { FunctionCode, type PlatformFunctionName } from "../shared/deployment-package";
import type { EncryptionKey } from "../shared/encryption-key";
import type { FunctionNetwork } from "../shared/function-network";
import type { PlatformFunctionOptions } from "../shared/function-options";
import { type EnvironmentScope, NAME_LIMITS } from "../shared/naming";

/**
 * What every function of the evaluation layer takes: the environment, the layer's key, the VPC it
 * runs in, and its log retention and code signing as every module takes them (`PlatformFunctionOptions`;
 * tracing is the evaluator's alone). The props of the layer's function constructs extend it.
 */
export interface LayerFunctionProps extends EnvironmentScope, Pick<PlatformFunctionOptions, "logRetentionDays" | "codeSigning"> {
  /** The layer's key: the function's environment and logs, and what the function writes (queues, tables, buckets). */
  readonly encryptionKey: EncryptionKey;
  /** Private subnets and security groups; the function reaches AWS through the layer's VPC endpoints. */
  readonly network: FunctionNetwork;
}

/** The placement props every function of the layer passes to `BundledFunction` alike. */
export type LayerFunctionPlacement = Pick<
  BundledFunctionProps,
  "accountId" | "region" | "encryptionKey" | "vpcId" | "subnetIds" | "securityGroupIds" | "logRetentionDays" | "codeSigning"
>;

/** Account, region, key, VPC placement, log retention and resolved code signing of a function in `scope`. */
export function layerFunctionPlacement(scope: Construct, props: LayerFunctionProps): LayerFunctionPlacement {
  const { naming, accountId, region } = props;
  return {
    accountId,
    region,
    encryptionKey: props.encryptionKey,
    vpcId: props.network.vpcId,
    subnetIds: props.network.subnetIds,
    securityGroupIds: props.network.securityGroupIds,
    logRetentionDays: props.logRetentionDays,
    codeSigning: FunctionCodeSigning.resolve(scope, props.codeSigning, { naming, accountId, region }),
  };
}

/** The statement that lets a function encrypt and decrypt with the layer's key (queues, tables, payloads). */
export function useLayerKeyStatement(key: EncryptionKey) {
  return { Sid: "UseLayerKey", Effect: "Allow" as const, Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: key.keyArn };
}

/** One function of the layer: what differs from one to the next. */
export interface LayerFunctionSpec {
  /** Name part: the function is `<prefix>-<name>`. */
  readonly name: string;
  /** The package's function bundled into it. */
  readonly code: PlatformFunctionName;
  readonly description: string;
  /** PascalCase name its grants' statement ids start with. */
  readonly grantName: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly sizing: Pick<BundledFunctionProps, "timeoutSeconds" | "memorySize" | "reservedConcurrency">;
}

/** A function of the layer (construct `id` in `scope`): one of the package's bundles, placed as every function of the layer is. */
export function layerFunction(scope: Construct, id: string, props: LayerFunctionProps, spec: LayerFunctionSpec): BundledFunction {
  return new BundledFunction(scope, id, {
    functionName: props.naming.name(spec.name, NAME_LIMITS.lambda),
    code: FunctionCode.platform(spec.code),
    description: spec.description,
    grantName: spec.grantName,
    ...layerFunctionPlacement(scope, props),
    environment: spec.environment,
    ...spec.sizing,
  });
}
