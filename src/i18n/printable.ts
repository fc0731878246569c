// Text from the sources made safe to print on a terminal.

/**
 * Folder names, unknown keys and quoted text come from the sources: an escape sequence in them
 * would drive the terminal (retitle it, hide lines). Shown as `\u001b`, like JSON shows it.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
