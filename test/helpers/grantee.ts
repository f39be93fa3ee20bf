import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Lazy } from "cdktf";
import type { Construct } from "constructs";
import type { Grantee } from "../../modules/shared/grantee";
import { PolicyDocument } from "../../modules/shared/policy-document";

/**
 * A role managed outside the module under test, as `grant*` methods see it: what they add to its
 * policy is synthesized as the inline policy `aws_iam_role_policy.<id>`.
 */
export function testGrantee(scope: Construct, id: string, grantName: string, roleArn = `arn:aws:iam::123456789012:role/${id}`): Grantee {
  const policy = new PolicyDocument();
  new IamRolePolicy(scope, id, { role: id, policy: Lazy.stringValue({ produce: () => policy.render() }) });
  return { roleArn, grantName, addToRolePolicy: (...statements) => policy.addStatements(...statements) };
}
