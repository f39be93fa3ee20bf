/**
 * Evaluates a composite alarm's rule (`ALARM("a") AND NOT (OK("b") OR TRUE)`) over the states of the
 * alarms it names, as CloudWatch does; an alarm it does not know is OK.
 */

export type AlarmState = "ALARM" | "OK";

/** True when `rule` holds for the alarm states `state` gives. */
export function evaluateRule(rule: string, state: (name: string) => AlarmState | undefined): boolean {
  const tokens = rule.match(/\(|\)|"[^"]*"|[A-Za-z_]+/g) ?? [];
  let i = 0;
  const expr = (): boolean => {
    let left = term();
    while (tokens[i]?.toUpperCase() === "OR") {
      i += 1;
      const right = term();
      left = left || right;
    }
    return left;
  };
  const term = (): boolean => {
    let left = factor();
    while (tokens[i]?.toUpperCase() === "AND") {
      i += 1;
      const right = factor();
      left = left && right;
    }
    return left;
  };
  const factor = (): boolean => {
    const token = tokens[i++];
    if (token === undefined) throw new Error(`composite rule ends too early: ${rule}`);
    const upper = token.toUpperCase();
    if (upper === "NOT") return !factor();
    if (token === "(") {
      const inner = expr();
      i += 1;
      return inner;
    }
    if (upper === "TRUE") return true;
    if (upper === "FALSE") return false;
    if (["ALARM", "OK", "INSUFFICIENT_DATA"].includes(upper)) {
      const [open, quoted, close] = tokens.slice(i, i + 3);
      if (open !== "(" || quoted === undefined || close !== ")") throw new Error(`cannot read composite rule after ${token}: ${rule}`);
      i += 3;
      const name = quoted.replace(/^"|"$/g, "");
      const current = state(name) ?? "OK";
      return upper === "ALARM" ? current === "ALARM" : upper === "OK" ? current === "OK" : false;
    }
    throw new Error(`cannot read composite rule at "${token}": ${rule}`);
  };
  return expr();
}
