export * from "./types";
export * from "./policy-aspect";
export * from "./packs";
export { synthesizedStackFrom, attr, policyStatements, asArray } from "./synthesized-stack";
export * from "./rules/storage";
export * from "./rules/iam";
