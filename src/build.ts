// Runs the pipeline: load → validate → transform → render → write. The library entry for `build`/`check`.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { VFile } from 'vfile';
import type { Root as MdastRoot } from 'mdast';
import { loadConfig } from './config/load-config.js';
import { loadNotices, type NoticeSource } from './load/load-notices.js';
import { sourceHash } from './load/source-hash.js';
import { validateNotice } from './validate/validate-notice.js';
import { openCheckMemo } from './validate/check-memo.js';
import { categoryNames, labelsOf } from './validate/aliases.js';
import { checkCategoryLabels } from './config/check-category-labels.js';
import { warnCopies } from './validate/check-copies.js';
import { guardedNotice, publicVersions, TextTooComplexError, type CompiledNotice } from './transform/compile-notice.js';
import { lazyNotice, noticeCompiler, type LazyNotice } from './transform/lazy-notice.js';
import { createI18n, localesFingerprint, type Translator } from './i18n/create-i18n.js';
import { checkLocales } from './i18n/check-locales.js';
import { noticePath, pdfFileName } from './render/html/notice-page.js';
import { renderListingPages, renderRootPage, subscribePath } from './render/html/listing-pages.js';
import { renderMirrorPages } from './render/html/mirror-pages.js';
import { renderSitemaps, sitemapKey } from './render/sitemap.js';
import { renderCategoryPages } from './render/html/category-pages.js';
import { renderTagPages } from './render/html/tag-pages.js';
import { renderSubscribePage } from './render/html/subscribe-page.js';
import { opmlPath, renderOpml } from './render/feeds/render-opml.js';
import { openSiteSearch, type SiteSearch } from './render/search/site-search.js';
import { siteAssets } from './render/site-assets.js';
import { listFeedLinks, renderFeeds } from './render/feeds/index.js';
import { listFeedTargets } from './render/feeds/list-feed-targets.js';
import { openItemCache, type ItemCache } from './render/feeds/item-cache.js';
import { openSiteWriter, recoverInterruptedSwap, type BuildState, type Manifest } from './write/write-site.js';
import { buildStatePath, loadBuildState, saveBuildState } from './write/build-state.js';
import { writePdfs, type WrittenPdfs } from './write/write-pdfs.js';
import { writeCards, type WrittenCards } from './write/write-cards.js';
import type { PdfRenderer } from './render/pdf/start-pdf-renderer.js';
import { openPdfCache } from './render/pdf/open-pdf-cache.js';
import { renderNoticeOutputs, renderNoticePageIn, type NoticeOutputs } from './render/render-notice-outputs.js';
import { renderInPool } from './render/render-pool.js';
import { POOL_MIN_NOTICES, poolUseful, runInPool } from './work-pool.js';
import { jobable, toValidateJob } from './validate/validate-job.js';
import type { CheckedAndRendered, RenderPlan } from './check-and-render.js';
import { HeldOutputs } from './write/held-outputs.js';
import type { MemoEntry } from './validate/check-memo.js';
import { codeFingerprint } from './code-fingerprint.js';
import { limitHeapGrowth } from './limit-heap-growth.js';
import { checkOutDir } from './write/check-out-dir.js';
import { lockFolder } from './write/lock-folder.js';
import type { RenderContext } from './render/html/layout.js';
import { LOCALES, type BuildOptions, type Locale, type Notice, type SiteConfig } from './model.js';
export type { CompiledNotice };

export interface CheckResult {
  /** Every file with messages (config and notices), for vfile-reporter. */
  files: VFile[];
  /** `true` when no message is fatal. */
  ok: boolean;
  config?: SiteConfig;
  notices: Notice[];
}

export interface BuildResult extends CheckResult {
  outDir: string;
  /** The notices built, newest first, and what rendered them (for `serve`'s PDFs on demand). */
  compiled?: CompiledNotice[];
  context?: RenderContext;
  manifest?: Manifest;
  /** Notices published in this build (at least one public language). */
  published: number;
  /** Files linked from the previous build because their inputs did not change, and files made. */
  reused?: number;
  made?: number;
  /** Search indexes left out of date (`staleSearch`): a build without it makes them again. */
  staleIndexes?: number;
}

