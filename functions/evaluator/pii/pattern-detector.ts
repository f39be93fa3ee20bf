/** Regular-expression detectors: a pattern, the group to mask, an optional validator. */
import type { PiiSpan } from "./spans";

export interface PatternDetector {
  readonly type: string;
  /** Must have the `d` (indices) and `g` flags. */
  readonly pattern: RegExp;
  /** Capture group holding the value to mask (0 = whole match). */
  readonly group?: number;
  readonly validate?: (value: string) => boolean;
  readonly priority: number;
  /** A character every match contains: texts without it are not searched (a cheap pre-check). */
  readonly requires?: string;
}

/** Appends every (validated) match of every detector to `into`, in UTF-16 offsets. */
export function runPatterns(text: string, detectors: readonly PatternDetector[], into: PiiSpan[]): void {
  for (const detector of detectors) {
    if (detector.requires !== undefined && !text.includes(detector.requires)) continue;
    detector.pattern.lastIndex = 0;
    for (const match of text.matchAll(detector.pattern)) {
      const indices = match.indices?.[detector.group ?? 0];
      const value = match[detector.group ?? 0];
      if (!indices || value === undefined) continue;
      if (detector.validate && !detector.validate(value)) continue;
      into.push({ start: indices[0], end: indices[1], type: detector.type, priority: detector.priority });
    }
  }
}
