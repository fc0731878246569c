// Small combinators that read a YAML node into a typed value, recording positioned messages.
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import didYouMean from 'didyoumean2';
import { location } from 'vfile-location';
import type { YamlSource } from '../load/yaml-source.js';
import { parseInstant } from './instant.js';
import { CONTROL, LIMITS, codePoint } from './check-limits.js';
import { phrase, say, type Phrase } from '../i18n/say.js';
import type { Instant } from '../model.js';

/** Where a reader records what it finds wrong. */
export interface Context {
  source: YamlSource;
  /** Prefix of the rule ids, e.g. `frontmatter` or `config`. */
  rulePrefix: string;
  /**
   * Codes by what a person may write instead (a Korean or English label, a synonym), per value list:
   * `{category: {'보도자료': 'press-release'}}`. Only used to say which code was meant.
   */
  aliases?: Record<string, Map<string, string>>;
}

/** Reads one node; returns `undefined` after recording a message when the node is unusable. */
export type Reader<T> = (node: YamlNode, ctx: Context, label: string, rule: string) => T | undefined;

export function report(ctx: Context, node: YamlNode | null | undefined, reason: Phrase, rule: string, fatal = true) {
  return say(ctx.source.file, reason, { place: ctx.source.positionOf(node), ruleId: `${ctx.rulePrefix}-${rule}`, fatal });
}

/** What a node holds, for "got …". */
export function describe(node: YamlNode): Phrase {
  if (isMap(node)) return phrase('value.fields');
  if (isSeq(node)) return phrase('value.list');
  if (isScalar(node)) {
    if (node.value === null) return phrase('value.nothing');
    const type = ['string', 'number', 'boolean'].includes(typeof node.value) ? typeof node.value : 'other';
    return phrase('value.scalar', { value: String(node.value), type: phrase(`value.type.${type}`) });
  }
  return phrase('value.other');
}

/** The code `value` stands for when it is a label or synonym of one in `group` (`보도자료` → `press-release`). */
function aliasOf(ctx: Context, group: string, value: string): string | undefined {
  return ctx.aliases?.[group]?.get(normalise(value));
}

/** How labels are compared: case, spaces and the dot of `Press release.` do not matter. */
export function normalise(label: string): string {
  return label.normalize('NFC').toLowerCase().replace(/[\s·.]+/g, '');
}

/** A word or code (a category, a licence, a phone number): a comment may follow it on its line. */
export const word: Reader<string> = (node, ctx, label, rule) => {
  if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
    // Numbers keep their text as written: a phone number `0442026241` must not lose its zero.
    const value = (typeof node.value === 'number' && typeof node.source === 'string' ? node.source : String(node.value)).trim();
    if (value !== '') return fits(value, node, ctx, label) ? value : undefined;
  }
  report(ctx, node, isSeq(node) || isMap(node)
    ? phrase('schema.notTextBrackets', { label, got: describe(node), field: label.replace(/\[\d+\]$/, '') })
    : phrase('schema.notText', { label, got: describe(node) }), rule);
  return undefined;
};

/**
 * Text that pages, feeds and PDF metadata can carry: no control characters (placed at the character
 * when it is written as itself, at the value when it is written as an escape like `\x01`), and not
 * longer than any field needs.
 */
function fits(value: string, node: YamlNode, ctx: Context, label: string): boolean {
  const control = CONTROL.exec(value);
  if (control) {
    const message = report(ctx, node, phrase('schema.controlCharacter', { label, char: codePoint(control[0]) }), 'control-character');
    const start = ctx.source.positionOf(node)?.start;
    if (start?.offset !== undefined && node.range) {
      const written = String(ctx.source.file.value).slice(start.offset, start.offset + node.range[1] - node.range[0]);
      const index = written.search(CONTROL);
      if (index >= 0) {
        const point = location(ctx.source.file).toPoint(start.offset + index);
        if (point) Object.assign(message, { place: point, line: point.line, column: point.column });
      }
    }
    return false;
  }
  if (value.length > LIMITS.textChars) {
    report(ctx, node, phrase('schema.tooLong', { label, length: value.length.toLocaleString('en'), most: LIMITS.textChars.toLocaleString('en') }), 'length');
    return false;
  }
  return true;
}

/**
 * Prose (a title, a name, a note). YAML reads ` #` as the start of a comment, so an unquoted
 * `title: 포용 주간 #1 개최` would publish as "포용 주간" without a word said: report it.
 */
export const text: Reader<string> = (node, ctx, label, rule) => {
  const value = word(node, ctx, label, rule);
  if (value !== undefined && isScalar(node) && node.type === 'PLAIN' && node.comment !== undefined) {
    report(ctx, node, phrase('schema.comment', { label, comment: String(node.comment), value }), rule);
    return undefined;
  }
  return value;
};

// Every bad time is a `frontmatter-date` problem, whichever field holds it.
export const instant: Reader<Instant> = (node, ctx, label) => {
  if (!isScalar(node) || typeof node.value !== 'string') {
    report(ctx, node, phrase('schema.notInstant', { label, got: describe(node) }), 'date');
    return undefined;
  }
  const result = parseInstant(node.value.trim());
  if (result.ok) return result.value;
  report(ctx, node, phrase('schema.badInstant', { label, problem: result.phrase }), 'date');
  return undefined;
};

