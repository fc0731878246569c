// Prints the messages on files for a person at a terminal, in their language, vfile-reporter's layout.
import type { VFile } from 'vfile';
import type { Locale } from '../model.js';
import { reasonIn, sayIn } from './say.js';

export interface ReportOptions {
  locale: Locale;
  color?: boolean;
  /** Escapes what came from the sources (see cli.ts `printable`). */
  clean?: (text: string) => string;
  /** Which messages to print (default: all); the counts at the end are of those printed. */
  keep?: (file: VFile, message: VFile['messages'][number]) => boolean;
}

function position(m: VFile['messages'][number]): string {
  const place = m.place;
  if (!place) return m.line ? `${m.line}:${m.column ?? 1}` : '1:1';
  if ('start' in place) return `${place.start.line}:${place.start.column}-${place.end.line}:${place.end.column}`;
  return `${place.line}:${place.column}`;
}

/**
 * `path` then one line per message: `  line:column  error  reason  rule-id`, and a count at the
 * end; `''` when there is nothing to say.
 */
export function formatReport(files: readonly VFile[], options: ReportOptions): string {
  const say = sayIn(options.locale);
  const clean = options.clean ?? ((text: string) => text);
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[39m` : text);
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const file of files) {
    const messages = options.keep ? file.messages.filter((m) => options.keep!(file, m)) : file.messages;
    if (messages.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(options.color ? `\u001b[4m${clean(file.path)}\u001b[24m` : clean(file.path));
    // By position, as a person reads the file (and as the JSON report lists them); messages are made check by check.
    const sorted = [...messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    const rows = sorted.map((m) => {
      const severity = m.fatal ? 'error' : m.fatal === false ? 'warning' : 'info';
      counts[severity]++;
      return { at: position(m), severity, reason: clean(reasonIn(m, options.locale)), rule: m.ruleId ? clean(m.ruleId) : '' };
    });
    const atWidth = Math.max(...rows.map((r) => r.at.length));
    const words = { error: say('cli.report.severity.error'), warning: say('cli.report.severity.warning'), info: say('cli.report.severity.info') };
    const wordWidth = Math.max(...rows.map((r) => words[r.severity as keyof typeof words].length));
    for (const row of rows) {
      const severity = row.severity as keyof typeof words;
      const word = words[severity].padEnd(wordWidth);
      lines.push(`  ${row.at.padEnd(atWidth)}  ${paint(severity === 'error' ? 31 : 33, word)}  ${row.reason}${row.rule ? `  ${row.rule}` : ''}`);
    }
  }
  if (lines.length === 0) return '';
  const total: string[] = [];
  if (counts.error > 0) total.push(paint(31, `✖ ${say('cli.report.error', { count: counts.error })}`));
  if (counts.warning > 0) total.push(paint(33, `⚠ ${say('cli.report.warning', { count: counts.warning })}`));
  if (counts.info > 0) total.push(say('cli.report.info', { count: counts.info }));
  return `${lines.join('\n')}\n\n${total.join('\n')}`;
}
