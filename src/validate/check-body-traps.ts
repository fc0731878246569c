// Warns about what a notice's text says that the published page will not: a link or image whose
// address holds a space (CommonMark publishes it as text), HTML the sanitiser leaves out, addresses
// it removes, and images that are neither in `files/` nor on the web.
import { visit } from 'unist-util-visit';
import { location } from 'vfile-location';
import type { Root, Nodes } from 'mdast';
import type { Element } from 'hast';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { sanitizeSchema } from '../transform/markdown-to-hast.js';
import { phrase, say } from '../i18n/say.js';
import { bodyHtml } from './body-html.js';
import { eachElement } from '../transform/each-element.js';
import { isFilesLink } from '../load/asset-link.js';

/** `](` then an address with a space or tab before the closing `)`: cheap to test before any parse. */
const MAY_HAVE_SPACED_URL = /\]\([^)\n]*[ \t]/;
const MAY_HAVE_HTML = /<[a-z]/i;
/** An image, in Markdown or as a tag: its address must be a file of `files/` or a web address. */
const MAY_HAVE_IMAGE = /!\[|<img\b/i;
/**
 * An address with a scheme other than the ones every link may have, after `](`, `]:` or `<` (an
 * autolink, or `href=`/`src=` inside a tag): `javascript:`, `data:`, `file:`, `C:\…`.
 */
const MAY_HAVE_OTHER_SCHEME = /(?:\]\(|\]:|<|=["']?)[ \t]*<?(?!(?:https?|mailto|tel):)[a-z][a-z0-9+.-]*:/i;

/** Whether `checkBodyTraps` has anything to look at in `text` (else the parse is skipped). */
export function mayHaveBodyTraps(text: string): boolean {
  return MAY_HAVE_SPACED_URL.test(text) || MAY_HAVE_HTML.test(text) || MAY_HAVE_OTHER_SCHEME.test(text) || MAY_HAVE_IMAGE.test(text);
}

/** Run the checks on `file`'s parsed body. */
export function checkBodyTraps(file: VFile, tree: Root): void {
  const text = String(file.value);
  if (MAY_HAVE_SPACED_URL.test(text)) checkSpacedUrls(file, tree);
  if (MAY_HAVE_HTML.test(text)) checkDroppedHtml(file, tree);
  const schemes = MAY_HAVE_OTHER_SCHEME.test(text);
  const images = MAY_HAVE_IMAGE.test(text);
  if (schemes || images) {
    eachAddress(file, tree, (address) => {
      if (schemes) checkDroppedAddress(file, address);
      if (images && address.image) checkImageElsewhere(file, address);
    });
  }
}

/** An address the author wrote: where, and what it is for. */
interface Address {
  url: string;
  /** `href` of a link or definition, `src` of an image or another element. */
  attribute: 'href' | 'src';
  /** An image's (Markdown's `![…](…)` or an `<img>` tag). */
  image: boolean;
  place: Position | undefined;
}

/**
 * Every address of Markdown links, definitions and images, then those of tags written as HTML
 * (only elements the author wrote: Markdown's own links are elements there too).
 */
function eachAddress(file: VFile, tree: Root, each: (address: Address) => void): void {
  visit(tree, (node: Nodes) => {
    if (node.type === 'link' || node.type === 'definition') each({ url: node.url, attribute: 'href', image: false, place: node.position });
    else if (node.type === 'image') each({ url: node.url, attribute: 'src', image: true, place: node.position });
  });
  const text = String(file.value);
  if (!MAY_HAVE_HTML.test(text)) return;
  eachElement(bodyHtml(tree, file), (node) => {
    if (!node.position || text[node.position.start.offset!] !== '<') return;
    if (typeof node.properties.href === 'string') each({ url: node.properties.href, attribute: 'href', image: false, place: node.position });
    if (typeof node.properties.src === 'string') each({ url: node.properties.src, attribute: 'src', image: node.tagName === 'img', place: node.position });
  });
}

/** An address as a message quotes it: a `data:` address can be a whole picture, so only its start. */
function quoted(url: string): string {
  return url.length > 48 ? `${url.slice(0, 40)}…` : url;
}

/**
 * An image whose address is neither a web address nor a file of the notice's `files/` (`x.png`,
 * `../images/chart.png`, `/img/chart.png`): published as written, it shows as broken on the site
 * and on every mirror, which serve the page from other folders. Missing files under `files/` are the
 * link check's (an error).
 */
function checkImageElsewhere(file: VFile, { url, place }: Address): void {
  const address = url.trim();
  if (address === '' || schemeOf(address) !== undefined || address.startsWith('//') || isFilesLink(address)) return;
  say(file, phrase('traps.imageElsewhere', { url: quoted(address) }), { ...(place ? { place: place.start } : {}), ruleId: 'image-elsewhere' });
}

/**
 * The scheme of `url` when the sanitiser would read one (as hast-util-sanitize does: a colon
 * before any `/`, `?` or `#`), in lower case.
 */
function schemeOf(url: string): string | undefined {
  const colon = url.indexOf(':');
  if (colon <= 0) return undefined;
  const before = url.slice(0, colon);
  return /[/?#]/.test(before) ? undefined : before.trim().toLowerCase();
}

/** What the sanitiser keeps of an address in `attribute` (`href` or `src`): its allowed schemes. */
function keptSchemes(attribute: 'href' | 'src'): readonly string[] {
  return sanitizeSchema.protocols?.[attribute] ?? [];
}

/**
 * A link or image whose address the sanitiser removes (`javascript:`, `data:`, `file:`, a Windows
 * path): the page would show the text of a link that goes nowhere, or an empty image, and nothing
 * said why.
 */
function checkDroppedAddress(file: VFile, { url, attribute, place }: Address): void {
  const scheme = schemeOf(url);
  if (scheme === undefined || keptSchemes(attribute).includes(scheme)) return;
  say(file, phrase(attribute === 'src' ? 'traps.address.image' : 'traps.address.link', { url: quoted(url), scheme }), {
    ...(place ? { place: place.start } : {}), ruleId: 'address-dropped',
  });
}

/** Nodes whose text CommonMark has already read as something: a link in them is not a broken one. */
const OPAQUE = new Set(['inlineCode', 'code', 'html', 'math', 'inlineMath', 'yaml']);
const CONTAINERS = new Set(['paragraph', 'heading', 'tableCell']);

function checkSpacedUrls(file: VFile, tree: Root): void {
  const text = String(file.value);
  const place = location(file);
  visit(tree, (node: Nodes) => {
    if (!CONTAINERS.has(node.type) || !node.position) return;
    const start = node.position.start.offset!;
    const chars = text.slice(start, node.position.end.offset!).split('');
    // Code, raw HTML and links CommonMark did read are blanked out; a bare URL the autolink extension
    // found inside a broken link's address is not (`[자료](https://a.kr/b c.pdf)`).
    visit(node, (inner: Nodes) => {
      const { position } = inner;
      if (inner === node || !position) return;
      const written = text[position.start.offset!];
      const read = (inner.type === 'link' || inner.type === 'image') && (written === '[' || written === '!' || written === '<');
      if (OPAQUE.has(inner.type) || read || inner.type === 'linkReference' || inner.type === 'imageReference') {
        for (let i = position.start.offset! - start; i < position.end.offset! - start; i++) chars[i] = ' ';
      }
    });
    const source = chars.join('');
    for (const match of source.matchAll(/\]\(/g)) {
      const open = match.index;
      const address = destination(source, open + 2);
      if (!address || address.startsWith('<') || !/[ \t]/.test(address)) continue;
      const titled = /^(.*?)[ \t]+("[^"]*"|'[^']*')$/.exec(address);
      const url = (titled ? titled[1]! : address).trim();
      if (!/[ \t]/.test(url)) continue;
      const bracket = source.lastIndexOf('[', open);
      const image = bracket > 0 && source[bracket - 1] === '!';
      const label = bracket >= 0 && open - bracket <= 80 && !source.slice(bracket, open).includes('\n') ? source.slice(image ? bracket - 1 : bracket, open + 1) : ']';
      const fixed = `${label}(<${url}>${titled ? ` ${titled[2]}` : ''})`;
      const point = place.toPoint(start + open);
      say(file, phrase(image ? 'traps.urlSpace.image' : 'traps.urlSpace.link', { url, fixed }), {
        ...(point ? { place: point } : {}), ruleId: 'url-space',
      });
    }
  });
}

/** The address written from `from` to its closing `)` (parentheses inside it balanced), on one line. */
function destination(source: string, from: number): string | undefined {
  let depth = 0;
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === '\n') return undefined;
    if (c === '(') depth++;
    if (c === ')' && depth-- === 0) return source.slice(from, i);
  }
  return undefined;
}

/** Why an element is left out, by element: what to write instead. */
const HINTS: Record<string, string> = {
  iframe: 'embed', frame: 'embed', frameset: 'embed', object: 'embed', embed: 'embed', applet: 'embed',
  video: 'embed', audio: 'embed', canvas: 'embed', svg: 'embed',
  script: 'script', noscript: 'script',
  style: 'style', link: 'style', font: 'style', center: 'style',
  form: 'form', input: 'form', button: 'form', select: 'form', textarea: 'form', option: 'form',
  optgroup: 'form', label: 'form', fieldset: 'form', legend: 'form', datalist: 'form', output: 'form',
};

/**
 * Elements written as HTML in the text that the sanitiser leaves out, and the attributes it leaves
 * out that change what a reader sees or does (`style`, `on…` handlers). Each is said once per file,
 * where it first appears, with how often it does: pasted HTML repeats the same markup hundreds of times.
 */
function checkDroppedHtml(file: VFile, tree: Root): void {
  const text = String(file.value);
  const allowed = new Set(sanitizeSchema.tagNames ?? []);
  const found = new Map<string, { element: Element; attribute?: string; count: number }>();
  eachElement(bodyHtml(tree, file), (node) => {
    // Only what the author wrote as a tag: Markdown's own output (task-list checkboxes) is not theirs to change.
    if (!node.position || text[node.position.start.offset!] !== '<') return;
    const dropped: Array<[string, string | undefined]> = [];
    if (!allowed.has(node.tagName)) dropped.push([`<${node.tagName}>`, undefined]);
    else {
      for (const property of Object.keys(node.properties)) {
        if ((property === 'style' || /^on[A-Z]/.test(property)) && !attributeAllowed(node.tagName, property)) {
          dropped.push([`${property.toLowerCase()}=`, property.toLowerCase()]);
        }
      }
    }
    for (const [key, attribute] of dropped) {
      const seen = found.get(key);
      if (seen) seen.count++;
      else found.set(key, { element: node, ...(attribute ? { attribute } : {}), count: 1 });
    }
  });
  for (const { element, attribute, count } of found.values()) {
    const hint = phrase(`traps.html.hint.${attribute ? (attribute === 'style' ? 'style' : 'script') : (HINTS[element.tagName] ?? 'other')}`);
    const said = attribute
      ? phrase(count > 1 ? 'traps.html.attributeMany' : 'traps.html.attribute', { name: attribute, tag: element.tagName, ...(count > 1 ? { count } : {}), hint })
      : phrase(count > 1 ? 'traps.html.elementMany' : 'traps.html.element', { tag: element.tagName, ...(count > 1 ? { count } : {}), hint });
    say(file, said, { place: element.position!.start, ruleId: 'html-dropped' });
  }
}

function attributeAllowed(tag: string, property: string): boolean {
  const lists = [sanitizeSchema.attributes?.[tag] ?? [], sanitizeSchema.attributes?.['*'] ?? []];
  return lists.some((list) => list.some((entry) => (Array.isArray(entry) ? entry[0] : entry) === property));
}
