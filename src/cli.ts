// The `gongbo` command: parses arguments, calls the library, prints reports, returns the exit code.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { reporter } from 'vfile-reporter';
import { VFile } from 'vfile';
import { buildSite, checkSite } from './build.js';
import { parseInstant } from './validate/instant.js';
import { gongboVersion } from './package-root.js';
import { createNotice } from './new/create-notice.js';
import { serveSite } from './serve/serve-site.js';
import { runPush } from './push/push-command.js';
import { runPublish } from './publish/publish-command.js';
import { findNextEmbargo, formatNextEmbargo, terminalLocale } from './publish/next-embargo.js';
import { createI18n } from './i18n/create-i18n.js';
import { reportPdfProgress } from './render/pdf/report-pdf-progress.js';
import { OutDirError } from './write/check-out-dir.js';
import { describeHolder, type LockHolder } from './write/lock-folder.js';
import { isLocale, type Locale, type Notice, type SiteConfig } from './model.js';

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, content: 1, usage: 2, failure: 3 } as const;

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

function parseNow(value: string): Date {
  const result = parseInstant(value);
  if (!result.ok) throw new InvalidArgumentError(`--now ${value}: ${result.problem}.`);
  return new Date(result.value.ms);
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) throw new InvalidArgumentError(`--wait ${value}: use a number of seconds, 0 or more.`);
  return seconds;
}

