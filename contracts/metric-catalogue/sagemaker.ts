/** SageMaker's native invocation and instance metrics. */
import { metric } from "./definition";
import { DIMENSIONS, NAMESPACES } from "./names";

const VARIANT_SET = [[DIMENSIONS.endpointName, DIMENSIONS.variantName]] as const;
/**
 * Instance metrics: per variant always; per instance when the endpoint config enables SageMaker
 * enhanced metrics (the `InstanceId` dimension, available for all real-time endpoints).
 */
const INSTANCE_SETS = [...VARIANT_SET, [DIMENSIONS.endpointName, DIMENSIONS.variantName, DIMENSIONS.instanceId]] as const;
/** GPU metrics add a per-GPU series (`AcceleratorId`) under enhanced metrics. */
const GPU_SETS = [...INSTANCE_SETS, [DIMENSIONS.endpointName, DIMENSIONS.variantName, DIMENSIONS.instanceId, DIMENSIONS.acceleratorId]] as const;

/** Native SageMaker invocation metrics (namespace `AWS/SageMaker`). */
export const SAGEMAKER_INVOCATION_METRICS = {
  invocations: metric(NAMESPACES.sagemakerInvocations, "Invocations", "Count", VARIANT_SET, "Requests sent to the endpoint"),
  modelLatency: metric(
    NAMESPACES.sagemakerInvocations,
    "ModelLatency",
    "Milliseconds",
    VARIANT_SET,
    "Time the model took to respond (reported in microseconds by SageMaker)",
  ),
  overheadLatency: metric(
    NAMESPACES.sagemakerInvocations,
    "OverheadLatency",
    "Milliseconds",
    VARIANT_SET,
    "SageMaker overhead around the model (reported in microseconds)",
  ),
  invocation4xx: metric(NAMESPACES.sagemakerInvocations, "Invocation4XXErrors", "Count", VARIANT_SET, "Requests the endpoint rejected"),
  invocation5xx: metric(NAMESPACES.sagemakerInvocations, "Invocation5XXErrors", "Count", VARIANT_SET, "Requests the endpoint failed"),
} as const;

/** Native SageMaker instance metrics (namespace `/aws/sagemaker/Endpoints`). */
export const SAGEMAKER_INSTANCE_METRICS = {
  gpuUtilization: metric(NAMESPACES.sagemakerInstances, "GPUUtilization", "Percent", GPU_SETS, "GPU compute utilisation, summed over GPUs"),
  gpuMemoryUtilization: metric(
    NAMESPACES.sagemakerInstances,
    "GPUMemoryUtilization",
    "Percent",
    GPU_SETS,
    "GPU memory utilisation: the primary memory-pressure signal",
  ),
  cpuUtilization: metric(NAMESPACES.sagemakerInstances, "CPUUtilization", "Percent", INSTANCE_SETS, "CPU utilisation, summed over cores"),
  memoryUtilization: metric(NAMESPACES.sagemakerInstances, "MemoryUtilization", "Percent", INSTANCE_SETS, "Host memory utilisation"),
  diskUtilization: metric(NAMESPACES.sagemakerInstances, "DiskUtilization", "Percent", INSTANCE_SETS, "Disk utilisation"),
} as const;
