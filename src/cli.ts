// The `gongbo` command: parses arguments, calls the library, prints reports, returns the exit code.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import { buildSite, checkSite } from './build.js';
import { parseInstant } from './validate/instant.js';
import { gongboVersion } from './package-root.js';
import { createNotice } from './new/create-notice.js';
import { terminalProblems } from './serve/serve-problems.js';
import { findNextEmbargo, formatNextEmbargo } from './publish/next-embargo.js';
import { createI18n } from './i18n/create-i18n.js';
import { messageLocale, reasonIn, render, sayIn } from './i18n/say.js';
import { formatReport, type ReportOptions } from './i18n/format-report.js';
import { reportPdfProgress } from './render/pdf/report-pdf-progress.js';
import { OutDirError } from './write/check-out-dir.js';
import { holderPhrase, type LockHolder } from './write/lock-folder.js';
import { errorIn } from './i18n/phrased-error.js';
import { commanderError } from './i18n/commander-errors.js';
import { printable } from './i18n/printable.js';
import { argumentDescription, optionDescription } from './i18n/option-help.js';
import { isLocale, type Locale, type Notice, type SiteConfig } from './model.js';

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, content: 1, usage: 2, failure: 3 } as const;

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

type Say = ReturnType<typeof sayIn>;

function parseNow(value: string, say: Say, locale: Locale): Date {
  const result = parseInstant(value);
  if (!result.ok) throw new InvalidArgumentError(say('cli.usage.now', { value, problem: render(result.phrase, locale) }));
  return new Date(result.value.ms);
}

function parseSeconds(value: string, say: Say): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) throw new InvalidArgumentError(say('cli.usage.wait', { value }));
  return seconds;
}

/** `ko,en`: the languages `new` creates; `undefined` when `value` is not such a list. */
function languageList(value: string): Locale[] | undefined {
  const languages = value.split(',').map((l) => l.trim()).filter(Boolean);
  if (languages.length === 0 || !languages.every(isLocale)) return undefined;
  return [...new Set(languages)] as Locale[];
}

/** The value of `--lang` in `argv` (`--lang ko`, `--lang=ko`), read before commander so that help is in that language. */
function langFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    if (argv[i] === '--lang') return argv[i + 1];
    if (argv[i]!.startsWith('--lang=')) return argv[i]!.slice('--lang='.length);
  }
  return undefined;
}

function useColor(io: Io): boolean {
  return Boolean(io.stderr.isTTY) && io.env.NO_COLOR === undefined;
}

export { printable };

function report(files: VFile[], io: Io, locale: Locale, keep?: ReportOptions['keep']): void {
  // The report's own colours are added after: only what came from the sources is escaped.
  const text = formatReport(files, { locale, color: useColor(io), clean: printable, ...(keep ? { keep } : {}) });
  if (text) io.stderr.write(`${text}\n`);
}

function jsonReport(files: VFile[], locale: Locale): string {
  const messages = files.flatMap((file) => file.messages.map((m) => ({
    file: file.path,
    line: m.line ?? null,
    column: m.column ?? null,
    endLine: m.place && 'end' in m.place ? m.place.end.line : null,
    endColumn: m.place && 'end' in m.place ? m.place.end.column : null,
    rule: m.ruleId ?? null,
    severity: m.fatal ? 'error' : m.fatal === false ? 'warning' : 'info',
    message: reasonIn(m, locale),
  }))).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return `${JSON.stringify(messages, null, 2)}\n`;
}

/** The line saying when the next embargo lifts as of `now`, in the terminal's language; `''` when none waits. */
function embargoLine(cwd: string, config: SiteConfig | undefined, notices: readonly Notice[], now: number, locale: Locale): string {
  const next = config && findNextEmbargo(notices, now);
  if (!next) return '';
  return `${formatNextEmbargo(next, config.site.timeZone, createI18n(path.resolve(cwd))[locale])}\n`;
}

/** Print an infrastructure failure as a chain of causes, without a stack trace. */
function describeFailure(error: unknown, say: Say, locale: Locale): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const message = errorIn(current, locale);
    lines.push(say(depth === 0 ? 'cli.failure.prefix' : 'cli.failure.because', { message }));
    current = current instanceof Error ? current.cause : undefined;
  }
  return `${printable(lines.join('\n'))}\n`;
}

