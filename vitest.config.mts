import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "cdktf.out/**", ".worktrees/**"],
    // Construct tests synthesize whole stacks and integration tests start local servers.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Focused tests must never land: `.only` fails the run on CI.
    allowOnly: false,
  },
});