function validateOptions(options: BuildOptions): void {
  if (!options || typeof options.cwd !== 'string') {
    throw new TypeError(`Expected \`options.cwd\` to be a folder path, got \`${String(options?.cwd)}\` (${typeof options?.cwd})`);
  }
  if (options.now !== undefined && !(options.now instanceof Date && !Number.isNaN(options.now.getTime()))) {
    throw new TypeError(`Expected \`options.now\` to be a valid Date, got \`${String(options.now)}\``);
  }
}

/** Load and validate the site at `options.cwd`; every problem is a message on one of `files`. */
export async function checkSite(options: BuildOptions): Promise<CheckResult> {
  validateOptions(options);
  return checkNotices(options);
}

/** Notices rendered while they were validated, for a build to write once every notice is valid. */
interface RenderOnTheWay {
  /** How the build renders, from the config the check loaded. */
  plan: (config: SiteConfig) => RenderPlan;
  keep: (id: string, outputs: NoticeOutputs) => void;
  /** Where the Markdown trees of the few notices validated in this thread go, for their compile. */
  trees: Map<VFile, MdastRoot>;
}

/**
 * Most notices validated in the build's thread whose trees are kept for their compile (each file
 * then parsed once, as the workers do): an edit's few, not a whole archive on one thread.
 */
const TREES_KEPT = POOL_MIN_NOTICES;

async function checkNotices(options: BuildOptions, render?: RenderOnTheWay): Promise<CheckResult> {
  const root = path.resolve(options.cwd);
  const { file: configFile, config } = await loadConfig(root);
  if (!config) return { files: [configFile], ok: false, notices: [] };
  const sources: NoticeSource[] = await loadNotices(root, { records: path.join(root, CACHE_DIR, 'sources.json') });
  // What validating each notice found is kept by its bytes: at archive scale, most are unchanged.
  // Category names in the site's locales let validation say which code `category: 보도자료` meant.
  const names = categoryNames(root, config);
  const labels = labelsOf(names ?? {});
  if (names) checkCategoryLabels(configFile, names);
  const memo = await openCheckMemo(path.join(root, CACHE_DIR, 'check.json'), hashOf(codeFingerprint(), JSON.stringify({ ...config, root: '' }), JSON.stringify(labels)));
  // A cold check of an archive validates on every core; answers are taken in the folders' order.
  const found = new Map<NoticeSource, MemoEntry>();
  const todo = sources.filter((source) => jobable(source) && memo.lacks(source));
  if (poolUseful(todo.length) && render) {
    // A notice validated now is new or changed: its pages are to be made too, from the same parse.
    const plan = render.plan(config);
    await runInPool<NoticeSource, CheckedAndRendered>('checkAndRender', todo, (source) => ({ ...toValidateJob(source, root, config, labels), plan }),
      (source, answer) => {
        found.set(source, answer.entry);
        if (answer.outputs) render.keep(source.id, answer.outputs);
      }, (source) => source.dir);
  } else if (poolUseful(todo.length)) {
    await runInPool<NoticeSource, MemoEntry>('validate', todo, (source) => toValidateJob(source, root, config, labels),
      (source, entry) => void found.set(source, entry), (source) => source.dir);
  }
  const notices: Notice[] = [];
  const keepTrees = render && todo.length <= TREES_KEPT ? (file: VFile, tree: MdastRoot) => void render.trees.set(file, tree) : undefined;
  for (const source of sources) {
    const entry = found.get(source);
    const notice = entry ? memo.adopt(source, entry) : memo.run(source, () => validateNotice(source, config, labels, keepTrees));
    if (notice) notices.push(notice);
  }
  await memo.save();
  // Across notices, so not kept with each one's check: every build looks again (a map of titles).
  warnCopies(notices);
  const files = [configFile, ...checkLocales(root), ...sources.flatMap((s) => [s.folder, ...Object.values(s.files)])]
    .filter((f): f is VFile => f !== undefined);
  const ok = files.every((f) => f.messages.every((m) => !m.fatal));
  return { files, ok, config, notices };
}

/**
 * What a build's pages are rendered with, `config` being the one it builds for (`siteUrl` applied):
 * `serve` renders a saved notice's page between its builds with exactly this.
 */
export function renderContextFor(config: SiteConfig, t: Translator, options: BuildOptions, now: number): RenderContext {
  return { config, t, pdf: options.pdf !== false, cards: wantsCards(options), feeds: listFeedLinks(t), search: true, ...(options.preview ? { preview: { now } } : {}) };
}

/** Social cards are made unless asked not to, or when PDFs are not printed with the build. */
function wantsCards(options: BuildOptions): boolean {
  return options.cards ?? (options.pdf === undefined || options.pdf === true);
}

