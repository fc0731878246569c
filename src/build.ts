// Runs the pipeline: load → validate → transform → render → write. The library entry for `build`/`check`.
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { VFile } from 'vfile';
import { loadConfig } from './config/load-config.js';
import { loadNotices, type NoticeSource } from './load/load-notices.js';
import { validateNotice } from './validate/validate-notice.js';
import { compileNotice, createProcessors, guarded, publicVersions, type CompiledNotice } from './transform/compile-notice.js';
import { createI18n } from './i18n/create-i18n.js';
import { checkLocales } from './i18n/check-locales.js';
import { renderNoticePage, noticePath } from './render/html/notice-page.js';
import { renderListingPages, renderRootPage } from './render/html/listing-pages.js';
import { renderMirrorPages } from './render/html/mirror-pages.js';
import { renderSitemap } from './render/sitemap.js';
import { siteAssets } from './render/site-assets.js';
import { listFeedLinks, measurePdfs, renderFeeds } from './render/feeds/index.js';
import { writeSite, type Manifest, type Output } from './write/write-site.js';
import { checkOutDir } from './write/check-out-dir.js';
import type { RenderContext } from './render/html/layout.js';
import { LOCALES, type BuildOptions, type Notice, type SiteConfig } from './model.js';
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
  const root = path.resolve(options.cwd);
  const { file: configFile, config } = await loadConfig(root);
  if (!config) return { files: [configFile], ok: false, notices: [] };
  const sources: NoticeSource[] = await loadNotices(root);
  const notices: Notice[] = [];
  for (const source of sources) {
    const notice = validateNotice(source, config);
    if (notice) notices.push(notice);
  }
  const files = [configFile, ...checkLocales(root), ...sources.flatMap((s) => [s.folder, ...Object.values(s.files)])]
    .filter((f): f is VFile => f !== undefined);
  const ok = files.every((f) => f.messages.every((m) => !m.fatal));
  return { files, ok, config, notices };
}

/** Build the site into `options.out` (default `dist/`), unless a notice has an error. */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  validateOptions(options);
  const root = path.resolve(options.cwd);
  const outDir = path.resolve(root, options.out ?? 'dist');
  await checkOutDir(root, outDir);
  const sourcesReadAt = new Date();
  const checked = await checkSite(options);
  if (!checked.ok || !checked.config) return { ...checked, outDir, published: 0 };
  const config = options.siteUrl
    ? { ...checked.config, site: { ...checked.config.site, url: options.siteUrl } }
    : checked.config;
  const now = (options.now ?? new Date()).getTime();
  const t = createI18n(root);
  const processors = createProcessors(t);
  const ctx: RenderContext = {
    config, t, pdf: options.pdf !== false, feeds: listFeedLinks(t), ...(options.preview ? { preview: { now } } : {}),
  };

  const compiled: CompiledNotice[] = [];
  for (const notice of checked.notices) {
    const versions = publicVersions(notice, now, options.preview);
    if (Object.keys(versions).length === 0) continue;
    const key = options.cache ? compileKey(notice, versions) : '';
    const hit = options.cache?.get(key);
    const result = hit ?? compileNotice({ ...notice, versions }, processors);
    if (!result) continue;
    if (options.cache && !hit) options.cache.set(key, result);
    compiled.push(result);
  }
  // A text that breaks the compiler is the author's to fix, like any other error: nothing is written.
  if (!checked.files.every((f) => f.messages.every((m) => !m.fatal))) return { ...checked, ok: false, outDir, published: 0 };
  // Newest first; the id breaks ties so the order never depends on the file system.
  compiled.sort((a, b) => releaseTime(b) - releaseTime(a) || (a.id < b.id ? 1 : -1));

  const outputs: Output[] = [];
  if (ctx.pdf && options.pdf !== 'on-demand') {
    // Before the feeds, which need the PDFs' sizes for enclosures. Imported lazily, so that
    // `--no-pdf` and `check` never load puppeteer.
    const { renderPdfs } = await import('./render/pdf/render-pdfs.js');
    outputs.push(...(await renderPdfs(compiled, ctx, {
      cacheDir: path.join(root, '.gongbo-cache'),
      ...(options.onPdfProgress ? { onProgress: options.onPdfProgress } : {}),
    })));
  }
  for (const notice of compiled) {
    for (const locale of LOCALES) {
      if (!notice.versions[locale]) continue;
      const dir = noticePath(notice.id, locale);
      const page = guarded(checked.notices.find((n) => n.id === notice.id)!.versions[locale]!.file, () => renderNoticePage(notice, locale, ctx));
      if (page === undefined) return { ...checked, ok: false, outDir, published: 0 };
      outputs.push({ path: `${dir}index.html`, data: page });
      for (const asset of notice.assets) outputs.push({ path: dir + asset, from: path.join(root, notice.dir, asset) });
    }
  }
  for (const locale of LOCALES) outputs.push(...renderListingPages(compiled, locale, ctx));
  outputs.push(renderRootPage(ctx));
  for (const mirror of config.mirrors) outputs.push(...renderMirrorPages(compiled, mirror, ctx));
  outputs.push({ path: 'sitemap.xml', data: renderSitemap(compiled, config) });
  outputs.push(...(await siteAssets()));
  outputs.push(...renderFeeds(compiled, ctx, { pdfSizes: measurePdfs(outputs) }));

  const manifest = await writeSite(outputs, outDir, { sourcesReadAt });
  return { ...checked, outDir, manifest, published: compiled.length, compiled, context: ctx };
}

/** What a compiled notice depends on: its language files as published now, and its folder's files. */
function compileKey(notice: Notice, versions: Notice['versions']): string {
  const hash = createHash('sha256').update(notice.id).update('\0').update(notice.assets.join('\0'));
  for (const [locale, version] of Object.entries(versions)) hash.update(`\0${locale}\0`).update(String(version!.file.value));
  return hash.digest('hex');
}

function releaseTime(notice: CompiledNotice): number {
  return Math.max(...Object.values(notice.versions).map((v) => v.meta.date.ms));
}
