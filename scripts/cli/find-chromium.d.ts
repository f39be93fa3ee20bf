/** The executable `name` in a folder of PATH, or undefined. */
export function onPath(name: string): string | undefined;

/** The Chromium binary: `CHROMIUM` when set (and it exists), else `chromium` or `chromium-browser` on PATH. */
export function findChromium(): string | undefined;
