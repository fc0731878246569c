// Finds full-width punctuation typed where YAML needs ASCII: a Korean IME left in full-width mode, or
// lines pasted from HWP, whose indentation is full-width or no-break spaces.
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { codePoint } from './check-limits.js';
import { phrase, say } from '../i18n/say.js';

/** Spaces YAML does not count as spaces: the full-width space of Korean IMEs and HWP's no-break space. */
const ODD_SPACES = new Set(['\u3000', '\u00A0']);
/** Dashes that look like a list's `-`: full-width hyphen-minus, minus sign. */
const ODD_DASHES = new Set(['\uFF0D', '\u2212']);
const SPACE = '[ \\t\\u3000\\u00A0]';
const KEY = new RegExp(`^([^\\s:\\uFF1A#'"\\[\\]{},|>&*!%@\`\\u3000\\u00A0-][^\\s:\\uFF1A#\\u3000\\u00A0]*)[ \\t]*([:\\uFF1A])(?=${SPACE}|$|(?<=\\uFF1A).)`);
const BLOCK_SCALAR = /^[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?$/;

/** What each reported character stands for: each is one UTF-16 unit, as its stand-in is. */
const MEANT: Record<string, string> = { '\uFF1A': ':', '\u3000': ' ', '\u00A0': ' ', '\uFF0D': '-', '\u2212': '-' };

/**
 * Report, as errors, full-width colons after a field name, full-width or no-break spaces before a
 * field or a list dash, and full-width dashes opening a list item, in the YAML at `offset` in `file`.
 * `isField` tells a field name (`title`, `제목`) from text that merely holds a `：`.
 * Returns, when any was found, the YAML with each replaced by the ASCII character meant, at the
 * same offsets: the parser's errors about the originals would only bury these, but the rest of the
 * front matter can still be checked from the repaired text, so that one full-width colon does not
 * hide a misspelt field until it is fixed.
 */
export function checkFullwidth(file: VFile, text: string, offset: number, isField: (key: string) => boolean): string | undefined {
  const place = location(file);
  const found: number[] = [];
  const report = (at: number, key: string, params: Record<string, string>) => {
    found.push(at);
    const point = place.toPoint(offset + at);
    // The line of the file, as the editor numbers it, not of the YAML between the `---`.
    const line = point?.line ?? 0;
    say(file, phrase(`traps.fullwidth.${key}`, { line, ...params }), { ...(point ? { place: point } : {}), ruleId: 'fullwidth-yaml', fatal: true });
  };
  let block: number | undefined;
  let start = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const at = start;
    start += raw.length + 1;
    const indent = /^ */.exec(line)![0].length;
    // The text of a `|` or `>` block is prose: any character may stand in it.
    if (block !== undefined) {
      if (line.trim() === '' || indent > block) continue;
      block = undefined;
    }
    const lead = new RegExp(`^${SPACE}*`).exec(line)![0];
    let rest = line.slice(lead.length);
    let column = lead.length;
    const odd = [...lead].findIndex((c) => ODD_SPACES.has(c));
    const dash = /^([-\uFF0D\u2212])(?=[ \t\u3000\u00A0]|$)/.exec(rest)?.[1];
    const afterDash = dash ? new RegExp(`^.${SPACE}*`).exec(rest)![0].length : 0;
    const key = KEY.exec(rest.slice(afterDash));
    if (odd >= 0 && (dash || key || rest === '')) {
      const char = lead[odd]!;
      const what = dash ? `${dash}` : key ? `${key[1]}:` : '';
      report(at + odd, what ? 'space' : 'blankSpace', { char: codePoint(char), ...(what ? { what } : {}) });
    }
    if (dash && ODD_DASHES.has(dash)) report(at + column, 'dash', { char: codePoint(dash), dash });
    if (dash) {
      rest = rest.slice(afterDash);
      column += afterDash;
    }
    if (!key) continue;
    if (key[2] === '\uFF1A' && isField(key[1]!)) {
      report(at + column + key[0].length - 1, 'colon', { key: key[1]!, char: codePoint(key[2]) });
    }
    if (BLOCK_SCALAR.test(rest.slice(key[0].length))) block = indent;
  }
  if (found.length === 0) return undefined;
  const repaired = text.split('');
  for (const at of found) repaired[at] = MEANT[text[at]!] ?? text[at]!;
  return repaired.join('');
}
