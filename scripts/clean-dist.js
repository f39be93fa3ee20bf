// Empties dist/ before a build, so no file of a removed source is ever packed.
require("node:fs").rmSync(require("node:path").join(__dirname, "..", "dist"), { recursive: true, force: true });
