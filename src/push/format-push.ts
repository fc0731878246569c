// The lines `gongbo push` prints (one summary per mirror, the plan of a dry run, retries), and the words its messages share.
import { formatBytes as formatSize } from '../render/format.js';
import { phrase, render, type Phrase } from '../i18n/say.js';
import type { MirrorPushResult } from './push-mirror.js';
import type { RetryNotice } from './transport.js';
import { ORIGIN, type Locale } from '../model.js';

/** How messages name a push target: `mirror iris`, or `origin` for `site.deploy`. */
export function targetLabel(name: string): Phrase {
  return name === ORIGIN ? phrase('push.target.origin') : phrase('push.target.mirror', { name });
}

/** Where the config sets `key` of a push target: `mirrors.iris.auth`, or `site.deploy.auth` for the origin. */
export function settingOf(name: string, key: string): string {
  return name === ORIGIN ? `site.deploy.${key}` : `mirrors.${name}.${key}`;
}

/** Sizes as the site shows them (decimal units). */
export function formatBytes(bytes: number, locale: Locale = 'en'): string {
  return formatSize(bytes, locale);
}

/** `1234` → `1.2 s` (`1.2초`). */
export function seconds(ms: number): Phrase {
  return phrase('push.seconds', { value: (ms / 1000).toFixed(1) });
}

/** The one line that sums up a mirror: what was sent, or why it failed. */
export function formatSummary(result: MirrorPushResult, locale: Locale = 'en'): string {
  if (result.error) return render(result.error.phrase, locale);
  const target = targetLabel(result.mirror);
  if (result.dryRun) {
    const plan = result.plan!;
    const uploads = plan.waves.flat();
    const bytes = uploads.reduce((sum, u) => sum + u.file.size, 0);
    return render(phrase(plan.writeManifest ? 'push.summary.dryRunManifest' : 'push.summary.dryRun', {
      target, uploads: uploads.length, bytes: formatBytes(bytes, locale), deletes: plan.delete.length, unchanged: plan.unchanged.length,
    }), locale);
  }
  return render(phrase('push.summary.done', {
    target, uploaded: result.uploaded, deleted: result.deleted, unchanged: result.unchanged, bytes: formatBytes(result.bytes, locale), time: seconds(result.ms),
  }), locale);
}

/** Folders with more uploads than this are shown as one line (the 250 font slices, say). */
const GROUP_OVER = 5;

/** The files a dry run would change, one per line, in the order push would change them. */
export function formatPlan(result: MirrorPushResult, locale: Locale = 'en'): string[] {
  if (!result.plan) return [];
  const uploads = result.plan.waves.flat();
  const byFolder = new Map<string, typeof uploads>();
  for (const upload of uploads) {
    const folder = upload.file.path.slice(0, upload.file.path.lastIndexOf('/') + 1);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), upload]);
  }
  const lines: string[] = [];
  const shown = new Set<string>();
  for (const upload of uploads) {
    const folder = upload.file.path.slice(0, upload.file.path.lastIndexOf('/') + 1);
    const group = byFolder.get(folder)!;
    if (group.length > GROUP_OVER) {
      if (shown.has(folder)) continue;
      shown.add(folder);
      const bytes = group.reduce((sum, u) => sum + u.file.size, 0);
      const fresh = group.filter((u) => u.change === 'new').length;
      lines.push(`  ${fresh === group.length ? '+' : '~'} ${render(phrase('push.plan.folder', { folder, count: group.length, fresh, bytes: formatBytes(bytes, locale) }), locale)}`);
    } else {
      const said = phrase(upload.change === 'new' ? 'push.plan.fileNew' : 'push.plan.fileChanged', { path: upload.file.path, bytes: formatBytes(upload.file.size, locale) });
      lines.push(`  ${upload.change === 'new' ? '+' : '~'} ${render(said, locale)}`);
    }
  }
  return [...lines, ...result.plan.delete.map((p) => `  - ${p}`)];
}

export function formatRetry(mirror: string, notice: RetryNotice, locale: Locale = 'en'): string {
  return render(phrase('push.retry', { target: targetLabel(mirror), request: notice.request, reason: notice.said ?? notice.reason, time: seconds(notice.delayMs) }), locale);
}