function parseLanguages(value: string): Locale[] {
  const languages = value.split(',').map((l) => l.trim()).filter(Boolean);
  const bad = languages.filter((l) => !isLocale(l));
  if (bad.length > 0 || languages.length === 0) throw new InvalidArgumentError(`--lang ${value}: use ko, en or ko,en.`);
  return [...new Set(languages)] as Locale[];
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function useColor(io: Io): boolean {
  return Boolean(io.stderr.isTTY) && io.env.NO_COLOR === undefined;
}

/**
 * Folder names, unknown keys and quoted text come from the sources: an escape sequence in them
 * would drive the terminal (retitle it, hide lines). Shown as `\u001b`, like JSON shows it.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function report(files: VFile[], io: Io, verbose = false): void {
  const withMessages = files.filter((f) => f.messages.length > 0);
  if (withMessages.length === 0) return;
  // The reporter's own colours are added after: only what came from the sources is escaped.
  const shown = withMessages.map((file) => {
    const copy = new VFile({ path: printable(file.path), cwd: file.cwd });
    copy.messages = file.messages.map((m) => {
      const message = Object.assign(Object.create(Object.getPrototypeOf(m) as object) as typeof m, m);
      message.reason = printable(m.reason);
      message.message = message.reason;
      if (m.ruleId) message.ruleId = printable(m.ruleId);
      return message;
    });
    return copy;
  });
  io.stderr.write(`${reporter(shown, { color: useColor(io), verbose })}\n`);
}

function jsonReport(files: VFile[]): string {
  const messages = files.flatMap((file) => file.messages.map((m) => ({
    file: file.path,
    line: m.line ?? null,
    column: m.column ?? null,
    endLine: m.place && 'end' in m.place ? m.place.end.line : null,
    endColumn: m.place && 'end' in m.place ? m.place.end.column : null,
    rule: m.ruleId ?? null,
    severity: m.fatal ? 'error' : m.fatal === false ? 'warning' : 'info',
    message: m.reason,
  }))).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return `${JSON.stringify(messages, null, 2)}\n`;
}

/** The line saying when the next embargo lifts as of `now`, in the terminal's language; `''` when none waits. */
function embargoLine(cwd: string, config: SiteConfig | undefined, notices: readonly Notice[], now: number, io: Io): string {
  const next = config && findNextEmbargo(notices, now);
  if (!next) return '';
  return `${formatNextEmbargo(next, config.site.timeZone, createI18n(path.resolve(cwd))[terminalLocale(io.env)])}\n`;
}

/** Print an infrastructure failure as a chain of causes, without a stack trace. */
function describeFailure(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    lines.push(depth === 0 ? `gongbo: ${message}` : `  because: ${message}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return `${printable(lines.join('\n'))}\n`;
}

/** Run the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const version = gongboVersion();
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name('gongbo')
    .description('Publish bilingual press releases as a website, PDFs and feeds with KOGL attribution.')
    .version(version, '-v, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(run `gongbo --help` for usage)');

  const cwdOption = () => new Option('--cwd <dir>', 'site folder (holding notices/ and gongbo.config.yaml)').default('.');
  const nowOption = () => new Option('--now <iso>', 'treat this time as now for embargoes, e.g. 2026-05-13T12:00:00+09:00').argParser(parseNow);

  program.command('build')
    .description('build the site into dist/ (HTML, PDFs, feeds)')
    .addOption(nowOption())
    .option('--out <dir>', 'output folder, relative to the site folder', 'dist')
    .addOption(cwdOption())
    .option('--no-pdf', 'skip PDFs (and social cards, which need the same Chromium)')
    .option('--no-cards', 'skip social cards (the og:image of each notice)')
    .option('--wait <seconds>', 'how long to wait for another gongbo writing the same output folder', parseSeconds, 30)
    .option('--verbose', 'print more detail')
    .option('--quiet', 'print only problems')
    .action(async (opts: { now?: Date; out: string; cwd: string; pdf: boolean; cards: boolean; wait: number; verbose?: boolean; quiet?: boolean }) => {
      const started = performance.now();
      const progress = opts.quiet ? undefined : reportPdfProgress(io.stderr);
      const cardProgress = opts.quiet ? undefined : reportPdfProgress(io.stderr, 'Social cards');
      let result;
      try {
        result = await buildSite({
          cwd: opts.cwd, out: opts.out, pdf: opts.pdf, lockWait: opts.wait * 1000, ...(opts.cards ? {} : { cards: false }),
          ...(opts.quiet ? {} : {
            onLockWait: (holder: LockHolder | undefined) => io.stderr.write(`Waiting up to ${opts.wait} s for ${holder ? describeHolder(holder) : 'another gongbo'} to finish writing ${opts.out}…\n`),
          }),
          ...(opts.now ? { now: opts.now } : {}),
          ...(progress ? { onPdfProgress: progress.onProgress } : {}),
          ...(cardProgress ? { onCardProgress: cardProgress.onProgress } : {}),
        });
      } finally {
        progress?.stop();
        cardProgress?.stop();
      }
      report(result.files, io, opts.verbose);
      if (!result.ok) {
        const shown = path.relative(process.cwd(), result.outDir) || '.';
        io.stderr.write(`Nothing was built: fix the errors above.${existsSync(result.outDir) ? ` ${shown} is unchanged.` : ''}\n`);
        exitCode = EXIT.content;
        return;
      }
      if (!opts.quiet) {
        const files = result.manifest?.files.length ?? 0;
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        io.stdout.write(`Built ${plural(result.published, 'notice')} (${files} files) into ${path.relative(process.cwd(), result.outDir) || '.'} in ${seconds} s.\n`);
        io.stdout.write(embargoLine(opts.cwd, result.config, result.notices, (opts.now ?? new Date()).getTime(), io));
      }
    });

  program.command('check')
    .description('check every notice and the config; report all problems; say when the next embargo lifts')
    .addOption(nowOption())
    .addOption(cwdOption())
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--verbose', 'print more detail')
    .action(async (opts: { now?: Date; cwd: string; format: 'text' | 'json'; verbose?: boolean }) => {
      const result = await checkSite({ cwd: opts.cwd });
      if (opts.format === 'json') io.stdout.write(jsonReport(result.files));
      else {
        report(result.files, io, opts.verbose);
        if (result.ok) io.stdout.write(`Checked ${plural(result.notices.length, 'notice')}: no errors.\n`);
        io.stdout.write(embargoLine(opts.cwd, result.config, result.notices, (opts.now ?? new Date()).getTime(), io));
      }
      exitCode = result.ok ? EXIT.ok : EXIT.content;
    });

  program.command('push')
    .description('deploy the built site to site.deploy, then send each mirror its share: only what changed, feeds and manifest last')
    .option('--mirror <name...>', 'push only these (`origin` is site.deploy; default: the origin and every mirror)')
    .option('--dry-run', 'print what would be sent and deleted; change nothing')
    .option('--out <dir>', 'the built site to push, relative to the site folder', 'dist')
    .addOption(cwdOption())
    .action(async (opts: { mirror?: string[]; dryRun?: boolean; out: string; cwd: string }) => {
      exitCode = await runPush(opts, io);
    });

  program.command('publish')
    .description('build, then push (origin first, then mirrors); with --watch, again at every embargo lift and source change')
    .option('--watch', 'keep running: publish when an embargo lifts or a source changes; retry failed pushes')
    .option('--out <dir>', 'output folder, relative to the site folder', 'dist')
    .addOption(cwdOption())
    .option('--no-pdf', 'skip PDFs')
    .option('--wait <seconds>', 'how long to wait for another gongbo writing the same output folder', parseSeconds, 30)
    .action(async (opts: { watch?: boolean; out: string; cwd: string; pdf: boolean; wait: number }) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        exitCode = await runPublish(opts, io, { signal: stop.signal });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });

  program.command('serve')
    .description('build, serve on 127.0.0.1 and rebuild on every save; open pages reload by themselves')
    .option('--port <n>', 'port to listen on', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`--port ${v}: use a number from 1 to 65535 (0 picks a free one).`);
      return n;
    }, 4000)
    .option('--drafts', 'also show drafts and embargoed notices, marked "not published" (never written to dist/)')
    .addOption(cwdOption())
    .option('--quiet', 'print only problems')
    .action(async (opts: { port: number; drafts?: boolean; cwd: string; quiet?: boolean }) => {
      let server;
      try {
        server = await serveSite({
          cwd: opts.cwd,
          port: opts.port,
          drafts: opts.drafts ?? false,
          onBuild: (result, changed) => {
            report(result.files.filter((f) => f.messages.some((m) => m.fatal)), io);
            if (!opts.quiet && result.ok) {
              // Editors save through temporary files: name only the files a person edits.
              const edited = changed.filter((c) => /\.(md|json|ya?ml)$/.test(c) || c.includes('/files/'));
              io.stdout.write(changed.length === 0 ? `Built ${plural(result.published, 'notice')}.\n`
                : `Rebuilt${edited.length > 0 ? ` after ${printable(edited.join(', '))} changed` : ''}.\n`);
            }
          },
          onFailure: (error) => io.stderr.write(describeFailure(error)),
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          io.stderr.write(`gongbo serve: port ${opts.port} is already in use: pass --port with another number\n`);
          exitCode = EXIT.usage;
          return;
        }
        throw error;
      }
      io.stdout.write(`Serving ${server.url}${opts.drafts ? ' (with drafts and embargoed notices)' : ''}. Press Ctrl+C to stop.\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });

  program.command('new')
    .description('create notices/<date>-<slug>/ with a filled-in ko.md and en.md to start from')
    .argument('<slug>', 'short name for the URL: lowercase letters, digits, hyphens (e.g. ai-hub-call)')
    .option('--date <iso>', 'release time or day, e.g. 2026-05-13 or 2026-05-13T12:00:00+09:00 (default: tomorrow noon)')
    .option('--lang <languages>', 'languages to create: ko, en or ko,en', parseLanguages)
    .option('--category <name>', 'category from the config (default: defaults.category)')
    .addOption(cwdOption())
    .action(async (slug: string, opts: { date?: string; lang?: Locale[]; category?: string; cwd: string }) => {
      const result = await createNotice({
        cwd: opts.cwd, slug,
        ...(opts.date ? { date: opts.date } : {}),
        ...(opts.lang ? { languages: opts.lang } : {}),
        ...(opts.category ? { category: opts.category } : {}),
      });
      if (!result.ok) {
        if (result.configFile) report([result.configFile], io);
        io.stderr.write(`gongbo new: ${result.problem}\n`);
        exitCode = result.configFile ? EXIT.content : EXIT.usage;
        return;
      }
      io.stdout.write(`Created ${result.files.join(' and ')}.\nIt is a draft: write it, set \`status: published\`, then run \`gongbo check\`.\n`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof OutDirError) {
      io.stderr.write(`gongbo: ${error.message}.\n`);
      return EXIT.usage;
    }
    if (error instanceof CommanderError) {
      // Help and version are successes; anything else commander rejects is a usage error.
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) return EXIT.ok;
      return EXIT.usage;
    }
    io.stderr.write(describeFailure(error));
    return EXIT.failure;
  }
  return exitCode;
}
