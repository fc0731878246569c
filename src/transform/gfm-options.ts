// How GitHub Flavored Markdown is read, the same when a body is validated and when it is compiled.
import type { Options } from 'remark-gfm';

export const gfmOptions: Options = {
  // Korean releases write ranges with a bare tilde (`2026~2028년`, `9~12월`): with single tildes as
  // strikethrough, two ranges in one line struck out the text between them, in the page and the PDF.
  // `~~this~~` still strikes.
  singleTilde: false,
};
