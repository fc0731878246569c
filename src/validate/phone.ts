// The one rule for phone numbers in contacts: what ministries print, and the digits a `tel:` link dials.

/**
 * Digit groups joined by one `-`, `.` or space, or by `)` after an area code (`02)2110-1234`,
 * `(02) 2110-1234`), with a leading `+` for a country code.
 */
const DIAL = /^\+?(?:\(\d+\) ?)?\d+(?:(?:[-. ]|\) ?)\d+)*$/;

/** `(내선 5)`, `(ext. 5)`, `내선 5`, `, ext 5`, `x5`: an extension is said after the number, never dialled. */
const EXTENSION = /\s*(?:\(\s*(?:내선|구내|ext\.?|extension)\s*[.:]?\s*\d{1,6}\s*\)|,?\s+(?:내선|구내|ext\.?|extension|x)\s*[.:]?\s*\d{1,6})$/i;

/** Fewer is not a number anyone can call (`1588-1234` has 8); more is longer than E.164 allows. */
export const PHONE_DIGITS = { least: 8, most: 15 } as const;

/** The number to dial and the extension written after it, when `text` is a phone number. */
export function parsePhone(text: string): { dial: string; extension?: string } | undefined {
  const value = text.trim();
  const extension = EXTENSION.exec(value);
  const dial = extension ? value.slice(0, extension.index) : value;
  if (!DIAL.test(dial)) return undefined;
  const digits = dial.replace(/\D/g, '').length;
  if (digits < PHONE_DIGITS.least || digits > PHONE_DIGITS.most) return undefined;
  return extension ? { dial, extension: extension[0].trim() } : { dial };
}

/** What a `tel:` link carries: the `+` and the digits of the number, without its extension. */
export function dialable(phone: string): string {
  const dial = parsePhone(phone)?.dial ?? phone;
  return `${dial.trim().startsWith('+') ? '+' : ''}${dial.replace(/\D/g, '')}`;
}
