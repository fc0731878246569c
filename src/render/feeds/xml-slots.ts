// Lets text pass through the `feed` package as opaque placeholders, escaped by us once it has written.
import { cleanText } from './clean-text.js';

/**
 * `feed` (through xml-js) escapes text inconsistently, so hostile text cannot be handed to it:
 * - CDATA (item titles, descriptions, content): xml-js splits only the first `]]>`
 *   (`cdata.replace(']]>', …)`), so a second one ends the section early. `feed` gives no way to
 *   avoid CDATA (jpmonette/feed#166, closed without a change); no issue found upstream for the
 *   first-only split.
 * - attributes (Atom `category` `term`/`label`): `feed` escapes only `&` (jpmonette/feed#249), so
 *   `<` makes the document malformed; xml-js itself escapes only `"`.
 * - element text: xml-js turns `&amp;` back into `&` before escaping, so text that really says
 *   `&amp;` loses it (no issue found upstream).
 * Every string therefore reaches `feed` as a placeholder built from noncharacters (which
 * `cleanText` removes from all text, so nothing real can look like one), and `fill` replaces each
 * placeholder with its text escaped for the place it landed in: element text, attribute value, or a
 * whole CDATA section (written as escaped text instead, which means the same to every reader).
 */
export interface XmlSlots {
  /** A placeholder for `text` (cleaned of XML-illegal characters). */
  put(text: string): string;
  /** `xml` with every placeholder replaced; throws when one is left that this instance did not make. */
  fill(xml: string): string;
}

const OPEN = '\uFDD0';
const CLOSE = '\uFDD1';
const PLACEHOLDER = new RegExp(`<!\\[CDATA\\[${OPEN}(\\d+)${CLOSE}\\]\\]>|${OPEN}(\\d+)${CLOSE}`, 'g');

/**
 * Escape text for element content: `>` too, because `]]>` may not appear in character data. Hex
 * references rather than `&amp;`/`&lt;`: the RSS Best Practices Profile asks for them in plain-text
 * elements, and the W3C feed validator warns about `<` or `&` in an RSS title written otherwise.
 */
export function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&#x26;').replace(/</g, '&#x3C;').replace(/>/g, '&#x3E;').replace(/\r/g, '&#xD;');
}

/** Escape text for a double-quoted attribute; whitespace as references, which normalisation keeps. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&#x22;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;');
}

export function createXmlSlots(): XmlSlots {
  const values: string[] = [];
  return {
    put(text: string): string {
      values.push(cleanText(text));
      return `${OPEN}${values.length - 1}${CLOSE}`;
    },
    fill(xml: string): string {
      const filled = xml.replace(PLACEHOLDER, (match, cdataIndex: string | undefined, index: string | undefined, offset: number) => {
        const value = values[Number(cdataIndex ?? index)];
        if (value === undefined) throw new Error(`Unknown feed text placeholder at offset ${offset}`);
        if (cdataIndex !== undefined) return escapeXmlText(value);
        // Inside a tag when the nearest `<` before it is closer than the nearest `>`.
        const inTag = xml.lastIndexOf('<', offset) > xml.lastIndexOf('>', offset);
        return inTag ? escapeXmlAttribute(value) : escapeXmlText(value);
      });
      if (filled.includes(OPEN) || filled.includes(CLOSE)) {
        throw new Error('A feed text placeholder was split or wrapped by the `feed` package; its output format has changed');
      }
      return filled;
    },
  };
}