/** Text that must match `pattern`; `example` shows a PR officer what to write. */
export function matching(pattern: RegExp, what: Phrase, example: string): Reader<string> {
  return (node, ctx, label, rule) => {
    const value = word(node, ctx, label, rule);
    if (value === undefined) return undefined;
    if (pattern.test(value)) return value;
    report(ctx, node, phrase('schema.notMatching', { label, value, what, example }), rule);
    return undefined;
  };
}

/** One of `values`; `aliases` names the group of labels in `ctx.aliases` that may stand for them. */
export function oneOf<T extends string>(values: readonly T[], what: Phrase, aliases?: string): Reader<T> {
  return (node, ctx, label, rule) => {
    const value = word(node, ctx, label, rule);
    if (value === undefined) return undefined;
    if ((values as readonly string[]).includes(value)) return value as T;
    const meant = aliases ? aliasOf(ctx, aliases, value) : undefined;
    const guess = meant && (values as readonly string[]).includes(meant) ? undefined : didYouMean(value, [...values]);
    const hint = meant && (values as readonly string[]).includes(meant) ? phrase('hint.useCode', { code: meant, label: value })
      : guess ? phrase('hint.didYouMean', { guess })
        : phrase('hint.useOneOf', { list: codes(values) });
    report(ctx, node, phrase('schema.notOneOf', { label, value, what, hint }), rule);
    return undefined;
  };
}

/**
 * A list of items; a single item written without a list is accepted as a list of one. Items that
 * cannot be read are reported and left out.
 */
export function list<T>(item: Reader<T>): Reader<T[]> {
  return (node, ctx, label, rule) => {
    const items = isSeq(node) ? (node.items as YamlNode[]) : [node];
    const out: T[] = [];
    let ok = true;
    items.forEach((child, index) => {
      const value = item(child, ctx, isSeq(node) ? `${label}[${index + 1}]` : label, rule);
      if (value === undefined) ok = false;
      else out.push(value);
    });
    // Keep what could be read, so later checks (attachments, translations) still run and report.
    return ok || out.length > 0 ? out : undefined;
  };
}

export interface FieldSpec<T> {
  read: Reader<T>;
  required?: boolean;
  /** Rule id suffix for problems with this field. Default: the field name. */
  rule?: string;
}

export type Fields<T> = { [K in keyof T]-?: FieldSpec<NonNullable<T[K]>> };

/**
 * Read a map whose keys are listed in `fields`. Unknown keys get a "did you mean"; missing required
 * keys are reported at `at` (the map itself, or the node that should hold it).
 */
/** `a`, `b`, `c`: codes are the same in every language. */
export function codes(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(', ');
}

export function record<T extends object>(fields: Fields<T>, what: Phrase): Reader<T> {
  const names = Object.keys(fields);
  return (node, ctx, label, rule) => {
    if (!isMap(node)) {
      report(ctx, node, phrase('schema.notRecord', { label, what, got: describe(node) }), rule);
      return undefined;
    }
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    // Fields a misspelt or translated key was already taken for: one mistake, one message.
    const meantFor = new Set<string>();
    for (const pair of node.items as Pair<YamlNode, YamlNode | null>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const spec = (fields as Record<string, FieldSpec<unknown>>)[key];
      const prefix = label ? `${label}.` : '';
      if (!spec) {
        const meant = aliasOf(ctx, 'field', key);
        const guess = meant && names.includes(meant) ? undefined : didYouMean(key, names);
        const named = meant && names.includes(meant) ? meant : guess;
        if (named) meantFor.add(named);
        const hint = meant && names.includes(meant) ? phrase('hint.useField', { field: meant, label: key })
          : guess ? phrase('hint.didYouMean', { guess })
            : phrase('hint.removeOrUse', { list: codes(names) });
        report(ctx, pair.key, phrase('schema.unknownField', { field: `${prefix}${key}`, what, hint }), 'unknown-field');
        continue;
      }
      seen.add(key);
      const value = pair.value;
      if (value === null || (isScalar(value) && (value.value === null || value.value === ''))) {
        if (spec.required) {
          report(ctx, pair.key, phrase('schema.empty', { field: `${prefix}${key}` }), 'required');
        }
        continue;
      }
      const result = spec.read(value, ctx, `${prefix}${key}`, spec.rule ?? key);
      if (result !== undefined) out[key] = result;
    }
    for (const [key, spec] of Object.entries(fields as Record<string, FieldSpec<unknown>>)) {
      if (spec.required && !seen.has(key) && !meantFor.has(key)) {
        const prefix = label ? `${label}.` : '';
        const start = ctx.source.positionOf(node)?.start;
        say(ctx.source.file, phrase('schema.missing', { field: `${prefix}${key}`, key, what }), {
          place: start, ruleId: `${ctx.rulePrefix}-required`, fatal: true,
        });
      }
    }
    // What could be read is returned even after a problem, so that later checks still run and report
    // in the same pass. The file then holds a fatal message: callers must not publish it.
    return out as T;
  };
}