/** The folder of gongbo's caches in a site (PDFs, compiled notices, what the last build wrote). */
export const CACHE_DIR = '.gongbo-cache';

/**
 * Build the site into `options.out` (default `dist/`), unless a notice has an error.
 *
 * A build is a set of outputs, each with a key naming its inputs (the notice sources it shows, the
 * config, the locales, gongbo's code). An output whose key is the one the previous build wrote is
 * linked from that build instead of being made again, so a rebuild costs what changed. Outputs
 * stream to the temporary folder as they are made: memory holds notices' metadata, not pages.
 */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  validateOptions(options);
  limitHeapGrowth();
  const root = path.resolve(options.cwd);
  const outDir = path.resolve(root, options.out ?? 'dist');
  await checkOutDir(root, outDir);
  // One writer at a time; held from before the sources are read, so the last build to finish saw the newest ones.
  const lock = await lockFolder(outDir, { command: 'build', wait: options.lockWait, onWait: options.onLockWait });
  try {
    // Before validating: a build with errors then leaves the previous site in place, as it says.
    await recoverInterruptedSwap(outDir, { locked: true });
    return await buildInto(options, root, outDir);
  } finally {
    await lock.release();
  }
}

/** What one build is, from its start to its end (what every phase of `buildInto` reads). */
interface BuildRun {
  options: BuildOptions;
  root: string;
  outDir: string;
  /** The site's cache folder (CACHE_DIR). */
  cacheDir: string;
  /** The build's clock: embargoes and previews are decided against it. */
  now: number;
  /** When the sources began to be read: the manifest's time. */
  sourcesReadAt: Date;
  /** Pages rendered while their notices were validated, until every notice is known to be valid. */
  held: HeldOutputs<NoticeOutputs>;
  /** Markdown trees validation parsed in the build's thread, until their notice is compiled. */
  trees: Map<VFile, MdastRoot>;
  trace: ReturnType<typeof phaseTimer>;
}

async function buildInto(options: BuildOptions, root: string, outDir: string): Promise<BuildResult> {
  const cacheDir = path.join(root, CACHE_DIR);
  const run: BuildRun = {
    options, root, outDir, cacheDir, trace: phaseTimer(), sourcesReadAt: new Date(),
    now: (options.now ?? new Date()).getTime(), held: new HeldOutputs<NoticeOutputs>(cacheDir), trees: new Map(),
  };
  try {
    return await renderChecked(run);
  } finally {
    run.held.close();
    // Trees of notices no output compiled (drafts, pages kept): `serve` holds the result until its next build.
    run.trees.clear();
  }
}

/** How this build renders, from the site's config: the same in the build's thread and in workers. */
function renderPlanOf(root: string, checkedConfig: SiteConfig, options: BuildOptions, now: number): RenderPlan {
  const config = options.siteUrl ? { ...checkedConfig, site: { ...checkedConfig.site, url: options.siteUrl } } : checkedConfig;
  const cards = wantsCards(options);
  const key = hashOf(codeFingerprint(), localesFingerprint(root), JSON.stringify({ ...config, root: '' }),
    String(options.pdf ?? true), cards ? 'cards' : '', options.preview ? 'preview' : '');
  return {
    context: { key, root, config, pdf: options.pdf !== false, cards, ...(options.preview ? { previewNow: now } : {}) },
    now,
  };
}

