// Subtitle lines as one piece of prose (descriptions, summaries, the PDF's subject).

/**
 * Ends a line as a sentence: the lines of a subtitle are written as separate bullet points, often
 * without a final period ("… 추진"), and joined bare they read as one run-on sentence. Closing
 * quotes and brackets after the punctuation count (`…했다."`), as do full-width marks and `…`.
 */
const SENTENCE_END = /[.!?。．！？…](?:["'”’)\]）」』〉》]*)$/u;

/** Joins lines with a space, adding a period to each line that does not already end a sentence. */
export function joinSentences(lines: readonly string[]): string {
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => (SENTENCE_END.test(line) ? line : `${line}.`))
    .join(' ');
}