/** Run the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const version = gongboVersion();
  const flag = langFlag(argv);
  const locale = messageLocale(io.env, flag);
  const say = sayIn(locale);
  let exitCode: number = EXIT.ok;
  const headings: Record<string, string> = {
    'Usage:': say('cli.heading.usage'), 'Options:': say('cli.heading.options'),
    'Commands:': say('cli.heading.commands'), 'Arguments:': say('cli.heading.arguments'), 'Global Options:': say('cli.heading.global'),
  };
  const program = new Command()
    .name('gongbo')
    .description(say('cli.help.program'))
    .version(version, '-v, --version', say('cli.help.version'))
    .helpOption('-h, --help', say('cli.help.help'))
    .helpCommand(false)
    // Subcommands inherit this, so every command's help says its defaults in the reader's language.
    .configureHelp({
      styleTitle: (title) => headings[title] ?? title, showGlobalOptions: true,
      optionDescription: (option) => optionDescription(option, locale),
      argumentDescription: (argument) => argumentDescription(argument, locale),
    })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(commanderError(s, locale)),
    })
    .showHelpAfterError(say('cli.help.afterError'));

  const cwdOption = () => new Option('--cwd <dir>', say('cli.help.cwd')).default('.');
  const nowOption = () => new Option('--now <iso>', say('cli.help.now')).argParser((v) => parseNow(v, say, locale));
  const seconds = (v: string) => parseSeconds(v, say);
  // A global option, so it works before or after the command; the language is chosen before
  // commander runs (see langFlag), this lists and checks it. A list (`ko,en`) is only for `new`.
  program.addOption(new Option('--lang <ko|en>', say('cli.help.lang')).argParser((v) => {
    if (v === 'ko' || v === 'en' || languageList(v)) return v;
    throw new InvalidArgumentError(say('cli.usage.lang', { value: v }));
  }));

  program.command('build')
    .description(say('cli.help.build'))
    .addOption(nowOption())
    .option('--out <dir>', say('cli.help.out'), 'dist')
    .addOption(cwdOption())
    .option('--no-pdf', say('cli.help.noPdf'))
    .option('--no-cards', say('cli.help.noCards'))
    .option('--wait <seconds>', say('cli.help.wait'), seconds, 30)
    .option('--verbose', say('cli.help.verbose'))
    .option('--quiet', say('cli.help.quiet'))
    .action(async (opts: { now?: Date; out: string; cwd: string; pdf: boolean; cards: boolean; wait: number; verbose?: boolean; quiet?: boolean }) => {
      const started = performance.now();
      const progress = opts.quiet ? undefined : reportPdfProgress(io.stderr, say('cli.build.pdfs'));
      const cardProgress = opts.quiet ? undefined : reportPdfProgress(io.stderr, say('cli.build.cards'));
      let result;
      try {
        result = await buildSite({
          cwd: opts.cwd, out: opts.out, pdf: opts.pdf, lockWait: opts.wait * 1000, ...(opts.cards ? {} : { cards: false }),
          ...(opts.quiet ? {} : {
            onLockWait: (holder: LockHolder | undefined) => io.stderr.write(`${say('cli.build.waiting', {
              seconds: opts.wait, holder: holder ? render(holderPhrase(holder), locale) : say('cli.build.anotherGongbo'), out: opts.out,
            })}\n`),
          }),
          ...(opts.now ? { now: opts.now } : {}),
          ...(progress ? { onPdfProgress: progress.onProgress } : {}),
          ...(cardProgress ? { onCardProgress: cardProgress.onProgress } : {}),
        });
      } finally {
        progress?.stop();
        cardProgress?.stop();
      }
      report(result.files, io, locale);
      if (!result.ok) {
        const shown = path.relative(process.cwd(), result.outDir) || '.';
        io.stderr.write(`${existsSync(result.outDir) ? say('cli.build.unchanged', { out: shown }) : say('cli.build.nothingBuilt')}\n`);
        exitCode = EXIT.content;
        return;
      }
      if (!opts.quiet) {
        const files = result.manifest?.files.length ?? 0;
        const took = ((performance.now() - started) / 1000).toFixed(1);
        io.stdout.write(`${say('cli.build.built', { count: result.published, files, out: path.relative(process.cwd(), result.outDir) || '.', seconds: took })}\n`);
        io.stdout.write(embargoLine(opts.cwd, result.config, result.notices, (opts.now ?? new Date()).getTime(), locale));
      }
    });

  program.command('check')
    .description(say('cli.help.check'))
    .addOption(nowOption())
    .addOption(cwdOption())
    .addOption(new Option('--format <format>', say('cli.help.format')).choices(['text', 'json']).default('text'))
    .option('--verbose', say('cli.help.verbose'))
    .action(async (opts: { now?: Date; cwd: string; format: 'text' | 'json'; verbose?: boolean }) => {
      const result = await checkSite({ cwd: opts.cwd });
      if (opts.format === 'json') io.stdout.write(jsonReport(result.files, locale));
      else {
        report(result.files, io, locale);
        if (result.ok) io.stdout.write(`${say('cli.check.ok', { count: result.notices.length })}\n`);
        io.stdout.write(embargoLine(opts.cwd, result.config, result.notices, (opts.now ?? new Date()).getTime(), locale));
      }
      exitCode = result.ok ? EXIT.ok : EXIT.content;
    });

  program.command('push')
    .description(say('cli.help.push'))
    .option('--mirror <name...>', say('cli.help.mirror'))
    .option('--dry-run', say('cli.help.dryRun'))
    .option('--out <dir>', say('cli.help.pushOut'), 'dist')
    .addOption(cwdOption())
    .action(async (opts: { mirror?: string[]; dryRun?: boolean; out: string; cwd: string }) => {
      // Loaded by the command that needs it: `build`, run on every save and publish, starts without push's and serve's modules.
      const { runPush } = await import('./push/push-command.js');
      exitCode = await runPush({ ...opts, locale }, io);
    });

  program.command('publish')
    .description(say('cli.help.publish'))
    .option('--watch', say('cli.help.watch'))
    .option('--out <dir>', say('cli.help.out'), 'dist')
    .addOption(cwdOption())
    .option('--no-pdf', say('cli.help.noPdf'))
    .option('--wait <seconds>', say('cli.help.wait'), seconds, 30)
    .action(async (opts: { watch?: boolean; out: string; cwd: string; pdf: boolean; wait: number }) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const { runPublish } = await import('./publish/publish-command.js');
        exitCode = await runPublish({ ...opts, locale }, io, { signal: stop.signal });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });

  program.command('serve')
    .description(say('cli.help.serve'))
    .option('--port <n>', say('cli.help.port'), (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(say('cli.usage.port', { value: v }));
      return n;
    }, 4000)
    .option('--drafts', say('cli.help.drafts'))
    .addOption(cwdOption())
    .option('--quiet', say('cli.help.quiet'))
    .action(async (opts: { port: number; drafts?: boolean; cwd: string; quiet?: boolean }) => {
      let server;
      /** The count of warnings not printed, as last said: said again only when it changes. */
      let othersSaid = 0;
      try {
        const { serveSite } = await import('./serve/serve-site.js');
        server = await serveSite({
          cwd: opts.cwd,
          port: opts.port,
          drafts: opts.drafts ?? false,
          locale,
          onBuild: (result, changed) => {
            const { keep, others } = terminalProblems(result.files, changed);
            report(result.files, io, locale, keep);
            if (others > 0 && others !== othersSaid) io.stderr.write(`${say('authoring.serve.otherWarnings', { count: others })}\n`);
            othersSaid = others;
            if (!opts.quiet && result.ok) {
              // Editors save through temporary files: name only the files a person edits.
              const edited = changed.filter((c) => /\.(md|json|ya?ml)$/.test(c) || c.includes('/files/'));
              io.stdout.write(`${changed.length === 0 ? say('cli.serve.built', { count: result.published })
                : edited.length > 0 ? say('cli.serve.rebuiltAfter', { files: printable(edited.join(', ')) }) : say('cli.serve.rebuilt')}\n`);
            }
          },
          onFailure: (error) => io.stderr.write(describeFailure(error, say, locale)),
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          io.stderr.write(`${say('cli.usage.portInUse', { port: opts.port })}\n`);
          exitCode = EXIT.usage;
          return;
        }
        throw error;
      }
      io.stdout.write(`${say(opts.drafts ? 'cli.serve.servingDrafts' : 'cli.serve.serving', { url: server.url })}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });

  program.command('new')
    .description(say('cli.help.new'))
    .argument('<slug>', say('cli.help.slug'))
    .option('--date <iso>', say('cli.help.date'))
    .option('--languages <languages>', say('cli.help.languages'), (v) => {
      const list = languageList(v);
      if (!list) throw new InvalidArgumentError(say('cli.usage.languages', { value: v }));
      return list;
    })
    .option('--category <name>', say('cli.help.category'))
    .addOption(cwdOption())
    .action(async (slug: string, opts: { date?: string; languages?: Locale[]; category?: string; cwd: string }) => {
      // `--lang ko,en` (a list) was how `new` named the files to create; one language is the message language.
      const lang = (program.opts() as { lang?: string }).lang;
      let languages = opts.languages;
      if (!languages && lang?.includes(',')) {
        languages = languageList(lang);
        io.stderr.write(`${say('cli.new.langMeansLanguages', { value: lang })}\n`);
      }
      const result = await createNotice({
        cwd: opts.cwd, slug,
        ...(opts.date ? { date: opts.date } : {}),
        ...(languages ? { languages } : {}),
        ...(opts.category ? { category: opts.category } : {}),
      });
      if (!result.ok) {
        if (result.configFile) report([result.configFile], io, locale);
        io.stderr.write(`gongbo new: ${render(result.phrase, locale)}\n`);
        exitCode = result.configFile ? EXIT.content : EXIT.usage;
        return;
      }
      io.stdout.write(`${say('cli.new.created', { files: result.files.join(say('cli.new.and')) })}\n`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof OutDirError) {
      io.stderr.write(`${say('cli.failure.prefix', { message: errorIn(error, locale) })}\n`);
      return EXIT.usage;
    }
    if (error instanceof CommanderError) {
      // Help and version are successes; anything else commander rejects is a usage error.
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) return EXIT.ok;
      return EXIT.usage;
    }
    io.stderr.write(describeFailure(error, say, locale));
    return EXIT.failure;
  }
  return exitCode;
}
