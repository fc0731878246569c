// The lines `gongbo push` prints: one summary per mirror, the plan of a dry run, retries and warnings.
import { formatBytes as formatSize } from '../render/format.js';
import type { MirrorPushResult } from './push-mirror.js';
import type { RetryNotice } from './transport.js';
import { ORIGIN } from '../model.js';

/** How lines name a push target: `mirror iris`, or `origin` for `site.deploy`. */
export function targetLabel(name: string): string {
  return name === ORIGIN ? 'origin' : `mirror ${name}`;
}

/** Sizes as the site shows them (decimal units), in the terminal's English. */
export function formatBytes(bytes: number): string {
  return formatSize(bytes, 'en');
}

/** `1234` → `1.2 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The one line that sums up a mirror: what was sent, or why it failed. */
export function formatSummary(result: MirrorPushResult): string {
  if (result.error) return result.error.message;
  if (result.dryRun) {
    const plan = result.plan!;
    const uploads = plan.waves.flat();
    const bytes = uploads.reduce((sum, u) => sum + u.file.size, 0);
    return `${targetLabel(result.mirror)} (dry run): would upload ${uploads.length} (${formatBytes(bytes)}), delete ${plan.delete.length}, leave ${plan.unchanged.length} unchanged`
      + `${plan.writeManifest ? ', then write manifest.json' : ''}`;
  }
  return `${targetLabel(result.mirror)}: ${result.uploaded} uploaded, ${result.deleted} deleted, ${result.unchanged} unchanged, ${formatBytes(result.bytes)} in ${seconds(result.ms)}`;
}

/** The files a dry run would change, one per line, in the order push would change them. */
/** Folders with more uploads than this are shown as one line (the 250 font slices, say). */
const GROUP_OVER = 5;

export function formatPlan(result: MirrorPushResult): string[] {
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
      lines.push(`  ${fresh === group.length ? '+' : '~'} ${folder} (${group.length} files, ${fresh} new, ${formatBytes(bytes)})`);
    } else {
      lines.push(`  ${upload.change === 'new' ? '+' : '~'} ${upload.file.path} (${upload.change}, ${formatBytes(upload.file.size)})`);
    }
  }
  return [...lines, ...result.plan.delete.map((p) => `  - ${p}`)];
}

export function formatRetry(mirror: string, notice: RetryNotice): string {
  return `${targetLabel(mirror)}: ${notice.request} failed (${notice.reason}); trying again in ${seconds(notice.delayMs)}`;
}
