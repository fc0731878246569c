// What one trial found, and the table that sums up a run.

export type Kind = 'build' | 'push-file' | 'push-webdav';
export const KINDS: readonly Kind[] = ['build', 'push-file', 'push-webdav'];

export interface TrialResult {
  kind: Kind;
  seed: number;
  /** What the trial did, e.g. `incremental, killed at 1830 ms`. */
  scenario: string;
  /** The kill landed while the output was being changed (a temporary folder or a push journal was left). */
  midWrite: boolean;
  /** A site or mirror that is not whole, after the kill or after the rerun. */
  broken: string[];
  /** Feed items pointing at missing files. */
  dangling: string[];
  /** Files or folders left after a rerun that a clean run does not leave. */
  leftovers: string[];
  /** Failures without a clear message and exit code. */
  unclear: string[];
  /** Longest single gongbo run of the trial. */
  maxRunMs: number;
}

export function failed(result: TrialResult): boolean {
  return result.broken.length + result.dangling.length + result.leftovers.length + result.unclear.length > 0;
}

/** The summary table, one row per kind that ran. */
export function formatTable(results: readonly TrialResult[]): string {
  const header = ['kind', 'trials', 'mid-write kills', 'broken sites', 'feeds → missing files', 'leftovers after rerun', 'unclear failures', 'max run time'];
  const rows = KINDS.filter((kind) => results.some((r) => r.kind === kind)).map((kind) => {
    const mine = results.filter((r) => r.kind === kind);
    const count = (pick: (r: TrialResult) => readonly string[]) => String(mine.filter((r) => pick(r).length > 0).length);
    return [kind, String(mine.length), String(mine.filter((r) => r.midWrite).length), count((r) => r.broken), count((r) => r.dangling),
      count((r) => r.leftovers), count((r) => r.unclear), `${(Math.max(...mine.map((r) => r.maxRunMs)) / 1000).toFixed(1)} s`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