async function renderChecked(run: BuildRun): Promise<BuildResult> {
  const { options, root, outDir, cacheDir, now, held, trace: T } = run;
  // Planned once, by the check when it renders on the way (it reads the fingerprints of the code and locales).
  let planned: RenderPlan | undefined;
  const checked = await checkNotices(options, {
    plan: (config) => (planned = renderPlanOf(root, config, options, now)), keep: (id, outputs) => held.put(id, outputs), trees: run.trees,
  });
  T('checked');
  if (!checked.ok || !checked.config) return { ...checked, outDir, published: 0 };
  const plan = planned ?? renderPlanOf(root, checked.config, options, now);
  const { config, cards, key: contextKey } = plan.context;
  const t = createI18n(root);
  const ctx = renderContextFor(config, t, options, now);
  const previous = await loadBuildState(buildStatePath(cacheDir, outDir));
  const compiler = noticeCompiler(t, run.trees);

  const notices: KeyedNotice[] = [];
  const previewNow = plan.context.previewNow;
  for (const notice of checked.notices) {
    const versions = publicVersions(notice, now, options.preview);
    if (Object.keys(versions).length === 0) continue;
    const key = noticeKey(contextKey, notice, versions, previewNow);
    const lazy = lazyNotice(notice, versions, key, compiler, previous?.notices?.[key]?.assets);
    notices.push(Object.assign(lazy, { pageKeys: pageKeysOf(contextKey, notice, versions, previewNow) }));
  }
  // Newest first; the id breaks ties so the order never depends on the file system.
  notices.sort((a, b) => releaseTime(b) - releaseTime(a) || (a.id < b.id ? 1 : -1));

  const writer = await openSiteWriter(outDir, { sourcesReadAt: run.sourcesReadAt, site: root, ...(previous ? { previous } : {}) });
  const items = openItemCache(path.join(cacheDir, 'items'), ctx);
  let result;
  let pdfs: WrittenPdfs | undefined;
  let written: WrittenCards | undefined;
  // One browser for the build's PDFs and cards, started on the first one no cache has.
  let browser: Promise<PdfRenderer> | undefined;
  const renderer = () => (browser ??= import('./render/pdf/start-pdf-renderer.js')
    .then(({ startPdfRenderer }) => startPdfRenderer({ cacheDir })));
  let search: SiteSearch | undefined;
  let searchWritten: Promise<void> | undefined;
  const pageKey = (notice: KeyedNotice, locale: Locale) => notice.pageKeys[locale]!;
  try {
    search = await openSiteSearch({
      notices, pageKey, contextKey, ctx, outDir, scratchDir: cacheDir, reusable: writer.reusable, ...(previous ? { previousOutputs: previous.outputs } : {}),
      stale: options.staleSearch ?? false, ...(options.searchBundleNotices === undefined ? {} : { bundleNotices: options.searchBundleNotices }),
    });
    try {
      pdfs = ctx.pdf && options.pdf !== 'on-demand'
        ? await writePdfs(notices, ctx, writer, {
          cacheDir, renderer,
          ...(previous?.pdfCache ? { previousCacheKeys: previous.pdfCache } : {}),
          ...(options.onPdfProgress ? { onProgress: options.onPdfProgress } : {}),
        })
        : undefined;
      if (pdfs) T('pdfs');
      written = cards
        ? await writeCards(notices, ctx, writer, {
          cacheDir, renderer,
          ...(previous?.cardCache ? { previousCacheKeys: previous.cardCache } : {}),
          ...(options.onCardProgress ? { onProgress: options.onCardProgress } : {}),
        })
        : undefined;
      if (written) T('cards');
    } finally {
      if (browser) await browser.then((b) => b.close(), () => undefined);
    }
    const pdfSizes = pdfs?.sizes ?? new Map<string, number>();
    const targets = listFeedTargets(config);
    const addNotice = async (notice: KeyedNotice, made?: NoticeOutputs) => {
      if (made?.failed) {
        notice.source.versions[made.failed.locale]!.file.message(made.failed.reason, {
          place: { line: 1, column: 1 }, ruleId: 'body-too-complex', source: 'gongbo',
        }).fatal = true;
        throw new TextTooComplexError(`${notice.dir} could not be laid out`);
      }
      if (made) notice.knowAssets(made.assets);
      for (const locale of LOCALES) {
        if (!notice.versions[locale]) continue;
        const dir = noticePath(notice.id, locale);
        const page = made?.pages[locale];
        await writer.add({ path: `${dir}index.html`, key: pageKey(notice, locale), make: () => ({ data: page ?? renderNoticePageIn(notice, locale, ctx) }) });
        search!.page(locale, notice.id, page, () => renderNoticePageIn(notice, locale, ctx));
        await search!.room();
        for (const asset of notice.assets) await writer.add({ path: dir + asset, from: path.join(root, notice.dir, notice.diskNames?.[asset] ?? asset) });
      }
      // Its feed items are made with its pages, while its text is compiled, so that feeds read
      // them back instead of compiling every notice of the archive again.
      if (made && Object.keys(made.items).length > 0) {
        items.put(notice, made.items, (locale) => pdfSizes.get(noticePath(notice.id, locale) + pdfFileName(notice.id, locale)));
      }
      notice.release();
    };
    // Pagefind indexes in its own process, on the core the pages, listings and feeds below leave
    // idle: each index is asked for now, and made as soon as its pages are added.
    const openSearch = search;
    searchWritten = (async () => {
      for await (const output of openSearch.outputs()) await writer.add(output);
      T('search');
    })();
    searchWritten.catch(() => {}); // awaited below, on success and on failure
    // Notices whose pages the previous build has are linked; the others are rendered, on every
    // core when there are many (a cold build), else here.
    const toRender: KeyedNotice[] = [];
    for (const notice of notices) {
      // Rendered while it was validated.
      const made = held.take(notice.id);
      if (made) {
        await addNotice(notice, made);
        continue;
      }
      // By the keys the previous build recorded, without looking at its files: one that was changed
      // since is made again when added, in this thread (rare: only a hand in dist/ changes them).
      const reusable = LOCALES.every((locale) => !notice.versions[locale]
        || previous?.outputs[`${noticePath(notice.id, locale)}index.html`]?.[0] === pageKey(notice, locale));
      if (reusable) await addNotice(notice);
      else toRender.push(notice);
    }
    T('reused');
    if (poolUseful(toRender.length)) {
      await renderInPool(toRender, plan.context, addNotice);
    } else {
      for (const notice of toRender) await addNotice(notice, guardedNotice(notice.source, () => renderNoticeOutputs(notice, ctx, targets)));
    }
    T('rendered');
    for (const locale of LOCALES) for (const output of renderListingPages(notices, locale, ctx, LOCALES, contextKey)) await writer.add(output);
    for (const locale of LOCALES) for (const output of renderCategoryPages(notices, locale, ctx, LOCALES, contextKey)) await writer.add(output);
    for (const locale of LOCALES) for (const output of renderTagPages(notices, locale, ctx, contextKey)) await writer.add(output);
    T('listings');
    for (const locale of LOCALES) {
      await writer.add({ path: `${subscribePath(locale)}index.html`, key: hashOf(contextKey, 'subscribe', locale), make: () => ({ data: renderSubscribePage(locale, ctx) }) });
      await writer.add({ path: opmlPath(locale), key: hashOf(contextKey, 'opml', locale), make: () => ({ data: renderOpml(locale, ctx) }) });
    }
    await writer.add({ path: 'index.html', key: hashOf(contextKey, 'root'), make: () => ({ data: renderRootPage(ctx).data }) });
    for (const mirror of config.mirrors) for (const output of renderMirrorPages(notices, mirror, ctx, contextKey)) await writer.add(output);
    T('mirrors');
    for (const output of renderSitemaps(notices, config, sitemapKey(contextKey, notices), undefined, (file) => previous?.outputs[file]?.[0])) await writer.add(output);
    for (const output of await siteAssets()) await writer.add(output);
    for (const output of renderFeeds(notices, ctx, { pdfSizes, contentOf: items.contentOf, xmlOf: items.xmlOf, contextKey })) await writer.add(output);
    T('feeds');
    await searchWritten;
    result = await writer.finish();
    T('finished', result.work);
  } catch (error) {
    // Its indexes wait for pages that will not come now: given up first (whatever closing says,
    // the build's own error is the one to report). It may still be writing into the folder that
    // abort removes.
    await search?.close().catch(() => {});
    await searchWritten?.catch(() => {});
    await writer.abort();
    // A text that breaks the compiler is the author's to fix, like any other error: nothing is written.
    if (error instanceof TextTooComplexError || (error as Error).cause instanceof TextTooComplexError) {
      return { ...checked, ok: false, outDir, published: 0 };
    }
    throw error;
  }
  await search.close();
  await keepForNextBuild(run, previous, { state: result.state, notices, items, pdfs, written });
  T('end');
  return { ...checked, outDir, manifest: result.manifest, published: notices.length, compiled: notices, context: ctx, reused: result.work.kept + result.work.linked, made: result.work.made,
    staleIndexes: search.staleIndexes };
}

