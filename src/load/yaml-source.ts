// Parses YAML that sits inside a source file, keeping every node's position in that file.
import { parseDocument, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { location } from 'vfile-location';
import type { VFile } from 'vfile';
import type { Position } from 'unist';
import { phrase, say, type Phrase } from '../i18n/say.js';

export interface YamlSource {
  doc: Document.Parsed;
  /** The position of a YAML node in the file (not in the YAML snippet). */
  positionOf(node: YamlNode | null | undefined): Position | undefined;
  file: VFile;
}

/** How front matter and the config are read. */
const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, schema: 'core' } as const;

/** Whether `text` reads as YAML without an error (nothing is reported). */
export function readsAsYaml(text: string): boolean {
  return parseDocument(text, PARSE_OPTIONS).errors.length === 0;
}

/**
 * Parse the YAML text found at `offset` in `file`. Syntax errors are recorded on the file as fatal
 * messages with `ruleId` and the position in the file; the function then returns `undefined`.
 */
export function parseYamlSource(file: VFile, text: string, offset: number, ruleId: string): YamlSource | undefined {
  const place = location(file);
  // The `core` schema keeps dates as strings: we parse them ourselves to report impossible ones.
  const doc = parseDocument(text, PARSE_OPTIONS);
  const positionAt = (start: number, end: number): Position | undefined => {
    const s = place.toPoint(offset + start);
    const e = place.toPoint(offset + Math.max(start, end));
    return s && e ? { start: s, end: e } : undefined;
  };
  if (doc.errors.length > 0) {
    // One problem often trips several parser errors on its line: the first says it best.
    const lines = new Set<number>();
    for (const error of doc.errors) {
      let [start, end] = error.pos;
      let reason: Phrase;
      const quote = error.code === 'MISSING_CHAR' ? unclosedQuote(text) : undefined;
      // A field indented one space too far reads as the value above going on: the parser blames
      // the line above, where quoting (the usual cure for a `: ` in a value) would not help.
      const deeper = !quote && (error.code === 'BLOCK_AS_IMPLICIT_KEY' || error.code === 'MULTILINE_IMPLICIT_KEY') ? keyIndentedUnder(text, start) : undefined;
      if (deeper) [start, end] = [deeper.offset, deeper.offset + deeper.key.length];
      // The parser notices an unclosed `[` or `{` where the text ends, and blames indentation.
      const flow = quote || !/^Flow (sequence|map)\b|\bflow collection\b/i.test(error.message) ? undefined : unclosedFlow(text);
      if (quote) [start, end] = [quote.offset, quote.offset + 1];
      else if (flow) [start, end] = [flow.offset, flow.offset + 1];
      const line = lineAt(text, start);
      if (lines.has(line.number)) continue;
      lines.add(line.number);
      const detail = firstLine(error.message);
      const where = positionAt(start, end);
      const at = where?.start.line ?? line.number;
      const field = /^\s*(?:-\s+)?([^\s:#][^:#]*?):(?:\s+(.*))?$/.exec(line.text);
      if (deeper) {
        reason = phrase('yaml.indentedUnder', { line: at, key: deeper.key, above: deeper.above, detail });
      } else if (error.code === 'DUPLICATE_KEY') {
        reason = phrase('yaml.duplicate', { line: at, key: field?.[1] ?? line.text.trim(), detail });
      } else if (quote) {
        // The parser notices a missing quote where the text ends; the author needs the line it opened on.
        reason = phrase('yaml.unclosedQuote', { line: at, mark: quote.mark, detail });
      } else if (flow) {
        reason = phrase(flow.mark === '[' ? 'authoring.yaml.unclosedList' : 'authoring.yaml.unclosedMap', { line: at, detail });
      } else if (error.code === 'TAB_AS_INDENT') {
        reason = phrase('yaml.tab', { line: at, detail });
      } else if (error.code === 'BAD_INDENT' && field) {
        reason = phrase('yaml.misaligned', { line: at, key: field[1]!, detail });
      } else if (field?.[2] && !/^["']/.test(field[2])) {
        reason = phrase('yaml.quoteValue', { line: at, key: field[1]!, quoted: `${field[1]}: "${field[2].trim().replace(/["\\]/g, '\\$&')}"`, detail });
      } else {
        reason = phrase('yaml.syntax', { line: at, detail });
      }
      say(file, reason, { place: where, ruleId, fatal: true });
    }
    return undefined;
  }
  return {
    doc,
    file,
    positionOf(node) {
      if (!node?.range) return undefined;
      return positionAt(node.range[0], node.range[1]);
    },
  };
}

/**
 * When the line at `offset` is a `key: value` line and the next line with text is a `key:` line
 * indented further than that key: the deeper key, where it starts, and the key above.
 */
function keyIndentedUnder(text: string, offset: number): { offset: number; key: string; above: string } | undefined {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const end = text.indexOf('\n', start);
  if (end < 0) return undefined;
  const current = /^(\s*(?:-\s+)?)([^\s:#][^:#]*?):[ \t]+\S/.exec(text.slice(start, end));
  if (!current) return undefined;
  let next = end + 1;
  while (next < text.length) {
    const stop = text.indexOf('\n', next);
    const line = text.slice(next, stop < 0 ? undefined : stop);
    if (line.trim() !== '') {
      const key = /^([ ]*)([^\s:#\-"'[{][^:#]*?):(?:\s|$)/.exec(line);
      if (!key || key[1]!.length <= current[1]!.length) return undefined;
      return { offset: next + key[1]!.length, key: key[2]!, above: current[2]! };
    }
    if (stop < 0) break;
    next = stop + 1;
  }
  return undefined;
}

/** The first quote in `text` that is opened as a value and never closed on its line. */
function unclosedQuote(text: string): { offset: number; mark: string } | undefined {
  let offset = 0;
  for (const line of text.split('\n')) {
    const match = /^(\s*(?:-\s+)?[^\s:#][^:#]*:\s+|\s*-\s+)(["'])/.exec(line);
    if (match) {
      const mark = match[2]!;
      const rest = line.slice(match[1]!.length + 1);
      const closed = mark === '"' ? /(^|[^\\])"/.test(rest) || rest.startsWith('"') : rest.includes("'");
      if (!closed) return { offset: offset + match[1]!.length, mark };
    }
    offset += line.length + 1;
  }
  return undefined;
}

/**
 * The first `[` or `{` that opens a value (after `key:`, `- ` or at the start of a line) and is
 * still open where the text ends; brackets inside quotes and comments do not count.
 */
function unclosedFlow(text: string): { offset: number; mark: '[' | '{' } | undefined {
  const value = /(^|\n)([ \t]*(?:-[ \t]+)*(?:[^\s:#\-[{"'][^:#\n]*?:[ \t]+)?)([[{])/g;
  for (let match = value.exec(text); match; match = value.exec(text)) {
    const open = match.index + match[1]!.length + match[2]!.length;
    const end = closingOf(text, open);
    if (end < 0) return { offset: open, mark: text[open] as '[' | '{' };
    value.lastIndex = end;
  }
  return undefined;
}

/** The offset just after the bracket that closes the one at `open`, or -1 when none does. */
function closingOf(text: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && /[[{,:]$/.test(text.slice(open, i).trimEnd())) {
      // Only a quote that starts an item is one: `[AI's]` holds a plain apostrophe.
      quote = c;
    } else if (c === '#' && /\s/.test(text[i - 1] ?? '')) {
      const eol = text.indexOf('\n', i);
      if (eol < 0) break;
      i = eol;
    } else if (c === '[' || c === '{') {
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The line holding `offset` in `text`: its number (from 1) and its text. */
function lineAt(text: string, offset: number): { number: number; text: string } {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1) ) + 1;
  const before = text.slice(0, offset);
  const end = text.indexOf('\n', start);
  return { number: before.split('\n').length, text: text.slice(start, end < 0 ? undefined : end) };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

export { isMap, isScalar, isSeq };
