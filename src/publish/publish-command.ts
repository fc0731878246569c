// `gongbo publish [--watch]` for the CLI: prints what each publish did and what the watch waits for.
import path from 'node:path';
import { reporter } from 'vfile-reporter';
import { createI18n } from '../i18n/create-i18n.js';
import { formatRetry, formatSummary } from '../push/format-push.js';
import type { PushEvent } from '../push/push-mirror.js';
import { formatNextEmbargo, formatReleaseTime, terminalLocale } from './next-embargo.js';
import { publishSite, type PublishOptions, type PublishResult } from './publish-site.js';
import { watchPublish, type WatchEvent, type WatchOptions } from './watch-publish.js';

export interface PublishCommandOptions {
  cwd: string;
  out?: string;
  pdf?: boolean;
  watch?: boolean;
  /** Seconds to wait for another gongbo writing the output folder. */
  wait?: number;
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
  const t = createI18n(root)[terminalLocale(io.env)];
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const warn = (line: string) => io.stderr.write(`${line}\n`);
  const onEvent = (event: PushEvent) => {
    if (event.type === 'retry') warn(formatRetry(event.mirror, event.notice));
    if (event.type === 'warning') warn(`warning: ${event.message}`);
    if (event.type === 'waiting') warn(event.message);
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

  const print = (result: PublishResult): void => {
    lastTimeZone = result.build.config?.site.timeZone ?? lastTimeZone;
    const withMessages = result.build.files.filter((f) => f.messages.length > 0 && (!opts.watch || f.messages.some((m) => m.fatal)));
    if (withMessages.length > 0) warn(reporter(withMessages, { color: Boolean(io.stderr.isTTY) && io.env.NO_COLOR === undefined }));
    if (!result.build.ok) {
      warn('Nothing was published: fix the errors above.');
      return;
    }
    const at = formatReleaseTime(result.now, timeZone());
    say(`Built ${result.build.published} notice${result.build.published === 1 ? '' : 's'} as of ${at} (${result.build.made ?? 0} files made, ${result.build.reused ?? 0} reused).`);
    if (result.refused) warn(`gongbo: ${result.refused.message}`);
    for (const target of result.push?.mirrors ?? []) (target.error ? warn : say)(formatSummary(target));
    if (result.push && result.push.mirrors.length === 0) say('Nothing to push to: set `site.deploy` or add mirrors in gongbo.config.yaml.');
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

  const signal = extra.signal ?? new AbortController().signal;
  await watchPublish({
    ...options,
    signal,
    onWatch: (event: WatchEvent) => {
      if (event.type === 'published') print(event.result);
      if (event.type === 'error') warn(describe(event.error));
      if (event.type === 'changed') say(`Publishing again: ${event.paths.slice(0, 5).join(', ')}${event.paths.length > 5 ? ` and ${event.paths.length - 5} more` : ''} changed.`);
      if (event.type === 'waiting') {
        if (event.retryAt !== undefined) {
          say(`Trying again at ${formatReleaseTime(event.retryAt, timeZone())} (${event.failures} failed attempt${event.failures === 1 ? '' : 's'} in a row).`);
        }
        say(event.embargo ? formatNextEmbargo(event.embargo, timeZone(), t) : t('cli.noEmbargo'));
        if (event.watching) say(t('cli.watching'));
      }
      extra.onWatch?.(event);
    },
  });
  say('Stopped watching.');
  return PUBLISH_EXIT.ok;
}

/** An unexpected failure as a chain of causes, without a stack trace. */
function describe(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    lines.push(`${depth === 0 ? 'gongbo: publish failed: ' : '  because: '}${current instanceof Error ? current.message : String(current)}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}
