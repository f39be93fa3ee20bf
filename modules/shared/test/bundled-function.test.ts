import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { BundledFunction } from "../bundled-function";
import { bundleFunction, forgetBundlesOfThisProcess } from "../esbuild-bundler";
import { onlyResource, synthStack, TEST_ACCOUNT } from "../../../testing/fixtures/synth";
import { HELLO_ENTRY, helloFunctionProps } from "./fixtures/hello-function";

function synth() {
  return synthStack((stack) => {
    new BundledFunction(stack, "fn", {
      ...helloFunctionProps(stack),
      vpcId: "vpc-0123456789abcdef0",
      subnetIds: ["subnet-0123456789abcdef0"],
      securityGroupIds: ["sg-0123456789abcdef0"],
      reservedConcurrency: 5,
    });
  });
}

describe("bundleFunction", () => {
  it("produces the same bytes and hash for the same source (no spurious diff)", () => {
    const a = bundleFunction(HELLO_ENTRY, fs.mkdtempSync(path.join(os.tmpdir(), "b1-")));
    const b = bundleFunction(HELLO_ENTRY, fs.mkdtempSync(path.join(os.tmpdir(), "b2-")));
    expect(a.sha256).toBe(b.sha256);
    expect(fs.readFileSync(a.zipFile)).toEqual(fs.readFileSync(b.zipFile));
  });

  it("bundles a handler that runs from the zip's index.js", async () => {
    const { zipFile } = bundleFunction(HELLO_ENTRY, fs.mkdtempSync(path.join(os.tmpdir(), "b3-")));
    const files = unzipSync(fs.readFileSync(zipFile));
    expect(Object.keys(files)).toEqual(["index.js"]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "b3-unzipped-"));
    fs.writeFileSync(path.join(dir, "index.js"), files["index.js"]!);
    const mod = require(path.join(dir, "index.js")) as { handler: (e: { name: string }) => Promise<string> };
    await expect(mod.handler({ name: "bank" })).resolves.toBe("hello bank");
  });

  it("reuses the previous synth's zip while no input changed, and rebuilds when one did", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "b4-"));
    const cache = path.join(dir, "cache");
    fs.writeFileSync(path.join(dir, "greeting.ts"), 'export const greeting = "hello";\n');
    fs.writeFileSync(path.join(dir, "handler.ts"), 'import { greeting } from "./greeting";\nexport const handler = async () => greeting;\n');
    const first = bundleFunction(path.join(dir, "handler.ts"), cache);
    fs.rmSync(path.join(cache, fs.readdirSync(cache).find((f) => f.endsWith(".zip"))!), { force: false });
    forgetBundlesOfThisProcess();
    // The zip is gone, so the manifest cannot be reused: it is rebuilt, byte for byte the same.
    expect(bundleFunction(path.join(dir, "handler.ts"), cache)).toEqual(first);
    forgetBundlesOfThisProcess();
    // Unchanged inputs: the manifest is reused, not rewritten (a rebuild would rewrite it).
    const manifest = path.join(cache, fs.readdirSync(cache).find((f) => f.endsWith(".manifest.json"))!);
    const past = new Date("2001-01-01T00:00:00Z");
    fs.utimesSync(manifest, past, past);
    expect(bundleFunction(path.join(dir, "handler.ts"), cache)).toEqual(first);
    expect(fs.statSync(manifest).mtime.getTime()).toBe(past.getTime());
    fs.writeFileSync(path.join(dir, "greeting.ts"), 'export const greeting = "olá";\n');
    forgetBundlesOfThisProcess();
    const second = bundleFunction(path.join(dir, "handler.ts"), cache);
    expect(second.sha256).not.toBe(first.sha256);
    // Only the current zip stays in the cache.
    expect(
      fs
        .readdirSync(cache)
        .filter((f) => f.endsWith(".zip"))
        .map((f) => path.join(cache, f)),
    ).toEqual([second.zipFile]);
  });

  it("names the missing entry file", () => {
    expect(() => bundleFunction("/nope/handler.ts", os.tmpdir())).toThrow("function entry /nope/handler.ts does not exist");
  });
});

describe("BundledFunction", () => {
  it("is a Node.js 22 arm64 function with tracing, encrypted environment, VPC and reserved concurrency", () => {
    const fn = onlyResource(synth(), "aws_lambda_function");
    expect(fn).toMatchObject({ runtime: "nodejs22.x", architectures: ["arm64"], handler: "index.handler", reserved_concurrent_executions: 5 });
    expect(fn.tracing_config).toEqual({ mode: "Active" });
    expect(fn.kms_key_arn).toMatch(/^\$\{aws_kms_key\./);
    expect(fn.vpc_config.subnet_ids).toEqual(["subnet-0123456789abcdef0"]);
    expect(fn.source_code_hash).toBe(synth().resource.aws_lambda_function[Object.keys(synth().resource.aws_lambda_function)[0]!]!.source_code_hash);
  });

  it("logs to a KMS-encrypted log group kept 365 days, which the key policy lets CloudWatch Logs use", () => {
    const json = synth();
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({ name: "/aws/lambda/llmobs-test-hello", retention_in_days: 365 });
    const statements = JSON.parse(onlyResource(json, "aws_kms_key").policy).Statement as Array<Record<string, any>>;
    const logs = statements.find((s) => s.Principal?.Service === "logs.sa-east-1.amazonaws.com")!;
    // Scoped to this one log group: the logs service cannot use the key for any other.
    expect(logs.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).toBe(
      `arn:aws:logs:sa-east-1:${TEST_ACCOUNT}:log-group:/aws/lambda/llmobs-test-hello`,
    );
  });

  it("trusts only Lambda from its own account and limits network permissions to its VPC", () => {
    const json = synth();
    expect(JSON.parse(onlyResource(json, "aws_iam_role").assume_role_policy).Statement[0]).toMatchObject({
      Principal: { Service: "lambda.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } },
    });
    const policy = JSON.parse(onlyResource(json, "aws_iam_role_policy").policy).Statement as Array<Record<string, any>>;
    expect(policy.find((s) => s.Sid === "ManageInterfacesInVpc")!.Condition).toEqual({
      ArnEqualsIfExists: { "ec2:Vpc": `arn:aws:ec2:sa-east-1:${TEST_ACCOUNT}:vpc/vpc-0123456789abcdef0` },
    });
  });
});
