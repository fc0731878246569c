// What `serve` shows of a save of notices' texts before the build that follows it: their pages, rendered ahead of it.
import type { BuildResult } from '../build.js';
import { CONFIG_FILE } from '../config/load-config.js';
import type { Translator } from '../i18n/create-i18n.js';
import { LOCALES, type Locale, type SiteConfig } from '../model.js';
import type { RenderContext } from '../render/html/layout.js';
import { categoryLabels, type Labels } from '../validate/aliases.js';
import { overlayProblems, type OverlayProblem } from './live-reload.js';
import { previewNotice, type NoticePreview } from './notice-preview.js';
import type { PageOverlay, SiteView } from './page-overlay.js';
import { touchedBy } from './serve-problems.js';

/** A notice's language file: a save of only these can be previewed before the build. */
const NOTICE_TEXT = /^notices\/([^/]+)\/(ko|en)\.md$/;

/** The config and render context the next build will use. */
export interface NextBuild {
  config: SiteConfig;
  ctx: RenderContext;
}

export interface SavePreviewOptions {
  /** The site's folder. */
  root: string;
  /** Render drafts and embargoed languages too (`serve --drafts`). */
  drafts: boolean;
  /** The language of the overlay's messages. */
  locale: Locale;
  /** Where previewed pages go, served over the built folder until a build has them. */
  overlay: PageOverlay;
  /** Every file saved while serving, whose warnings the overlay lists: a preview adds its saves. */
  edited: Set<string>;
  /** The config and render context of the build to come; `undefined` when the config cannot be read. */
  nextBuild(): Promise<NextBuild | undefined>;
  /** The site served now; `undefined` while there is none, when every notice's page is made on demand. */
  served(): SiteView | undefined;
  /** The overlay's strings. */
  translate(): Translator;
  /** What the overlay lists now. */
  problems(): OverlayProblem[];
  /** Tells open pages: `pages` (paths in the site, in the overlay already) are new, and the overlay lists `problems`. */
  show(pages: string[], problems: OverlayProblem[]): void;
  /** Reads the category names of the site's locales for `config`. Default `categoryLabels`. */
  readLabels?(root: string, config: SiteConfig): Labels;
}

/**
 * Shows a save of notices' texts at once: validates those notices, renders their pages as the build
 * will and puts them in the overlay. Previews run one after another, never behind a build.
 */
export class SavePreview {
  readonly #options: SavePreviewOptions;
  /** Saves no good build has read yet (a preview is sure of its page only while they are all notices' texts). */
  readonly #unsettled = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();
  /** The category names validation needs: read once per config, and again after a save of the config or locales. */
  #labels: { categories: string; labels: Labels } | undefined;
  readonly #warmed = new WeakSet<Translator>();

  constructor(options: SavePreviewOptions) {
    this.#options = options;
  }

  /**
   * Saves seen together (paths relative to the site): resolves to whether their pages are shown
   * (`false` when the build will show them) and how many milliseconds the preview took.
   */
  saved(changes: string[]): Promise<{ shown: boolean; took: number }> {
    for (const change of changes) {
      this.#unsettled.add(change);
      if (change === CONFIG_FILE || change === 'locales' || change.startsWith('locales/')) this.#labels = undefined;
    }
    const previewed = this.#queue.then(async () => {
      const started = performance.now();
      const shown = await this.#preview(changes);
      return { shown, took: performance.now() - started };
    });
    this.#queue = previewed.catch(() => undefined);
    return previewed;
  }

  /** The saves a build starting now reads; once it has succeeded, pass them to `built`. */
  reading(): string[] {
    return [...this.#unsettled];
  }

  /** A good build has read `read`. */
  built(read: string[], result: BuildResult): void {
    for (const change of read) this.#unsettled.delete(change);
    this.#warm(result);
  }

  /** Resolves once no preview is running or waiting. */
  async done(): Promise<void> {
    await this.#queue;
  }

  /**
   * A notice's pages from its folder, with the context of the build to come, and when its sources
   * were read (`performance.now()`); `undefined` as for `previewNotice`, or without a config.
   */
  async notice(id: string): Promise<{ previewed: NoticePreview; readAt: number } | undefined> {
    const next = await this.#options.nextBuild();
    if (!next) return undefined;
    const readAt = performance.now();
    const previewed = await this.#render(id, next);
    return previewed && { previewed, readAt };
  }

  #render(id: string, { config, ctx }: NextBuild): Promise<NoticePreview | undefined> {
    const categories = JSON.stringify(config.categories);
    if (this.#labels?.categories !== categories) {
      this.#labels = { categories, labels: (this.#options.readLabels ?? categoryLabels)(this.#options.root, config) };
    }
    return previewNotice(this.#options.root, id, config, ctx, this.#options.drafts, this.#labels.labels);
  }

  /**
   * `false` (the build will show it) when a preview cannot be exact: another kind of file changed,
   * a notice has an error, it is published in other languages than the site served has (new,
   * removed, made a draft or embargoed) or its pages use a file the site served lacks.
   */
  async #preview(changes: string[]): Promise<boolean> {
    const { overlay, edited } = this.#options;
    for (const change of this.#unsettled) if (!NOTICE_TEXT.test(change)) return false;
    const ids = new Set(changes.map((change) => NOTICE_TEXT.exec(change)![1]!));
    const next = await this.#options.nextBuild();
    if (!next) return false;
    const readAt = performance.now();
    const pages = new Map<string, string>();
    const files = [];
    for (const id of ids) {
      const previewed = await this.#render(id, next);
      if (!previewed) return false;
      files.push(...previewed.files);
      if (!previewed.pages) continue;
      // Read after the render: the first build may have finished meanwhile.
      const disk = this.#options.served();
      for (const l of LOCALES) {
        const page = `${l}/${id}/index.html`;
        const html = previewed.pages[l];
        if (disk && (html !== undefined) !== (disk.has(page) || overlay.get(page) !== undefined)) return false;
        if (html === undefined) continue;
        if (disk && previewed.assets!.some((asset) => !disk.has(`${l}/${id}/${asset}`))) return false;
        pages.set(page, html);
      }
    }
    const folders = [...ids].map((id) => `notices/${id}`);
    const inFolders = (file: string) => folders.some((folder) => file === folder || file.startsWith(`${folder}/`));
    for (const change of changes) edited.add(change);
    const fresh = overlayProblems(files, this.#options.translate(), this.#options.locale, touchedBy(edited));
    const kept = this.#options.problems().filter((p) => !inFolders(p.file));
    const errors = [...kept, ...fresh].filter((p) => p.severity === 'error');
    // An error anywhere: the build reports it, and the page stays as it was.
    if (errors.length > 0 || pages.size === 0) return false;
    for (const [page, html] of pages) overlay.put(page, html, readAt);
    this.#options.show([...pages.keys()], [...kept, ...fresh]);
    return true;
  }

  /**
   * The first preview with a build's translator makes its Markdown processors and runs code not run
   * yet (a third of a second at archive scale): do it once now, on the newest notice, so that the
   * first save shows as fast as the next ones.
   */
  #warm(result: BuildResult): void {
    const newest = result.compiled?.[0];
    if (!newest || !result.config || !result.context || this.#warmed.has(result.context.t)) return;
    this.#warmed.add(result.context.t);
    const next = { config: result.config, ctx: result.context };
    this.#queue = this.#queue.then(() => this.#render(newest.id, next)).catch(() => undefined);
  }
}
