// Drops the characters that XML 1.0 forbids (or that readers choke on) from text bound for a feed.

/**
 * C0 controls other than tab, line feed and carriage return, and U+FFFE/U+FFFF, make an XML
 * document malformed; lone surrogates cannot be encoded as UTF-8 at all. C1 controls and the
 * noncharacters U+FDD0–U+FDEF are legal but "discouraged" by XML 1.0, and show as garbage in
 * readers; the noncharacters are also what `createXmlSlots` uses as delimiters, so text must never
 * carry them.
 */
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(text: string): string {
  return text.replace(ILLEGAL, '');
}
