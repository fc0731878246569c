// Cuts one language's notices into search bundles: runs of consecutive months of one year, up to a number of notices.

/**
 * Most notices in a bundle of several months. An edit makes its bundle's index again: Pagefind took
 * 120 ms of CPU for 60 pages, 160 ms for 100, 220 ms for 130, 1.3 s for a year's 700, so 100 keeps
 * it well inside a rebuild's half second. A reader's first search loads each bundle's entry and
 * metadata and, per word, one index chunk (Pagefind's WebAssembly once): at 60 notices a month,
 * 12 bundles a year; 33 bundles cost 112 requests and 363 KB.
 */
export const SEARCH_BUNDLE_NOTICES = 100;

/** A bundle's folder name (see SearchBundle's `name`). */
export function isSearchBundleName(name: string): boolean {
  return /^\d{4}-\d\d(?:_\d{4}-\d\d)?$/.test(name);
}

export interface SearchBundle<N> {
  /**
   * The bundle's folder under `pagefind/`: its first and last month, `2024-03` for one month,
   * `2024-01_2024-02` for several (months without notices in between belong to it).
   */
  name: string;
  /** In the order given. */
  notices: N[];
}

/**
 * The bundles of `notices`, newest first. Months are grouped from January, each joining the bundle
 * before it while that stays within `most` notices: the usual change, a notice of the current month,
 * can only grow or start the last bundle, never move an earlier boundary. A month of more than
 * `most` notices is a bundle of its own; a year never shares a bundle with another.
 */
export function planSearchBundles<N>(notices: readonly N[], monthOf: (notice: N) => string, most = SEARCH_BUNDLE_NOTICES): Array<SearchBundle<N>> {
  if (!Number.isInteger(most) || most < 1) {
    throw new TypeError(`Expected \`searchBundleNotices\` to be a whole number >= 1, got \`${String(most)}\` (${typeof most})`);
  }
  const monthOfEach = notices.map(monthOf);
  const byMonth = new Map<string, number>();
  for (const month of monthOfEach) byMonth.set(month, (byMonth.get(month) ?? 0) + 1);
  const runs: string[][] = [];
  let count = 0;
  for (const month of [...byMonth.keys()].sort()) {
    const size = byMonth.get(month)!;
    const run = runs.at(-1);
    if (run && run[0]!.slice(0, 4) === month.slice(0, 4) && count + size <= most) {
      run.push(month);
      count += size;
    } else {
      runs.push([month]);
      count = size;
    }
  }
  const bundles = runs.map((months) => ({
    name: months.length === 1 ? months[0]! : `${months[0]}_${months.at(-1)}`,
    notices: [] as N[],
  }));
  const bundleOf = new Map(runs.flatMap((months, i) => months.map((month) => [month, bundles[i]!] as const)));
  notices.forEach((notice, i) => bundleOf.get(monthOfEach[i]!)!.notices.push(notice));
  return bundles.reverse();
}
