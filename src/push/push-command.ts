// `gongbo push` for the CLI: runs pushSite, shows progress, prints a line per mirror, returns the exit code.
import { MultiBar, type SingleBar } from 'cli-progress';
import path from 'node:path';
import { pushSite, type PushOptions } from './push-site.js';
import { PushRefusedError } from './push-errors.js';
import { formatBytes, formatPlan, formatRetry, formatSummary } from './format-push.js';
import type { PushEvent } from './push-mirror.js';
import { errorIn } from '../i18n/phrased-error.js';
import { messageLocale, render, sayIn } from '../i18n/say.js';
import { ORIGIN, type Locale } from '../model.js';
import { loadConfig } from '../config/load-config.js';

/** The options commander parses for `gongbo push [--mirror NAME…] [--dry-run] [--out DIR] [--cwd DIR]`. */
export interface PushCommandOptions {
  cwd: string;
  out?: string;
  /** `--mirror NAME…`: push only these. */
  mirror?: string[];
  dryRun?: boolean;
  /** The language of the messages. Default: from `io.env` (see messageLocale). */
  locale?: Locale;
}

export interface PushIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Exit codes of `gongbo push`: 0 every mirror done; 1 a mirror failed or no fresh build; 2 an unknown mirror name. */
export const PUSH_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Run `gongbo push`. Library options beyond the command's (retry policy, signal) may be passed
 * in `extra`, for tests and embedding.
 */
export async function runPush(opts: PushCommandOptions, io: PushIo, extra: Partial<PushOptions> = {}): Promise<number> {
  const color = (stream: PushIo['stderr'], code: number, text: string) =>
    stream.isTTY && io.env.NO_COLOR === undefined ? `\u001B[${code}m${text}\u001B[39m` : text;
  const locale = opts.locale ?? messageLocale(io.env);
  const t = sayIn(locale);
  const progress = createProgress(io, t('push.progress'), locale);
  const say = (line: string) => (progress ? progress.log(line) : io.stderr.write(`${line}\n`));

  let result;
  try {
    result = await pushSite({
      ...extra,
      cwd: opts.cwd,
      ...(opts.out ? { out: opts.out } : {}),
      ...(opts.mirror && opts.mirror.length > 0 ? { mirrors: opts.mirror } : {}),
      dryRun: Boolean(opts.dryRun),
      env: io.env,
      onEvent: (event) => {
        progress?.update(event);
        if (event.type === 'retry') say(formatRetry(event.mirror, event.notice, locale));
        if (event.type === 'warning') say(color(io.stderr, 33, t('push.warning', { message: event.said })));
        if (event.type === 'waiting') say(render(event.said, locale));
        extra.onEvent?.(event);
      },
    });
  } catch (error) {
    progress?.stop();
    if (error instanceof PushRefusedError) {
      io.stderr.write(`${t('cli.failure.prefix', { message: errorIn(error, locale) })}\n`);
      return error.code === 'unknown-mirror' ? PUSH_EXIT.usage : PUSH_EXIT.failed;
    }
    throw error;
  }
  progress?.stop();

  for (const mirror of result.mirrors) {
    if (mirror.error) {
      io.stderr.write(`${color(io.stderr, 31, formatSummary(mirror, locale))}\n`);
      continue;
    }
    io.stdout.write(`${formatSummary(mirror, locale)}\n`);
    if (mirror.dryRun) for (const line of formatPlan(mirror, locale)) io.stdout.write(`${line}\n`);
  }
  if (opts.dryRun && result.ok) io.stdout.write(`${t('push.dryRunDone')}\n`);
  if (!opts.dryRun && result.mirrors.some((m) => m.ok) && !result.mirrors.some((m) => m.mirror === ORIGIN)) {
    // Not pushed by choice (`--mirror beta`) or not configured: only the latter needs saying.
    const { config } = await loadConfig(path.resolve(opts.cwd));
    if (config && !config.site.deploy) io.stdout.write(`${t('cli.push.originNotDeployed', { out: outName(opts.out) })}\n`);
  }
  const failed = result.mirrors.filter((m) => !m.ok);
  // Failures that another run fixes by itself; the others say what to do first.
  const passing = new Set(['unreachable', 'http', 'aborted', 'io', 'skipped']);
  if (failed.some((m) => passing.has(m.error?.kind ?? ''))) {
    io.stderr.write(`${t('push.runAgain')}\n`);
  }
  return failed.length === 0 ? PUSH_EXIT.ok : PUSH_EXIT.failed;
}

/** The build folder as the reader named it, for "deploy dist/ yourself". */
export function outName(out: string | undefined): string {
  return (out ?? 'dist').replace(/\/+$/, '') || '.';
}

interface Progress {
  update(event: PushEvent): void;
  log(line: string): void;
  stop(): void;
}

/** One bar per mirror on a terminal; nothing otherwise, where plain lines read better in logs. */
function createProgress(io: PushIo, counts: string, locale: Locale): Progress | undefined {
  if (!io.stderr.isTTY) return undefined;
  const multi = new MultiBar({
    stream: io.stderr,
    // `counts` names cli-progress's own placeholders ({value}, {total}, {sent}) in the reader's language.
    format: `{mirror} [{bar}] ${counts}`,
    hideCursor: true,
    clearOnComplete: true,
    autopadding: true,
    barsize: 30,
  });
  const bars = new Map<string, SingleBar>();
  const sent = new Map<string, number>();
  return {
    update(event) {
      if (event.type === 'plan' && !event.dryRun) {
        const total = event.plan.waves.flat().length + event.plan.delete.length + (event.plan.writeManifest ? 1 : 0);
        if (total > 0) bars.set(event.mirror, multi.create(total, 0, { mirror: event.mirror.padEnd(8), sent: formatBytes(0, locale) }));
      }
      if (event.type === 'file') {
        const total = (sent.get(event.mirror) ?? 0) + event.bytes;
        sent.set(event.mirror, total);
        bars.get(event.mirror)?.update(event.done, { sent: formatBytes(total, locale) });
      }
      if (event.type === 'done') bars.get(event.mirror)?.stop();
    },
    log: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop(),
  };
}
