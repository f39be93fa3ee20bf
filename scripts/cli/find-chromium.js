"use strict";
// Where headless Chromium is, for the first step of `npm test` (scripts/ensure-chromium.js, which
// installs it when missing) and the demo's HTML report (demo/report/chromium.ts, which drives it).
// Plain JavaScript on purpose: `npm test` runs its first step before anything is compiled.
const fs = require("node:fs");
const path = require("node:path");

/** The executable `name` in a folder of PATH, or undefined. */
function onPath(name) {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** The Chromium binary: `CHROMIUM` when set (and it exists), else `chromium` or `chromium-browser` on PATH. */
function findChromium() {
  if (process.env.CHROMIUM) return fs.existsSync(process.env.CHROMIUM) ? process.env.CHROMIUM : undefined;
  return onPath("chromium") || onPath("chromium-browser");
}

module.exports = { findChromium, onPath };
