#!/usr/bin/env node
/**
 * First step of `npm test`: the demo report's browser test needs a headless Chromium. Uses the one
 * named by `CHROMIUM` or found on PATH (`chromium`, `chromium-browser`); when there is none, installs
 * Debian's `chromium` package (as root, or through passwordless sudo), so that `npm ci && npm test`
 * passes on a fresh Debian machine exactly as the README says. Anywhere else it stops with what to do.
 * Plain JavaScript: it runs before anything is compiled.
 */
"use strict";
const { execFileSync, spawnSync } = require("node:child_process");
const { findChromium, onPath } = require("./cli/find-chromium");

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  return result.status === 0;
}

function install() {
  if (!onPath("apt-get")) return "no apt-get here: install Chromium with your system's package manager, or set CHROMIUM to its path";
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  let prefix = [];
  if (!isRoot) {
    if (!onPath("sudo") || spawnSync("sudo", ["-n", "true"]).status !== 0) {
      return "not root and no passwordless sudo: run `sudo apt-get install -y chromium`, or set CHROMIUM to its path";
    }
    prefix = ["sudo", "-n"];
  }
  const [command, ...head] = prefix.length > 0 ? prefix : ["apt-get"];
  const base = prefix.length > 0 ? [...head, "apt-get"] : [];
  process.stderr.write("npm test: no headless Chromium for the demo report's browser test; installing Debian's chromium\n");
  if (!run(command, [...base, "update", "-qq"])) return "apt-get update failed";
  if (!run(command, [...base, "install", "-y", "-qq", "chromium"])) return "apt-get install chromium failed";
  return undefined;
}

const found = findChromium();
if (found) process.exit(0);
const problem = install();
if (problem || !findChromium()) {
  process.stderr.write(`npm test: ${problem || "chromium is still not on PATH after the install"}\n`);
  process.exit(1);
}
try {
  process.stderr.write(`npm test: ${execFileSync(findChromium(), ["--version"], { encoding: "utf8" }).trim()} installed\n`);
} catch {
  // the version line is only for the log
}
