// `gongbo publish [--watch]` for the CLI: prints what each publish did and what the watch waits for.
import path from 'node:path';
import { createI18n } from '../i18n/create-i18n.js';
import { formatReport } from '../i18n/format-report.js';
import { errorIn } from '../i18n/phrased-error.js';
import { printable } from '../i18n/printable.js';
import { messageLocale, phrase, render, sayIn } from '../i18n/say.js';
import type { Locale } from '../model.js';
import { formatRetry, formatSummary } from '../push/format-push.js';
import type { PushEvent } from '../push/push-mirror.js';
import { outName } from '../push/push-command.js';
import { formatNextEmbargo, formatReleaseTime, type NextEmbargo } from './next-embargo.js';
import { publishSite, type PublishOptions, type PublishResult } from './publish-site.js';
import { watchPublish, type WatchEvent, type WatchOptions } from './watch-publish.js';

export interface PublishCommandOptions {
  cwd: string;
  out?: string;
  pdf?: boolean;
  watch?: boolean;
  /** Seconds to wait for another gongbo writing the output folder. */
  wait?: number;
  /** The language of the messages. Default: from `io.env` (see messageLocale). */
  locale?: Locale;
}

export interface PublishIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** 0: published (or stopped); 1: errors in the sources, or a target not updated. */
export const PUBLISH_EXIT = { ok: 0, failed: 1 } as const;

/**
 * Run `gongbo publish`, or with `--watch` keep publishing until `extra.signal` aborts (the CLI
 * aborts it on SIGINT and SIGTERM). Library options beyond the command's may be passed in `extra`.
 */
export async function runPublish(opts: PublishCommandOptions, io: PublishIo, extra: Partial<WatchOptions> = {}): Promise<number> {
  const root = path.resolve(opts.cwd);
  const locale = opts.locale ?? messageLocale(io.env);
  const t = createI18n(root)[locale];
  const tell = sayIn(locale);
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const warn = (line: string) => io.stderr.write(`${line}\n`);
  const onEvent = (event: PushEvent) => {
    if (event.type === 'retry') warn(formatRetry(event.mirror, event.notice, locale));
    if (event.type === 'warning') warn(tell('push.warning', { message: event.said }));
    if (event.type === 'waiting') warn(render(event.said, locale));
    extra.onEvent?.(event);
  };
  const options: PublishOptions = {
    ...extra,
    cwd: opts.cwd,
    env: io.env,
    onEvent,
    ...(opts.out ? { out: opts.out } : {}),
    ...(opts.pdf === false ? { pdf: false } : {}),
    ...(opts.wait !== undefined ? { lockWait: opts.wait * 1000 } : {}),
  };
  // Times are shown in the site's zone, known once its config has been read.
  let lastTimeZone = 'Asia/Seoul';
  const timeZone = () => lastTimeZone;
  // Said once a run, not at every publish of a watch.
  let toldNotDeployed = false;

  const signal = extra.signal ?? new AbortController().signal;
  /** The embargo the watch last said it waits for: a publish at or after its lift that fails missed it. */
  let awaited: NextEmbargo | undefined;
  const print = (result: PublishResult): void => {
    lastTimeZone = result.build.config?.site.timeZone ?? lastTimeZone;
    const withMessages = result.build.files.filter((f) => f.messages.length > 0 && (!opts.watch || f.messages.some((m) => m.fatal)));
    if (withMessages.length > 0) {
      warn(formatReport(withMessages, { locale, color: Boolean(io.stderr.isTTY) && io.env.NO_COLOR === undefined, clean: printable }));
    }
    if (!result.build.ok) {
      warn(tell('publish.nothing'));
      if (awaited && awaited.at <= result.now) {
        warn(tell('publish.embargoMissed', { notices: awaited.notices.join(', '), time: formatReleaseTime(awaited.at, timeZone()) }));
      }
      return;
    }
    const at = formatReleaseTime(result.now, timeZone());
    say(tell('publish.built', {
      count: result.build.published, at,
      made: phrase('publish.made', { count: result.build.made ?? 0 }), reused: phrase('publish.reused', { count: result.build.reused ?? 0 }),
    }));
    // Stopped on purpose (Ctrl+C, the service stopping) while pushing: not a failure to report
    // target by target; the next publish sends the rest.
    if (signal.aborted && result.push?.mirrors.some((m) => m.error?.kind === 'aborted')) {
      warn(tell('publish.interrupted'));
      return;
    }
    if (result.refused) warn(tell('cli.failure.prefix', { message: errorIn(result.refused, locale) }));
    for (const target of result.push?.mirrors ?? []) (target.error ? warn : say)(formatSummary(target, locale));
    if (result.push && result.push.mirrors.length === 0) say(tell('publish.noTargets'));
    if (result.push?.mirrors.some((m) => m.ok) && !result.build.config?.site.deploy && !toldNotDeployed) {
      toldNotDeployed = true;
      say(tell('cli.push.originNotDeployed', { out: outName(opts.out) }));
    }
  };
  const sayEmbargo = (result: PublishResult) => {
    if (result.nextEmbargo) say(formatNextEmbargo(result.nextEmbargo, timeZone(), t));
  };

  if (!opts.watch) {
    const result = await publishSite(options);
    print(result);
    if (result.build.ok) sayEmbargo(result);
    return result.ok ? PUBLISH_EXIT.ok : PUBLISH_EXIT.failed;
  }

  // A build or push under way finishes its step first, which can take a while: said at once.
  signal.addEventListener('abort', () => say(tell('publish.stopping')), { once: true });
  await watchPublish({
    ...options,
    signal,
    onWatch: (event: WatchEvent) => {
      if (event.type === 'published') print(event.result);
      if (event.type === 'error') warn(describe(event.error, locale));
      if (event.type === 'changed') {
        const more = event.paths.length > 5 ? tell('publish.more', { count: event.paths.length - 5 }) : '';
        say(tell('publish.changed', { files: printable(event.paths.slice(0, 5).join(', ')), more }));
      }
      if (event.type === 'waiting') {
        if (event.retryAt !== undefined) say(tell('publish.retryAt', { at: formatReleaseTime(event.retryAt, timeZone()), count: event.failures }));
        say(event.embargo ? formatNextEmbargo(event.embargo, timeZone(), t) : t('cli.noEmbargo'));
        if (event.embargo && event.blocked) warn(tell('publish.embargoBlocked', { time: formatReleaseTime(event.embargo.at, timeZone()) }));
        awaited = event.embargo;
        if (event.watching) say(t('cli.watching'));
      }
      extra.onWatch?.(event);
    },
  });
  say(tell('publish.stopped'));
  return PUBLISH_EXIT.ok;
}

/** An unexpected failure as a chain of causes, without a stack trace. */
function describe(error: unknown, locale: Locale): string {
  const tell = sayIn(locale);
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    lines.push(tell(depth === 0 ? 'publish.failed' : 'cli.failure.because', { message: printable(errorIn(current, locale)) }));
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}
