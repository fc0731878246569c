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
      const [start, end] = error.pos;
      const reason = error.code === 'DUPLICATE_KEY'
        ? `${firstLine(error.message)}: write each field once`
        : `YAML syntax error: ${firstLine(error.message)}. Check indentation, colons and quotes on this line`;
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

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

export { isMap, isScalar, isSeq };
