// Limits on a notice's size and shape, checked before anything recursive reads it: Markdown and
// HTML libraries recurse once per nesting level, and the Markdown parser is quadratic on some shapes.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import { gfmOptions } from '../transform/gfm-options.js';
import { remarkGfmLazyAutolinks } from '../transform/remark-gfm-lazy-autolinks.js';
import { location } from 'vfile-location';
import type { Nodes, Root } from 'mdast';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { phrase, say, type Phrase } from '../i18n/say.js';

/**
 * The documented limits. Each is far above what a press release needs and far below where a stage
 * fails: the shallowest recursion (the page's copy of the body) overflows near 1,200 levels, and
 * Chromium flattens HTML nested deeper than 512 elements.
 */
export const LIMITS = {
  /** UTF-8 bytes of a language file's text after the front matter. */
  bodyBytes: 1024 * 1024,
  /** UTF-8 bytes of the front matter. */
  frontMatterBytes: 64 * 1024,
  /** Levels of lists, quotes, emphasis, links and HTML elements inside one another. */
  nesting: 100,
  /** `[`, `{` and `-` levels inside one another in the front matter (the fields need 3). */
  frontMatterNesting: 20,
  /** List items that close a sub-list or quote of the item before (each costs the parser a pass over the text). */
  sublists: 500,
  /**
   * Lines with text. The parser's time and memory grow with the blocks of the text more than with
   * its size: 120,000 one-word paragraphs (1 MB) take 1.3 GB to parse, 1 MiB of prose 115 MB.
   */
  lines: 10_000,
  /** Characters of the title. */
  titleChars: 300,
  /** Characters of any other front-matter text. */
  textChars: 2000,
  /** Tags of one notice. */
  tags: 50,
} as const;

/**
 * Characters no text may hold: C0 controls but tab, line feed and carriage return; DEL; C1;
 * lone surrogates; and the noncharacters U+FFFE and U+FFFF. XML (feeds, PDF metadata) cannot carry
 * them, and a reader sees nothing where they are.
 */