/**
 * Save what this build wrote for the next one, and prune the caches of what no output uses any more.
 */
async function keepForNextBuild(run: BuildRun, previous: BuildState | undefined, built: {
  state: BuildState; notices: readonly KeyedNotice[]; items: ItemCache; pdfs: WrittenPdfs | undefined; written: WrittenCards | undefined;
}): Promise<void> {
  const { state, notices, items, pdfs, written } = built;
  items.flush();
  state.notices = Object.fromEntries(notices.map((n) => [n.key, { assets: n.assets }]));
  if (pdfs) state.pdfCache = pdfs.cacheKeys;
  if (written) state.cardCache = written.cacheKeys;
  await saveBuildState(buildStatePath(run.cacheDir, run.outDir), state);
  // Entries go when their notice's key does: a rebuild where every previous key is still here has nothing to remove.
  const keys = new Set(notices.map((n) => n.key));
  const gone = !previous?.notices || Object.keys(previous.notices).some((key) => !keys.has(key));
  if (gone) await items.prune(keys);
  // The PDF cache keeps one entry per PDF of the site, whether printed or linked this time.
  if (pdfs) await openPdfCache(path.join(run.cacheDir, 'pdf')).prune(new Set(Object.values(pdfs.cacheKeys)));
  if (written) {
    const { PNG_FORMAT } = await import('./render/social/png-format.js');
    await openPdfCache(path.join(run.cacheDir, 'cards'), PNG_FORMAT).prune(new Set(Object.values(written.cacheKeys)));
  }
}

