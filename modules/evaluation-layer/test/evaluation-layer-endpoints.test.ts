import { describe, expect, it } from "vitest";
import { PLATFORM_RULE_PACKS } from "../../platform-rule-packs";
import { evaluatePolicy } from "../../shared/policy/policy-aspect";
import { synthesizedStackFrom } from "../../shared/policy/synthesized-stack";
import { onlyResource, resourcesOf, TEST_REGION } from "../../../testing/fixtures/synth";
import { TEST_NETWORK, buildEvaluationLayer as build, ref, functionNamed, rolePolicy, layerWarnings } from "../../../testing/fixtures/evaluation-layer";

const VPC = TEST_NETWORK.vpcId;
const SGS = TEST_NETWORK.securityGroupIds;

describe("EvaluationLayer: VPC endpoints and PII masking", () => {
  const { json } = build();

  it("creates private-DNS interface endpoints behind a security group open on 443 to the environment's groups, and gateway endpoints", () => {
    const endpoints = resourcesOf(json, "aws_vpc_endpoint");
    const interfaces = endpoints.filter((e) => e.vpc_endpoint_type === "Interface");
    // No comprehend: Comprehend is not offered in sa-east-1 (see the warning test).
    expect(interfaces.map((e) => e.service_name).sort()).toEqual(
      // xray: tracing is on by default (the verdict spans go to X-Ray's OTLP endpoint).
      ["bedrock-runtime", "kms", "logs", "monitoring", "sqs", "xray"].map((s) => `com.amazonaws.sa-east-1.${s}`),
    );
    for (const e of interfaces) {
      expect(e).toMatchObject({
        vpc_id: VPC,
        private_dns_enabled: true,
        subnet_ids: TEST_NETWORK.subnetIds,
        security_group_ids: [ref(json, "aws_security_group", "vpc-endpoints", "id")],
      });
    }
    const gateways = endpoints.filter((e) => e.vpc_endpoint_type === "Gateway");
    expect(gateways.map((e) => [e.service_name, e.route_table_ids]).sort()).toEqual([
      ["com.amazonaws.sa-east-1.dynamodb", ["rtb-0123456789abcdef0"]],
      ["com.amazonaws.sa-east-1.s3", ["rtb-0123456789abcdef0"]],
    ]);
    const rules = resourcesOf(json, "aws_vpc_security_group_ingress_rule");
    expect(rules.map((r) => [r.referenced_security_group_id, r.ip_protocol, r.from_port, r.to_port])).toEqual(SGS.map((sg) => [sg, "tcp", 443, 443]));
    expect(onlyResource(json, "aws_security_group").egress).toBeUndefined();
  });
});

