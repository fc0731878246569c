// Outlines pasted from HWP (개조식: □ ○ - · items, ※ notes) become nested lists, not run-on paragraphs.
import type { Code, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { VFile } from 'vfile';

/**
 * The level of each item marker. The level comes from the marker, not from the indentation:
 * pasted text keeps its spaces or loses them depending on the editor, the markers always survive.
 */
const LEVELS: ReadonlyMap<string, number> = new Map([
  ['□', 1], ['■', 1],
  ['○', 2], ['ㅇ', 2], ['◦', 2],
  ['-', 3],
  ['·', 4], ['∙', 4], ['ㆍ', 4],
]);
const NOTE = '※';
/** Noto Sans KR, the PDFs' only font, has no U+2219: the look-alike it has is printed instead. */
const SHOWN: Readonly<Record<string, string>> = { '∙': '·' };
/** Only these can open an outline: a Markdown list or a sentence starting with `·` or `※` is not one. */
const OPENERS: ReadonlySet<string> = new Set(['□', '■', '○', 'ㅇ', '◦']);

/** ASCII spaces, tabs, no-break and ideographic (full-width) spaces, as HWP pastes them. */
const SPACE = '[ \\t\\u00A0\\u3000]';
/** A marker with a space after it and some text on the same line. */
const MARKER_LINE = new RegExp(`^(${SPACE}*)([${[...LEVELS.keys(), NOTE].join('').replace('-', '\\-')}])${SPACE}+\\S`, 'u');
const LINE_BREAK = /\r\n|\r|\n/;

interface Entry {
  marker: string;
  /** Source line of the marker. */
  line: number;
  /** Width of the spaces before the marker (a full-width space counts 2, a tab 4). */
  indent: number;
  children: PhrasingContent[];
}

interface Source {
  lines: string[];
  /** Lines where Markdown already took the `-` as a list bullet, so the text has no marker. */
  bullets: Set<number>;
}

function markerOf(source: Source, line: number): { marker: string; indent: number } | undefined {
  const match = MARKER_LINE.exec(source.lines[line - 1] ?? '');
  if (!match) return undefined;
  let indent = 0;
  for (const char of match[1]!) indent += char === '\u3000' ? 2 : char === '\t' ? 4 : 1;
  return { marker: match[2]!, indent };
}

/**
 * remark turns pasted outline lines into paragraphs (lines joined), lists (`-` lines) and, after
 * a blank line and 4 spaces, indented code. The structure is rebuilt from the source lines, while
 * the inline Markdown of each item (links, emphasis, footnote calls) is kept as remark parsed it.
 */
export function remarkOutline() {
  return (tree: Root, file: VFile) => {
    const source: Source = { lines: String(file.value).split(LINE_BREAK), bullets: new Set() };
    const children: RootContent[] = [];
    for (let index = 0; index < tree.children.length;) {
      // An outline opens with an opener on the block's first line (a Markdown list's is `-`): most
      // blocks are not read as outlines at all.
      const line = tree.children[index]!.position?.start.line;
      if (line === undefined || !OPENERS.has(markerOf(source, line)?.marker ?? '')) {
        children.push(tree.children[index]!);
        index++;
        continue;
      }
      const entries: Entry[] = [];
      let end = index;
      for (; end < tree.children.length; end++) {
        if (end > index && startsMarkdownList(tree.children[end - 1]!, tree.children[end]!)) break;
        const read = readBlock(tree.children[end]!, source);
        if (!read || (end === index && !OPENERS.has(read[0]!.marker))) break;
        entries.push(...read);
      }
      if (end === index) {
        children.push(tree.children[index]!);
        index++;
        continue;
      }
      const outline = buildOutline(entries);
      outline.position = { start: tree.children[index]!.position!.start, end: tree.children[end - 1]!.position!.end };
      children.push(outline);
      index = end;
    }
    tree.children = children;
  };
}

/** `- ` at the very start of a line after a blank line is how Markdown lists are typed: it ends the outline. */
function startsMarkdownList(previous: RootContent, node: RootContent): boolean {
  return node.type === 'list' && node.position?.start.column === 1 && node.position.start.line > previous.position!.end.line + 1;
}

/** The entries of one top-level block, or undefined when it is not (only) outline lines. */
function readBlock(node: RootContent, source: Source): Entry[] | undefined {
  const blocks: Array<Paragraph | Code> = [];
  if (!collectBlocks(node, source, blocks)) return undefined;
  const entries: Entry[] = [];
  for (const block of blocks) {
    const read = block.type === 'code' ? readCode(block, source) : readParagraph(block, source);
    if (!read) return undefined;
    entries.push(...read);
  }
  return entries;
}

/** Paragraphs and indented code in reading order; false when anything else (or a `*` list) is inside. */
function collectBlocks(node: RootContent | ListItem, source: Source, blocks: Array<Paragraph | Code>): boolean {
  if (!node.position) return false;
  if (node.type === 'paragraph') return blocks.push(node) > 0;
  if (node.type === 'code') {
    const first = source.lines[node.position.start.line - 1] ?? '';
    return node.lang == null && !/^\s*(```|~~~)/.test(first) && blocks.push(node) > 0;
  }
  if (node.type === 'list') return !node.ordered && node.children.every((item) => collectBlocks(item, source, blocks));
  if (node.type === 'listItem') {
    const { line, column } = node.position.start;
    // `*` and `+` bullets, task items and items whose text starts on a later line are Markdown's own.
    if (node.checked != null || source.lines[line - 1]?.[column - 1] !== '-') return false;
    if (node.children[0]?.position?.start.line !== line) return false;
    source.bullets.add(line);
    return node.children.every((child) => collectBlocks(child as RootContent, source, blocks));
  }
  return false;
}

function startEntry(source: Source, line: number): Entry | undefined {
  const found = markerOf(source, line);
  return found && { ...found, line, children: [] };
}

/** Split a paragraph's inline content at the lines that start with a marker. */
function readParagraph(paragraph: Paragraph, source: Source): Entry[] | undefined {
  let current = startEntry(source, paragraph.position!.start.line);
  if (!current) return undefined;
  const entries = [current];
  for (const child of paragraph.children) {
    const { start, end } = child.position!;
    if (child.type === 'text') {
      const parts = child.value.split(/(\r\n|\r|\n)/);
      // A character reference (`&#10;`) is a line break in the text but none in the source.
      if (start.line + (parts.length - 1) / 2 !== end.line) return undefined;
      let line = start.line;
      for (const [n, part] of parts.entries()) {
        if (n % 2 === 0) {
          if (part !== '') current.children.push({ type: 'text', value: part });
          continue;
        }
        line++;
        const next = startEntry(source, line);
        if (next) entries.push((current = next));
        else current.children.push({ type: 'text', value: part });
      }
      continue;
    }
    if (end.line > start.line) {
      // A hard line break before an item only ends the item above.
      if (child.type === 'break' && end.line === start.line + 1 && markerOf(source, end.line)) {
        entries.push((current = startEntry(source, end.line)!));
        continue;
      }
      // Emphasis or a link running over the start of the next item: not an outline after all.
      for (let line = start.line + 1; line <= end.line; line++) if (markerOf(source, line)) return undefined;
    }
    current.children.push(child);
  }
  return entries.every((entry) => trimEntry(entry, source)) ? entries : undefined;
}

/** Indented code has no inline Markdown: its lines are taken as they are. */
function readCode(code: Code, source: Source): Entry[] | undefined {
  const entries: Entry[] = [];
  for (let line = code.position!.start.line; line <= code.position!.end.line; line++) {
    const text = source.lines[line - 1] ?? '';
    if (text.trim() === '') continue;
    const next = startEntry(source, line);
    if (next) entries.push(next);
    else if (entries.length === 0) return undefined;
    else entries.at(-1)!.children.push({ type: 'text', value: '\n' });
    entries.at(-1)!.children.push({ type: 'text', value: text });
  }
  return entries.every((entry) => trimEntry(entry, source)) ? entries : undefined;
}

/**
 * Remove the marker (a note keeps its `※`: it is read, not a list bullet) and the spaces that
 * start and end each line. False when the text does not start with the marker the line had.
 */
function trimEntry(entry: Entry, source: Source): boolean {
  const texts = entry.children;
  const first = texts[0];
  if (first?.type === 'text') first.value = first.value.replace(/^\s+/u, '');
  if (entry.marker !== NOTE && !source.bullets.has(entry.line)) {
    if (first?.type !== 'text' || !first.value.startsWith(entry.marker)) return false;
    first.value = first.value.slice(entry.marker.length).replace(/^\s+/u, '');
  }
  for (const [n, node] of texts.entries()) {
    if (node.type !== 'text') continue;
    const before = texts[n - 1];
    const after = texts[n + 1];
    if (before?.type === 'text' && LINE_BREAK.test(before.value)) node.value = node.value.replace(/^[^\S\r\n]+/u, '');
    if (after?.type === 'text' && LINE_BREAK.test(after.value)) node.value = node.value.replace(/[^\S\r\n]+$/u, '');
    if (n === texts.length - 1) node.value = node.value.trimEnd();
  }
  entry.children = texts.filter((node) => node.type !== 'text' || node.value !== '');
  while (entry.children.at(-1)?.type === 'break') entry.children.pop();
  return true;
}

function outlineList(): List {
  return { type: 'list', ordered: false, start: null, spread: true, children: [], data: { hProperties: { className: ['outline'], role: 'list' } } };
}

/**
 * Nest the entries by marker level: an item goes under the nearest item above of a higher level.
 * A note goes to the nearest item above indented no more than it (the item right above when
 * nothing is indented), and closes the items below that one, so the reading order stays the source's.
 */
function buildOutline(entries: Entry[]): List {
  const root = outlineList();
  const open: Array<{ level: number; indent: number; item: ListItem }> = [];
  for (const entry of entries) {
    if (entry.marker === NOTE) {
      let at = open.length - 1;
      while (at > 0 && open[at]!.indent > entry.indent) at--;
      open.length = at + 1;
      open[at]!.item.children.push({ type: 'paragraph', children: entry.children, data: { hProperties: { className: ['outline-note'] } } });
      continue;
    }
    const level = LEVELS.get(entry.marker)!;
    while (open.length > 0 && open.at(-1)!.level >= level) open.pop();
    const parent = open.at(-1)?.item;
    let list = root;
    if (parent) {
      const last = parent.children.at(-1);
      if (last?.type === 'list') list = last;
      else parent.children.push((list = outlineList()));
    }
    // The marker stays in the text for readers without CSS (feeds); screen readers hear the list instead.
    const marker: Text = { type: 'text', value: `${SHOWN[entry.marker] ?? entry.marker} `, data: { hName: 'span', hProperties: { className: ['outline-marker'], ariaHidden: 'true' } } };
    const item: ListItem = { type: 'listItem', spread: true, checked: null, children: [{ type: 'paragraph', children: [marker, ...entry.children] }] };
    list.children.push(item);
    open.push({ level, indent: entry.indent, item });
  }
  return root;
}