/**
 * With `GONGBO_TRACE=1`, each phase's end on stderr in milliseconds from the start of the build, and
 * the process's memory then (all threads' RSS, this thread's heap)
 * (for `npm run bench` and anyone asking where an archive's build spends its time).
 */
function phaseTimer(): (phase: string, counts?: object) => void {
  if (!process.env.GONGBO_TRACE) return () => {};
  const started = performance.now();
  const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
  return (phase, counts) => {
    const memory = process.memoryUsage();
    const extra = counts ? `, ${Object.entries(counts).map(([k, v]) => `${k} ${String(v)}`).join(', ')}` : '';
    process.stderr.write(`gongbo trace: ${phase} ${Math.round(performance.now() - started)} ms, rss ${mib(memory.rss)} MiB, heap ${mib(memory.heapUsed)} MiB${cpuTimes()}${extra}\n`);
  };
}

/**
 * CPU used so far by this thread and by the whole process (every thread, and children waited for),
 * in ms, where Linux tells (/proc): a phase whose wall time exceeds its thread's CPU time waited
 * for the disk, another thread, or a core.
 */
function cpuTimes(): string {
  const ticks = (file: string) => {
    try {
      // Fields after the command's parenthesis: utime and stime are the 12th and 13th, in
      // hundredths of a second (Linux's USER_HZ).
      const stat = readFileSync(file, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  };
  const thread = ticks('/proc/thread-self/stat');
  const all = ticks('/proc/self/stat');
  return thread === undefined || all === undefined ? '' : `, cpu ${thread} ms (process ${all} ms)`;
}

function hashOf(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/**
 * What a notice's outputs are made from: the build's context, its language files as published now
 * (and, in a preview, which of them are not yet public), and its folder's files.
 */
function noticeKey(contextKey: string, notice: Notice, versions: Notice['versions'], previewNow?: number): string {
  const hash = createHash('sha256').update(contextKey).update('\0').update(notice.id).update('\0').update(notice.assets.join('\0'));
  for (const [locale, version] of Object.entries(versions)) {
    const unpublished = previewNow !== undefined && (version!.meta.status === 'draft' || version!.meta.date.ms > previewNow);
    hash.update(`\0${locale}\0${unpublished}\0`).update(sourceHash(version!.file));
    for (const attachment of version!.meta.attachments) hash.update(`\0${attachment.file}\0${attachment.size}`);
  }
  return hash.digest('hex');
}

/** A notice with the key of its page in each language. */
type KeyedNotice = LazyNotice & { pageKeys: Partial<Record<Locale, string>> };

/**
 * What each language's page of a notice is made from: that language's file alone (a page shows
 * which translations exist, not what they say), so that an edit of the Korean text leaves the
 * English page, and the English search index, as they were.
 */
function pageKeysOf(contextKey: string, notice: Notice, versions: Notice['versions'], previewNow?: number): Partial<Record<Locale, string>> {
  const locales = Object.keys(versions).sort().join(',');
  const keys: Partial<Record<Locale, string>> = {};
  for (const [locale, version] of Object.entries(versions) as Array<[Locale, NonNullable<Notice['versions'][Locale]>]>) {
    keys[locale] = noticeKey(hashOf(contextKey, 'page', locales), notice, { [locale]: version }, previewNow);
  }
  return keys;
}

function releaseTime(notice: CompiledNotice): number {
  return Math.max(...Object.values(notice.versions).map((v) => v.meta.date.ms));
}