describe("EvaluationLayer: VPC endpoints and PII masking: options", () => {
  it("with pt only masks locally: no Comprehend permission or endpoint", () => {
    const { json } = build({ piiLanguages: ["pt"] });
    expect(functionNamed(json, "evaluator").environment.variables.PII_LANGUAGES).toBe("pt");
    expect(JSON.stringify(rolePolicy(json, "evaluator"))).not.toContain("comprehend");
    expect(resourcesOf(json, "aws_vpc_endpoint").map((e) => e.service_name)).not.toContain("com.amazonaws.sa-east-1.comprehend");
  });

  it("warns and creates no Comprehend endpoint where Comprehend masking is asked for but not offered (sa-east-1)", () => {
    const { json, layer } = build({ piiLanguages: ["pt", "en"] });
    expect(resourcesOf(json, "aws_vpc_endpoint").map((e) => e.service_name)).not.toContain("com.amazonaws.sa-east-1.comprehend");
    const warnings = layerWarnings(layer);
    expect(warnings).toEqual([
      expect.stringContaining('not offered in sa-east-1: every record would be dead-lettered as masking_failed; set piiLanguages to ["pt"]'),
    ]);
    expect(layerWarnings(build({ piiLanguages: ["pt"] }).layer)).toEqual([]);
  });

  it("refuses an empty, repeated or malformed language list, showing it", () => {
    expect(() => build({ piiLanguages: [] })).toThrow('pii languages must be distinct lower-case codes such as ["pt", "en"], got []');
    expect(() => build({ piiLanguages: ["pt", "pt"] })).toThrow('got ["pt","pt"]');
    expect(() => build({ piiLanguages: ["PT"] })).toThrow('got ["PT"]');
  });

  it("creates the Comprehend endpoint where Comprehend is offered, masking Portuguese and English by default", () => {
    const { json } = build({ region: "us-east-1" });
    expect(resourcesOf(json, "aws_vpc_endpoint").map((e) => e.service_name)).toContain("com.amazonaws.us-east-1.comprehend");
    expect(functionNamed(json, "evaluator").environment.variables.PII_LANGUAGES).toBe("pt,en");
  });

  it("without route tables creates no gateway endpoints and warns at synth", () => {
    const { json, layer } = build({ routeTableIds: undefined });
    expect(resourcesOf(json, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Gateway")).toEqual([]);
    const warnings = layer.vpcEndpoints.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining("the s3 and dynamodb gateway endpoints were not created")]);
  });

  const EXISTING = {
    "bedrock-runtime": "vpce-0aaaaaaaaaaaaaaa1",
    sqs: "vpce-0aaaaaaaaaaaaaaa2",
    monitoring: "vpce-0aaaaaaaaaaaaaaa3",
    logs: "vpce-0aaaaaaaaaaaaaaa4",
    kms: "vpce-0aaaaaaaaaaaaaaa5",
    s3: "vpce-0aaaaaaaaaaaaaaa6",
    dynamodb: "vpce-0aaaaaaaaaaaaaaa7",
    xray: "vpce-0aaaaaaaaaaaaaaa8",
  } as const;

  it("creates only the endpoints the VPC does not have yet, and no conflicting second private-DNS endpoint", () => {
    const { json } = build({ vpcEndpoints: { sqs: EXISTING.sqs, logs: EXISTING.logs, kms: EXISTING.kms, monitoring: EXISTING.monitoring } });
    expect(
      resourcesOf(json, "aws_vpc_endpoint")
        .map((e) => e.service_name)
        .sort(),
    ).toEqual(["com.amazonaws.sa-east-1.bedrock-runtime", "com.amazonaws.sa-east-1.dynamodb", "com.amazonaws.sa-east-1.s3", "com.amazonaws.sa-east-1.xray"]);
    // The judge's permission names the endpoint this layer created, in this VPC.
    const invoke = rolePolicy(json, "evaluator").Statement.find((s) => s.Action === "bedrock:InvokeModel")!;
    expect(invoke.Condition!.StringEquals).toMatchObject({ "aws:SourceVpce": ref(json, "aws_vpc_endpoint", "bedrock-runtime", "id"), "aws:SourceVpc": VPC });
  });

  it("with every endpoint existing: no endpoint or security group, and the judge bound to the existing endpoint by aws:SourceVpce alone", () => {
    const { json, layer } = build({ vpcEndpoints: EXISTING });
    expect(resourcesOf(json, "aws_vpc_endpoint")).toEqual([]);
    expect(resourcesOf(json, "aws_security_group")).toEqual([]);
    expect(layer.vpcEndpoints.endpointOf["bedrock-runtime"]).toEqual({ id: EXISTING["bedrock-runtime"], created: false });
    const invoke = rolePolicy(json, "evaluator").Statement.find((s) => s.Action === "bedrock:InvokeModel")!;
    // An existing endpoint may sit in a shared VPC: aws:SourceVpc is not assumed.
    expect(invoke.Condition).toEqual({ StringEquals: { "aws:SourceVpce": EXISTING["bedrock-runtime"], "aws:RequestedRegion": TEST_REGION } });
    expect(evaluatePolicy(synthesizedStackFrom(json as never), PLATFORM_RULE_PACKS)).toEqual([]);
  });

  it("refuses the old all-or-nothing switch and a malformed endpoint id", () => {
    expect(() => build({ createVpcEndpoints: false } as never)).toThrow(/createVpcEndpoints was replaced by vpcEndpoints/);
    expect(() => build({ vpcEndpoints: { "bedrock-runtime": "none" as never } })).toThrow(
      /vpc endpoint for bedrock-runtime must be "create" or an endpoint id/,
    );
  });
});
