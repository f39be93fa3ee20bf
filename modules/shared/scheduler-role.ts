import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Construct } from "constructs";
import { NAME_LIMITS, type ResourceNaming } from "./naming";
import { PolicyDocument, type PolicyStatement } from "./policy-document";

/** What an EventBridge Scheduler role is for: its name, its inline policy's name, and all it may do. */
export interface SchedulerRoleSpec {
  readonly naming: ResourceNaming;
  readonly accountId: string;
  /** Name part of the role, e.g. `judge-calibration-scheduler`. */
  readonly roleName: string;
  /** Name of its one inline policy, e.g. `invoke-calibration-only`. */
  readonly policyName: string;
  readonly statements: readonly PolicyStatement[];
}

/**
 * The role EventBridge Scheduler assumes for this account's schedules only (`aws:SourceAccount`),
 * with one inline policy granting exactly `statements` (constructs `scheduler-role` and
 * `scheduler-policy` in `scope`).
 */
export function schedulerRole(scope: Construct, spec: SchedulerRoleSpec): IamRole {
  const role = new IamRole(scope, "scheduler-role", {
    name: spec.naming.name(spec.roleName, NAME_LIMITS.iamRole),
    assumeRolePolicy: new PolicyDocument([
      {
        Effect: "Allow",
        Principal: { Service: "scheduler.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": spec.accountId } },
      },
    ]).render(),
  });
  new IamRolePolicy(scope, "scheduler-policy", { role: role.id, name: spec.policyName, policy: new PolicyDocument(spec.statements).render() });
  return role;
}
