export * from "./types";
export * from "./define";
export * from "./errors";
export * from "./validate";
export * from "./resolved";
export * from "./discover";
export * from "./from-config";
