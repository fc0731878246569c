// The site bench's result as a Markdown table, ready for the README's performance section.

export interface Row {
  label: string;
  kind: 'time' | 'memory';
  /** Milliseconds or KiB; undefined when not measured. */
  gongbo: number | undefined;
  eleventy?: number | undefined;
  hugo?: number | undefined;
  /** What the archive-scale issue asks of gongbo's figure, and whether it holds (given gongbo's and Eleventy's). */
  target?: { text: string; met: (gongbo: number, eleventy: number | undefined) => boolean | undefined };
}

function value(kind: Row['kind'], n: number | undefined): string {
  if (n === undefined) return '—';
  return kind === 'time' ? `${(n / 1000).toFixed(2)} s` : `${(n / 1024).toFixed(0)} MiB`;
}

function ratio(gongbo: number | undefined, other: number | undefined): string {
  return gongbo === undefined || other === undefined || other === 0 ? '—' : `${(gongbo / other).toFixed(2)}×`;
}

export function formatTable(rows: Row[], withHugo: boolean): string {
  const header = ['', 'gongbo', 'Eleventy', 'gongbo ÷ Eleventy', ...(withHugo ? ['Hugo'] : []), 'target', 'met'];
  const body = rows.map((row) => {
    const met = row.target && row.gongbo !== undefined ? row.target.met(row.gongbo, row.eleventy) : undefined;
    return [
      row.label, value(row.kind, row.gongbo), value(row.kind, row.eleventy), ratio(row.gongbo, row.eleventy),
      ...(withHugo ? [value(row.kind, row.hugo)] : []),
      row.target?.text ?? '', met === undefined ? '' : met ? 'yes' : '**no**',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}
