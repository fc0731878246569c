// Edits the `feed` package's XML at known places, and fails loudly when its output no longer matches.

/**
 * Replace every match of `pattern` (which must have the `g` flag) in `xml`. `expected` is how many
 * matches the output of this `feed` version has: a different count means an upgrade changed the
 * output, and a silent no-op would ship a wrong feed, so it throws instead.
 */
export function patchXml(xml: string, pattern: RegExp, replacement: string | ((match: string, ...groups: string[]) => string), expected: number, what: string): string {
  if (!pattern.global) throw new TypeError(`Expected \`pattern\` to have the g flag, got \`${String(pattern)}\``);
  const count = xml.match(pattern)?.length ?? 0;
  if (count !== expected) {
    throw new Error(`Cannot ${what}: expected ${expected} match(es) of ${String(pattern)} in the \`feed\` package's output, found ${count}`);
  }
  return xml.replace(pattern, replacement as (match: string, ...groups: string[]) => string);
}