export const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `\u0001`: how a message names an invisible character. */
export function codePoint(char: string): string {
  return `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm, gfmOptions).use(remarkGfmLazyAutolinks);

/** The Markdown tree of `file`, as the build reads it before compiling (checkBody parses only within the limits). */
export function parseBody(file: VFile): Root {
  return parser.parse(file) as Root;
}

function fail(file: VFile, reason: Phrase, place: Point | undefined, ruleId: string): false {
  say(file, reason, { place, ruleId, fatal: true });
  return false;
}

/**
 * The body (the text from `offset` on): its size, control characters, and nesting, first line by
 * line, then in the parsed tree with raw HTML's elements counted. Returns the parsed tree when every
 * limit holds, so that nothing parses a body that breaks one.
 */
export function checkBody(file: VFile, offset: number): Root | undefined {
  const text = String(file.value);
  const place = location(file);
  const at = (index: number) => place.toPoint(index);
  const bytes = Buffer.byteLength(text, 'utf8') - Buffer.byteLength(text.slice(0, offset), 'utf8');
  if (bytes > LIMITS.bodyBytes) {
    fail(file, phrase('limits.bodySize', { size: kib(bytes), most: kib(LIMITS.bodyBytes) }), at(offset), 'body-size');
    return undefined;
  }
  let ok = true;
  const control = new RegExp(CONTROL.source, 'g');
  control.lastIndex = offset;
  for (let match = control.exec(text), count = 0; match && count < 10; match = control.exec(text), count++) {
    ok = fail(file, phrase('limits.bodyControl', { char: codePoint(match[0]) }), at(match.index), 'body-control-character');
  }
  if (!scanLines(file, text, offset, at)) return undefined;
  const tree = parseBody(file);
  return checkTreeDepth(file, tree) && ok ? tree : undefined;
}

function kib(bytes: number): string {
  return `${Math.ceil(bytes / 1024).toLocaleString('en')} KiB`;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const MARKER = /[ \t]*(>|[-+*](?=[ \t\r\n]|$)|\d{1,9}[.)](?=[ \t\r\n]|$))/y;

/**
 * Before parsing, since the parser takes time quadratic in the nesting of one line's containers
 * and in the sub-lists a list closes. A line's level is its `>` and list markers plus half its
 * indentation (a sub-list is indented at least two columns): never less than the parser's nesting.
 */
function scanLines(file: VFile, text: string, offset: number, at: (i: number) => Point | undefined): boolean {
  let fence: string | undefined;
  let previous = 0;
  let closings = 0;
  let lines = 0;
  for (let start = offset; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    MARKER.lastIndex = start;
    let level = 0;
    let quotes = 0;
    let firstItem: number | undefined;
    let rest = start;
    const indent = columns(text, start, end);
    for (let match = MARKER.exec(text); match && MARKER.lastIndex <= end; match = MARKER.exec(text)) {
      level += 1;
      if (match[1] === '>') quotes += 1;
      else firstItem ??= quotes + 1;
      rest = MARKER.lastIndex;
      if (level + Math.floor(indent / 2) > LIMITS.nesting) {
        return fail(file, phrase('limits.listNesting', { most: LIMITS.nesting }), at(rest - 1), 'body-nesting');
      }
    }
    const line = text.slice(rest, end).replace(/^[ \t]+/, '');
    if (line.trim() !== '' && ++lines > LIMITS.lines) {
      return fail(file, phrase('limits.lines', { most: LIMITS.lines.toLocaleString('en') }), at(start), 'body-lines');
    }
    const fenceMark = FENCE.exec(line)?.[1];
    if (fence) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
    } else if (fenceMark) {
      fence = fenceMark;
    } else if (level > 0) {
      const total = level + Math.floor(indent / 2);
      if (firstItem !== undefined && firstItem + Math.floor(indent / 2) < previous && ++closings > LIMITS.sublists) {
        return fail(file, phrase('limits.sublists', { nth: LIMITS.sublists + 1, most: LIMITS.sublists }), at(start), 'body-sublists');
      }
      previous = total;
    }
    start = end + 1;
  }
  return true;
}

/** Leading columns of the line at `start` (a tab reaches the next multiple of 4). */
function columns(text: string, start: number, end: number): number {
  let width = 0;
  for (let i = start; i < end; i++) {
    if (text[i] === ' ') width += 1;
    else if (text[i] === '\t') width += 4 - (width % 4);
    else break;
  }
  return width;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// `[^<>]*`, not `.*?>`: a tag left open stops at the next `<`, so the scan stays linear.
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[\s/][^<>]*)?>/g;

/**
 * The parsed tree's depth, walked with a stack (the walk itself must not recurse). Raw HTML is
 * text in this tree: its elements are counted in document order, each open tag one level until
 * its closing tag (an unclosed tag stays counted, which can only overstate the depth).
 */
function checkTreeDepth(file: VFile, tree: Root): boolean {
  let open = 0;
  const stack: Array<[Nodes, number]> = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node.type === 'html') {
      let deepest = open;
      for (const match of node.value.matchAll(TAG)) {
        const name = match[2]!.toLowerCase();
        if (match[1]) open = Math.max(0, open - 1);
        else if (!VOID.has(name) && !match[0].endsWith('/>')) deepest = Math.max(deepest, ++open);
      }
      if (depth + deepest > LIMITS.nesting) {
        return fail(file, phrase('limits.htmlNesting', { most: LIMITS.nesting }), node.position?.start, 'body-nesting');
      }
    }
    if (depth + open > LIMITS.nesting) {
      return fail(file, phrase('limits.treeNesting', { most: LIMITS.nesting }), node.position?.start, 'body-nesting');
    }
    if ('children' in node) {
      // Reversed onto the stack, so children are visited in document order (HTML tags pair up).
      for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i] as Nodes, depth + 1]);
    }
  }
  return true;
}

/**
 * The front matter (`text`, at `offset` in the file) before YAML reads it: the YAML parser recurses
 * per nesting level and kills the process (not an exception) near 10,000 levels.
 */
export function checkFrontMatter(file: VFile, text: string, offset: number): boolean {
  const at = (index: number) => location(file).toPoint(offset + index);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LIMITS.frontMatterBytes) {
    return fail(file, phrase('limits.frontMatterSize', { size: kib(bytes), most: kib(LIMITS.frontMatterBytes) }), at(0), 'frontmatter-size');
  }
  let flow = 0;
  let dashes = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\n' || i === 0) {
      // Block sequences (`- - -`) nest too, one level per dash that starts the line.
      dashes = 0;
      for (let j = char === '\n' ? i + 1 : i; j < text.length && (text[j] === ' ' || text[j] === '-'); j++) if (text[j] === '-') dashes++;
    }
    if (char === '\n') {
      quote = undefined;
    } else if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"') i++;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline - 1;
    } else if (char === '[' || char === '{') {
      flow++;
    } else if (char === ']' || char === '}') {
      flow = Math.max(0, flow - 1);
    }
    if (flow + dashes > LIMITS.frontMatterNesting) {
      return fail(file, phrase('limits.frontMatterNesting', { most: LIMITS.frontMatterNesting }), at(i), 'frontmatter-nesting');
    }
  }
  return true;
}
