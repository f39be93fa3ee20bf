import * as fs from "node:fs";
import * as path from "node:path";

/** The name in this package's package.json. */
export const PACKAGE_NAME = "llm-observability-platform";

let cachedRoot: string | undefined;

/**
 * The folder of this package's package.json, wherever the package lives: this repository (sources
 * run with tsx), `dist/` of a build, or `node_modules/llm-observability-platform` of a consumer.
 * Found from this file's own location, never from the current directory.
 */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME) {
      cachedRoot = dir;
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find the package.json of ${PACKAGE_NAME} above ${__dirname}`);
  }
}
