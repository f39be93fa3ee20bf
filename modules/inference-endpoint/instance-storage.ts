/**
 * SageMaker instance families with local NVMe instance storage.
 *
 * AWS encrypts those volumes with a hardware module on the instance and rejects
 * `CreateEndpointConfig` when a `KmsKeyId` is given for them ("You can't request a KmsKeyId when
 * using an instance type with local storage"). For every other family the endpoint volume is EBS
 * and must be encrypted with our customer-managed key.
 */
const INSTANCE_STORE_FAMILIES = new Set(["g4dn", "g5", "g6", "g6e", "p3dn", "p4d", "p4de", "p5", "p5e", "p5en", "trn1", "trn1n", "m5d", "c5d", "r5d"]);

/** True when the instance type's volumes are local NVMe (hardware-encrypted; no `kms_key_arn` allowed). */
export function hasLocalInstanceStorage(instanceType: string): boolean {
  const family = /^ml\.([a-z0-9]+)\./.exec(instanceType)?.[1];
  return family !== undefined && INSTANCE_STORE_FAMILIES.has(family);
}
