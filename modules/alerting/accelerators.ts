/**
 * Accelerators per SageMaker instance type: GPUs for the NVIDIA families, Neuron devices for
 * Inferentia and Trainium. SageMaker sums `GPUMemoryUtilization` over the accelerators of an
 * instance, so alarm thresholds scale with this count.
 */
export const ACCELERATORS_PER_INSTANCE_TYPE: Readonly<Record<string, number>> = {
  "ml.g4dn.xlarge": 1,
  "ml.g4dn.2xlarge": 1,
  "ml.g4dn.4xlarge": 1,
  "ml.g4dn.8xlarge": 1,
  "ml.g4dn.16xlarge": 1,
  "ml.g4dn.12xlarge": 4,
  "ml.g5.xlarge": 1,
  "ml.g5.2xlarge": 1,
  "ml.g5.4xlarge": 1,
  "ml.g5.8xlarge": 1,
  "ml.g5.16xlarge": 1,
  "ml.g5.12xlarge": 4,
  "ml.g5.24xlarge": 4,
  "ml.g5.48xlarge": 8,
  "ml.g6.xlarge": 1,
  "ml.g6.2xlarge": 1,
  "ml.g6.4xlarge": 1,
  "ml.g6.8xlarge": 1,
  "ml.g6.16xlarge": 1,
  "ml.g6.12xlarge": 4,
  "ml.g6.24xlarge": 4,
  "ml.g6.48xlarge": 8,
  "ml.g6e.xlarge": 1,
  "ml.g6e.2xlarge": 1,
  "ml.g6e.4xlarge": 1,
  "ml.g6e.8xlarge": 1,
  "ml.g6e.16xlarge": 1,
  "ml.g6e.12xlarge": 4,
  "ml.g6e.24xlarge": 4,
  "ml.g6e.48xlarge": 8,
  "ml.p4d.24xlarge": 8,
  "ml.p4de.24xlarge": 8,
  "ml.p5.48xlarge": 8,
  "ml.p5e.48xlarge": 8,
  "ml.p5en.48xlarge": 8,
  "ml.inf2.xlarge": 1,
  "ml.inf2.8xlarge": 1,
  "ml.inf2.24xlarge": 6,
  "ml.inf2.48xlarge": 12,
  "ml.trn1.2xlarge": 1,
  "ml.trn1.32xlarge": 16,
};

/** GPUs (or Neuron devices) of one instance; throws for an instance type the table does not know. */
export function acceleratorCount(instanceType: string): number {
  const count = ACCELERATORS_PER_INSTANCE_TYPE[instanceType];
  if (count === undefined) {
    throw new Error(
      `unknown accelerator count for instance type "${instanceType}": add it to ACCELERATORS_PER_INSTANCE_TYPE (modules/alerting/accelerators.ts) or pass gpuCount`,
    );
  }
  return count;
}
