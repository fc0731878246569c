// One notice's pages rendered from its folder as the next build will write them, ahead of that build.
import type { VFile } from 'vfile';
import { loadNoticeFolder } from '../load/load-notices.js';
import { validateNotice } from '../validate/validate-notice.js';
import type { Labels } from '../validate/aliases.js';
import { publicVersions, TextTooComplexError, guardedNotice } from '../transform/compile-notice.js';
import { lazyNotice, noticeCompiler, type CompileBodies } from '../transform/lazy-notice.js';
import { renderNoticePageIn } from '../render/render-notice-outputs.js';
import type { RenderContext } from '../render/html/layout.js';
import type { Translator } from '../i18n/create-i18n.js';
import { LOCALES, type Locale, type SiteConfig } from '../model.js';

export interface NoticePreview {
  /** Its folder's and language files, with what validating them found. */
  files: VFile[];
  /** Its page in each language published now; `undefined` when a file has an error. */
  pages?: Partial<Record<Locale, string>>;
  /** The files of its folder those pages use. */
  assets?: string[];
}

/** Processors are costly to make: one set per translator, as a build makes one set. */
const compilers = new WeakMap<Translator, CompileBodies>();

/**
 * Validate `notices/<id>` as `checkSite` does (with the config it reads, `config`, and the category
 * names of the site's locales, `labels`) and render its pages with `ctx`, the context of the build
 * that will follow; `undefined` when the folder is gone or not one gongbo reads. `drafts`: render
 * drafts and embargoed languages too (`serve --drafts`).
 */
export async function previewNotice(root: string, id: string, config: SiteConfig, ctx: RenderContext, drafts: boolean, labels: Labels): Promise<NoticePreview | undefined> {
  const source = await loadNoticeFolder(root, id);
  if (!source) return undefined;
  const notice = validateNotice(source, config, labels);
  const files = [source.folder, ...LOCALES.flatMap((l) => (source.files[l] ? [source.files[l]!] : []))];
  if (!notice || files.some((f) => f.messages.some((m) => m.fatal))) return { files };
  const now = Date.now();
  // A preview's banners compare release times with the moment of the build, as the build will.
  const at = drafts ? { ...ctx, preview: { now } } : ctx;
  let compile = compilers.get(ctx.t);
  if (!compile) compilers.set(ctx.t, compile = noticeCompiler(ctx.t));
  const lazy = lazyNotice(notice, publicVersions(notice, now, drafts), '', compile);
  if (Object.keys(lazy.versions).length === 0) return { files, pages: {}, assets: [] };
  try {
    const pages = guardedNotice(lazy.source, () => Object.fromEntries(Object.keys(lazy.versions)
      .map((locale) => [locale, renderNoticePageIn(lazy, locale as Locale, at)])));
    return { files, pages, assets: lazy.assets };
  } catch (error) {
    if (error instanceof TextTooComplexError) return { files };
    throw error;
  }
}
