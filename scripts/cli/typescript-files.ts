import { createRequire } from "node:module";
import * as path from "node:path";
import { requireTypeScriptWith, type TypeScriptTranspiler } from "./typescript-loader";

/**
 * Lets `require` load a consumer's TypeScript environment files from the installed package's
 * commands, which run as plain JavaScript. Uses the esbuild the app already has (an optional peer of
 * this package) to strip types; does nothing when a TypeScript loader (tsx, ts-node) is registered.
 */
export function loadTypeScriptFiles(projectDir: string): void {
  const extensions = (require as NodeJS.Require & { extensions: Record<string, unknown> }).extensions;
  if (extensions[".ts"] !== undefined) return;
  let esbuild: TypeScriptTranspiler;
  try {
    esbuild = createRequire(path.join(projectDir, "package.json"))("esbuild");
  } catch {
    throw new Error("environment files are TypeScript: install esbuild in this app (npm install --save-dev esbuild) so that the command can read them");
  }
  requireTypeScriptWith(esbuild);
}
