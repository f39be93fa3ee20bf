"use strict";
// How a command requires TypeScript files at run time (environment files and what they import), for
// `npm run synth` (scripts/synth.js) and the package's commands (scripts/cli/typescript-files.ts).
// Plain JavaScript on purpose: synth requires it before any TypeScript loader is registered.
const fs = require("node:fs");

/** One TypeScript file as CommonJS for Node.js 20, types stripped by esbuild's `transformSync`. */
function transpileTypeScript(esbuild, filename) {
  return esbuild.transformSync(fs.readFileSync(filename, "utf8"), { loader: "ts", format: "cjs", target: "node20", sourcefile: filename }).code;
}

/** Makes `require` load `.ts` files; `transpile` (by default transpileTypeScript) gives each file's JavaScript. */
function requireTypeScriptWith(esbuild, transpile = (filename) => transpileTypeScript(esbuild, filename)) {
  require.extensions[".ts"] = (module, filename) => {
    module._compile(transpile(filename), filename);
  };
}

module.exports = { transpileTypeScript, requireTypeScriptWith };
