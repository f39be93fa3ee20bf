/** What the loader needs of esbuild: its `transformSync`. */
export interface TypeScriptTranspiler {
  transformSync(code: string, options: Record<string, unknown>): { code: string };
}

/** One TypeScript file as CommonJS for Node.js 20, types stripped by esbuild's `transformSync`. */
export function transpileTypeScript(esbuild: TypeScriptTranspiler, filename: string): string;

/** Makes `require` load `.ts` files; `transpile` (by default transpileTypeScript) gives each file's JavaScript. */
export function requireTypeScriptWith(esbuild: TypeScriptTranspiler, transpile?: (filename: string) => string): void;
