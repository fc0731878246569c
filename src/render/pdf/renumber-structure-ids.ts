// Renames the structure element ids Chromium writes into tagged PDFs, so that they stop depending on the run.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFStream, PDFString, type PDFObject } from 'pdf-lib';

const STRUCTURE_ID = /^node\d+$/;
const ID = PDFName.of('ID');
const HEADERS = PDFName.of('Headers');
const NAMES = PDFName.of('Names');
const KIDS = PDFName.of('Kids');
const LIMITS = PDFName.of('Limits');

function textOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

/**
 * Chromium names tagged elements that others refer to (table header cells, for `/Headers`) after
 * its DOM node counter, `node00000443`, and that counter depends on what the renderer did before.
 * The ids are renamed `node00000001`, `node00000002`, … in the order of the elements' object
 * numbers, which follows the document; references and the structure tree's `/IDTree` follow.
 */
export function renumberStructureIds(document: PDFDocument): void {
  const { context } = document;
  const objects = context.enumerateIndirectObjects().sort(([a], [b]) => a.objectNumber - b.objectNumber);
  const renamed = new Map<string, string>();
  for (const [, object] of objects) {
    const id = object instanceof PDFDict && object.has(PDFName.of('S')) ? textOf(object.get(ID)) : undefined;
    if (id && STRUCTURE_ID.test(id) && !renamed.has(id)) {
      renamed.set(id, `node${String(renamed.size + 1).padStart(id.length - 'node'.length, '0')}`);
    }
  }
  if (renamed.size === 0) return;
  const rename = (value: PDFObject | undefined): PDFString | undefined => {
    const text = textOf(value);
    return text !== undefined && renamed.has(text) ? PDFString.of(renamed.get(text)!) : undefined;
  };

  // Element ids and every /Headers reference, wherever they sit (attributes may be direct objects).
  const seen = new Set<PDFObject>();
  const walk = (value: PDFObject | undefined): void => {
    if (!value || seen.has(value)) return;
    seen.add(value);
    const dict = value instanceof PDFDict ? value : value instanceof PDFStream ? value.dict : undefined;
    if (dict) {
      const id = rename(dict.get(ID));
      if (id) dict.set(ID, id);
      const headers = dict.get(HEADERS);
      if (headers instanceof PDFArray) {
        headers.asArray().forEach((item, index) => {
          const replacement = rename(item);
          if (replacement) headers.set(index, replacement);
        });
      }
      for (const [, child] of dict.entries()) walk(child);
    } else if (value instanceof PDFArray) {
      for (const item of value.asArray()) walk(item);
    }
  };
  for (const [, object] of objects) walk(object);

  // The /IDTree is a name tree: its keys must stay sorted across its leaves, with /Limits to match.
  const root = document.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const tree = root?.lookupMaybe(PDFName.of('IDTree'), PDFDict);
  if (tree) rebuildNameTree(tree, rename);
}

function rebuildNameTree(tree: PDFDict, rename: (value: PDFObject | undefined) => PDFString | undefined): void {
  const leaves: PDFDict[] = [];
  const collect = (node: PDFDict): void => {
    if (node.get(NAMES) instanceof PDFArray) leaves.push(node);
    const kids = node.lookupMaybe(KIDS, PDFArray);
    for (const kid of kids?.asArray() ?? []) {
      const child = kid instanceof PDFRef ? node.context.lookup(kid) : kid;
      if (child instanceof PDFDict) collect(child);
    }
  };
  collect(tree);
  const pairs: Array<[string, PDFObject]> = [];
  const counts = leaves.map((leaf) => {
    const names = leaf.get(NAMES) as PDFArray;
    for (let i = 0; i + 1 < names.size(); i += 2) {
      const key = names.get(i);
      pairs.push([textOf(rename(key)) ?? textOf(key) ?? '', names.get(i + 1)]);
    }
    return Math.floor(names.size() / 2);
  });
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let next = 0;
  leaves.forEach((leaf, index) => {
    const mine = pairs.slice(next, next + counts[index]!);
    next += counts[index]!;
    leaf.set(NAMES, leaf.context.obj(mine.flatMap(([key, value]) => [PDFString.of(key), value])));
    if (leaf.has(LIMITS) && mine.length > 0) leaf.set(LIMITS, leaf.context.obj([PDFString.of(mine[0]![0]), PDFString.of(mine.at(-1)![0])]));
  });
  fixLimits(tree);
}

/** Recompute /Limits of the tree's inner nodes from their kids; returns the node's [first, last]. */
function fixLimits(node: PDFDict): [string, string] | undefined {
  const names = node.get(NAMES);
  if (names instanceof PDFArray) {
    const first = textOf(names.get(0));
    const last = textOf(names.get(names.size() - 2));
    return first !== undefined && last !== undefined ? [first, last] : undefined;
  }
  const ranges = (node.lookupMaybe(KIDS, PDFArray)?.asArray() ?? [])
    .map((kid) => (kid instanceof PDFRef ? node.context.lookup(kid) : kid))
    .filter((kid): kid is PDFDict => kid instanceof PDFDict)
    .map((kid) => fixLimits(kid))
    .filter((range): range is [string, string] => range !== undefined);
  if (ranges.length === 0) return undefined;
  const range: [string, string] = [ranges[0]![0], ranges.at(-1)![1]];
  if (node.has(LIMITS)) node.set(LIMITS, node.context.obj([PDFString.of(range[0]), PDFString.of(range[1])]));
  return range;
}
