// commander's own error lines (unknown option, missing argument, …) in the reader's language, "did you mean" included.
import type { Locale } from '../model.js';
import { phrase, render, type Phrase } from './say.js';

/**
 * commander (v14) writes each error as `error: …`, then its suggestion on a line of its own. These
 * shapes are its text: matched here, they are said from the catalogs; any other keeps its wording
 * after a translated "error:".
 */
const SHAPES: Array<[RegExp, (m: RegExpExecArray) => Phrase]> = [
  [/^error: unknown option '(.+)'$/, (m) => phrase('commander.unknownOption', { option: m[1]! })],
  [/^error: unknown command '(.+)'$/, (m) => phrase('commander.unknownCommand', { command: m[1]! })],
  [/^error: missing required argument '(.+)'$/, (m) => phrase('commander.missingArgument', { argument: m[1]! })],
  [/^error: option '(.+)' argument missing$/, (m) => phrase('commander.optionMissingArgument', { option: m[1]! })],
  [/^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    (m) => phrase('commander.excessArguments', { command: m[1] ?? 'gongbo', count: Number(m[2]), got: m[3]! })],
  [/^error: option '(.+)' argument '(.*)' is invalid\. Allowed choices are (.+)\.$/s,
    (m) => phrase('commander.invalidChoice', { option: m[1]!, value: m[2]!, list: m[3]! })],
  // The rest is gongbo's own message (an InvalidArgumentError of cli.ts), already in the reader's language.
  [/^error: option '(.+)' argument '(.*)' is invalid\. (.+)$/s, (m) => phrase('commander.invalidOption', { option: m[1]!, value: m[2]!, problem: m[3]! })],
  [/^error: command-argument value '(.*)' is invalid for argument '(.+)'\. (.+)$/s,
    (m) => phrase('commander.invalidArgument', { value: m[1]!, argument: m[2]!, problem: m[3]! })],
];

const SUGGESTION = /\n\(Did you mean (one of )?(.+)\?\)$/;

/** `text`, one error as commander writes it, in `locale`; ends with a newline as commander's does. */
export function commanderError(text: string, locale: Locale): string {
  let body = text.replace(/\n$/, '');
  let hint = '';
  const suggestion = SUGGESTION.exec(body);
  if (suggestion) {
    body = body.slice(0, suggestion.index);
    hint = `\n${render(phrase(suggestion[1] ? 'commander.didYouMeanOneOf' : 'commander.didYouMean', { guess: suggestion[2]! }), locale)}`;
  }
  for (const [shape, said] of SHAPES) {
    const match = shape.exec(body);
    if (match) return `${render(said(match), locale)}${hint}\n`;
  }
  return `${render(phrase('commander.other', { message: body.replace(/^error: /, '') }), locale)}${hint}\n`;
}
