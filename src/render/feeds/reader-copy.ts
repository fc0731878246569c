// A copy of an HTML tree as feed readers get it: every URL absolute, what only a page's assistive technology uses left out.
import type { Element, ElementContent, Properties } from 'hast';

/** The URL-valued properties rehype-sanitize's schema lets through (no srcset, poster or style). */
const URL_PROPERTIES = new Set(['href', 'src', 'cite', 'longDesc', 'action']);

/** Classes of text that pages show to screen readers only (link hints such as "(외부 링크)"). */
const SCREEN_READER_ONLY = new Set(['visually-hidden', 'sr-only']);

/**
 * `nodes` copied for a feed item whose page is `base`. Elements are copied, text is shared: the
 * page's tree is the same compiled body and keeps its relative URLs and ARIA.
 *
 * URLs are resolved against the page: feed readers resolve relative URLs against the feed, or not
 * at all, so `files/x.pdf` and `#fn-1` would point at nothing. A value that is not a URL at all is
 * dropped rather than passed on.
 *
 * ARIA, `role` and `tabindex` go: readers sanitise feed HTML with an allow-list that has none of
 * them, and the W3C feed validator warns about each one ("should not contain aria-label
 * attribute"). Readers drop the classes as well, so screen-reader-only text would show in the
 * middle of a sentence: it goes, with its element. `data-*` attributes are on both allow-lists and stay.
 */
export function readerCopy(nodes: readonly ElementContent[], base: string): ElementContent[] {
  const out: ElementContent[] = [];
  for (const node of nodes) {
    if (node.type !== 'element') {
      out.push(node);
      continue;
    }
    const classes = node.properties.className;
    if (Array.isArray(classes) && classes.some((c) => SCREEN_READER_ONLY.has(String(c)))) continue;
    const copy: Element = { type: 'element', tagName: node.tagName, properties: readerProperties(node.properties, base), children: readerCopy(node.children, base) };
    // A `<template>`'s content is inert, and was never walked: shared as it is.
    if (node.content) copy.content = node.content;
    out.push(copy);
  }
  return out;
}

function readerProperties(properties: Properties, base: string): Properties {
  const out: Properties = {};
  for (const name of Object.keys(properties)) {
    if (name === 'role' || name === 'tabIndex' || /^aria[A-Z]/.test(name)) continue;
    const value = properties[name];
    if (typeof value === 'string' && URL_PROPERTIES.has(name)) {
      const absolute = resolve(value, base);
      if (absolute !== undefined) out[name] = absolute;
    } else {
      out[name] = value;
    }
  }
  return out;
}

function resolve(value: string, base: string): string | undefined {
  try {
    return new URL(value, base).href;
  } catch {
    return undefined;
  }
}
