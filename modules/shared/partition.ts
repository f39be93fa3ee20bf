/** The AWS partition of a region, computed offline (no data source, so plans need no credentials). */
export function partitionOf(region: string): "aws" | "aws-cn" | "aws-us-gov" {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** DNS suffix of service endpoints in a region's partition. */
export function dnsSuffixOf(region: string): string {
  return partitionOf(region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}
