// commander's notes after an option's description (`(default: "dist")`) in the reader's language.
import type { Argument, Option } from 'commander';
import type { Locale } from '../model.js';
import { phrase, render } from './say.js';

/**
 * What commander (v14) adds after a description: choices, then a default it would show. Its
 * `Help.optionDescription` spells them in English; the same rules are applied here with catalog
 * words, for options and arguments alike. (Presets and environment variables, which gongbo does
 * not use, are left out.)
 */
function described(description: string, notes: string[]): string {
  if (notes.length === 0) return description;
  const extra = `(${notes.join(', ')})`;
  return description ? `${description} ${extra}` : extra;
}

function choicesNote(choices: readonly string[] | undefined, locale: Locale): string[] {
  return choices ? [render(phrase('cli.help.choices', { list: choices.map((c) => JSON.stringify(c)).join(', ') }), locale)] : [];
}

function defaultNote(value: unknown, description: string | undefined, locale: Locale): string {
  return render(phrase('cli.help.default', { value: description || JSON.stringify(value) }), locale);
}

/** `option`'s help text in `locale`: a `configureHelp({ optionDescription })` for every command. */
export function optionDescription(option: Option, locale: Locale): string {
  const notes = choicesNote(option.argChoices, locale);
  // As commander: a flag's default (`--no-pdf` is true) is for programmers, not shown.
  const shown = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
  if (option.defaultValue !== undefined && shown) notes.push(defaultNote(option.defaultValue, option.defaultValueDescription, locale));
  return described(option.description, notes);
}

/** `argument`'s help text in `locale`. */
export function argumentDescription(argument: Argument, locale: Locale): string {
  const notes = choicesNote(argument.argChoices, locale);
  if (argument.defaultValue !== undefined) notes.push(defaultNote(argument.defaultValue, argument.defaultValueDescription, locale));
  return described(argument.description, notes);
}
