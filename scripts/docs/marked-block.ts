/**
 * Generated parts of hand-written Markdown live between `<!-- <kind>:<name>:start -->` and
 * `<!-- <kind>:<name>:end -->` markers; a generator replaces what is between them and a test
 * compares the file with the generator's output.
 */

/** `text` with the block `<kind>:<name>` holding `content` (written as given); `where` names the file in the error. */
export function replaceMarkedBlock(text: string, kind: string, name: string, content: string, where: string): string {
  const start = `<!-- ${kind}:${name}:start -->`;
  const end = `<!-- ${kind}:${name}:end -->`;
  const pattern = new RegExp(`(${start}\\n)[\\s\\S]*?(${end})`);
  if (!pattern.test(text)) throw new Error(`${where} has no ${start} ... ${end} block`);
  return text.replace(pattern, (_m, head: string, tail: string) => `${head}${content}${tail}`);
}
