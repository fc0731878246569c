// Parses YAML that sits inside a source file, keeping every node's position in that file.
import { parseDocument, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { location } from 'vfile-location';
import type { VFile } from 'vfile';
import type { Position } from 'unist';

export interface YamlSource {
  doc: Document.Parsed;
  /** The position of a YAML node in the file (not in the YAML snippet). */
  positionOf(node: YamlNode | null | undefined): Position | undefined;
  file: VFile;
}

/**
 * Parse the YAML text found at `offset` in `file`. Syntax errors are recorded on the file as fatal
 * messages with `ruleId` and the position in the file; the function then returns `undefined`.
 */
export function parseYamlSource(file: VFile, text: string, offset: number, ruleId: string): YamlSource | undefined {
  const place = location(file);
  // The `core` schema keeps dates as strings: we parse them ourselves to report impossible ones.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, schema: 'core' });
  const positionAt = (start: number, end: number): Position | undefined => {
    const s = place.toPoint(offset + start);
    const e = place.toPoint(offset + Math.max(start, end));
    return s && e ? { start: s, end: e } : undefined;
  };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      let [start, end] = error.pos;
      let reason: string;
      const quote = error.code === 'MISSING_CHAR' ? unclosedQuote(text) : undefined;
      if (error.code === 'DUPLICATE_KEY') {
        reason = `${firstLine(error.message)}: write each field once`;
      } else if (quote) {
        // The parser notices a missing quote where the text ends; the author needs the line it opened on.
        [start, end] = [quote.offset, quote.offset + 1];
        reason = `The quote ${quote.mark} opened here is never closed: add ${quote.mark} at the end of the text`;
      } else if (error.code === 'TAB_AS_INDENT') {
        reason = 'A tab is used to indent this line: indent with spaces only';
      } else {
        reason = `YAML syntax error: ${firstLine(error.message)}. Check the indentation and colons here; `
          + 'text that contains ": " or " #", or starts with [ { * & ! | > % @ or a quote, must be in double quotes, '
          + 'like `title: "[보도참고] 과기정통부: 6G 시험망 구축"`';
      }
      const msg = file.message(reason, { place: positionAt(start, end), ruleId, source: 'gongbo' });
      msg.fatal = true;
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

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

export { isMap, isScalar, isSeq };
