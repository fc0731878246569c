// Prints HTML to PDF (and takes PNG screenshots of social cards) with a pool of Chromium pages: one
// browser, about one page per core, replaced after many jobs.
import os from 'node:os';
import path from 'node:path';
import type { Page, PDFOptions } from 'puppeteer';
import { ChromiumNotFoundError } from './find-chromium.js';
import { launchBrowser, type LaunchedBrowser } from './launch-browser.js';
import { loadPdfAssets } from './load-pdf-assets.js';
import { PDF_ORIGIN, type ResourceLoader } from './pdf-origin.js';
import { routeRequests, type PageRoutes } from './route-requests.js';
import { CARD_SIZE } from '../social/card-facts.js';

/** One PDF to print. */
export interface PrintJob {
  /** The language of the text (`<html lang>`). */
  lang: string;
  /** The document title, which Chromium writes as the PDF's. */
  title: string;
  bodyClass?: string[];
  /**
   * The content of `<body>`, as HTML. Treated as untrusted: no script runs, and every request it
   * makes goes through routeRequests. The head and its stylesheets are the printer's.
   */
  body: string;
  /** A stylesheet for this job only, e.g. the `@page` margin boxes of the footer. */
  pageCss?: string;
  /** Text printed in page margin boxes, whose font slices must be loaded before printing. */
  marginText?: string;
  /** Files of this job besides the shared PDF assets (the notice's images). */
  load?: ResourceLoader;
}

/** One PNG to take (a social card): `body` laid out in a window of SCREENSHOT_SETTINGS' size. */
export interface ScreenshotJob {
  lang: string;
  title: string;
  /** The content of `<body>`, as HTML; untrusted like a PrintJob's. */
  body: string;
  /** The job's stylesheet: the shell links only the fonts, not the PDF stylesheet. */
  css: string;
  /** Text whose font slices must be loaded besides those the layout asks for. Default `''`. */
  text?: string;
  load?: ResourceLoader;
}

export interface PdfRendererOptions {
  /** Pages printing at the same time. Default: the number of CPU cores, `os.availableParallelism()`. */
  concurrency?: number;
  /** Jobs one browser prints before it is replaced (Chromium's memory grows with every page). Default `150`. */
  restartAfter?: number;
  /** Environment Chromium is looked up in (see findChromium). Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /**
   * Folder for gongbo's caches (the site's `.gongbo-cache/`): browser profiles go to `chromium/`
   * inside it, where a killed build's are found and removed. Default: the system's temporary folder.
   */
  cacheDir?: string;
}

export interface PdfRenderer {
  /** Print one job; rejects with the reason when Chromium fails twice. */
  print(job: PrintJob): Promise<Uint8Array>;
  /** Take one PNG in the same browser; rejects with the reason when Chromium fails twice. */
  screenshot(job: ScreenshotJob): Promise<Uint8Array>;
  /** Jobs printed at the same time. */
  readonly concurrency: number;
  /** Browsers started so far, restarts included. */
  readonly launches: number;
  /** Wait for running jobs, then close every browser. */
  close(): Promise<void>;
}

/** How every PDF is printed; part of the PDF cache key, so a change here re-renders everything. */
export const PRINT_SETTINGS = {
  format: 'A4',
  // Page size, margins and the footer (page margin boxes) are in the page's CSS (assets/pdf.css).
  preferCSSPageSize: true,
  printBackground: true,
  // Accessibility: a structure tree (headings, lists, tables, reading order) and bookmarks.
  tagged: true,
  outline: true,
  // Fonts are waited for explicitly below, after a layout has requested them.
  waitForFonts: false,
} as const satisfies PDFOptions;

/**
 * How every screenshot is taken; part of the card cache key. One CSS pixel per pixel, the size
 * Open Graph and X recommend for a large image (1.91:1).
 */
export const SCREENSHOT_SETTINGS = { ...CARD_SIZE, deviceScaleFactor: 1, type: 'png' } as const;

/**
 * Each page loads this document once and then prints job after job in it, replacing the body:
 * a navigation per PDF would parse the stylesheets and fetch the font slices again every time,
 * which costs about three times the CPU of the printing itself.
 */
const SHELL_URL = `${PDF_ORIGIN}print/`;
/** The screenshot pages' document: screen media, the card's window size, the fonts only. */
const CARD_URL = `${PDF_ORIGIN}card/`;

type WorkerKind = 'print' | 'screenshot';

function shellHtml(stylesheets: string[]): string {
  const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<!doctype html><html><head><meta charset="utf-8"><title></title>${
    stylesheets.map((href) => `<link rel="stylesheet" href="${escape(href)}">`).join('')}</head><body></body></html>`;
}

/**
 * Puts a job into the page and resolves once its fonts and images are ready. It runs as puppeteer's
 * evaluation (page scripts stay disabled). The job's stylesheet is a constructed one, which the
 * page's Content-Security-Policy allows where it refuses inline <style>. A layout makes the page
 * request the font slices its text needs, `fonts.load` those of the margin text (laid out only
 * when printing); then everything is awaited.
 */
const FILL_PAGE = `(job) => {
  document.documentElement.lang = job.lang;
  document.title = job.title;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(job.pageCss);
  document.adoptedStyleSheets = [sheet];
  document.body.className = job.bodyClass;
  document.body.innerHTML = job.body;
  void document.body.offsetHeight;
  const images = Array.from(document.images, (image) => image.decode().catch(() => undefined));
  return Promise.all([document.fonts.load('400 10pt "Noto Sans KR"', job.marginText), ...images])
    .then(() => document.fonts.ready)
    .then(() => document.fonts.status);
}`;

/** A4 at 96 dpi: laying the page out at its printed width means no font slice is discovered late. */
const VIEWPORT = { width: 794, height: 1123 };
const TIMEOUT = 60_000;

interface Worker {
  page: Page;
  routes?: PageRoutes;
}

/** What fills a page and what is taken from it: a PDF, or a PNG. */
interface Job {
  kind: WorkerKind;
  title: string;
  fill: { lang: string; title: string; bodyClass: string; body: string; pageCss: string; marginText: string };
  load?: ResourceLoader;
}

interface Generation {
  launched: Promise<LaunchedBrowser>;
  idle: Record<WorkerKind, Worker[]>;
  /** Jobs given to this browser, finished or not. */
  started: number;
  active: number;
  retired: boolean;
  closed?: Promise<void>;
}

function validateCount(name: string, value: unknown, minimum: number): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= minimum)) {
    throw new TypeError(`Expected \`${name}\` to be an integer >= ${minimum}, got \`${String(value)}\` (${typeof value})`);
  }
}

/** A counting semaphore: at most `size` jobs print at once. */
function createSlots(size: number) {
  let free = size;
  const waiting: Array<() => void> = [];
  return {
    async acquire(): Promise<void> {
      if (free > 0) {
        free -= 1;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release(): void {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    },
  };
}

/**
 * Start a renderer. No browser starts until the first job: a build whose PDFs are all cached never
 * launches Chromium.
 */
export async function startPdfRenderer(options: PdfRendererOptions = {}): Promise<PdfRenderer> {
  validateCount('options.concurrency', options.concurrency, 1);
  validateCount('options.restartAfter', options.restartAfter, 1);
  const concurrency = options.concurrency ?? os.availableParallelism();
  const restartAfter = options.restartAfter ?? 150;
  const profilesDir = options.cacheDir === undefined ? undefined : path.join(options.cacheDir, 'chromium');
  const assets = await loadPdfAssets();
  const shells: Record<WorkerKind, string> = {
    print: shellHtml(assets.stylesheets),
    screenshot: shellHtml([assets.fontStylesheet]),
  };
  const slots = createSlots(concurrency);
  const generations = new Set<Generation>();
  let current: Generation | undefined;
  let launches = 0;
  let closing = false;

  function launch(): Generation {
    launches += 1;
    const generation: Generation = { launched: launchBrowser(options.env, profilesDir), idle: { print: [], screenshot: [] }, started: 0, active: 0, retired: false };
    // Awaited by every job of this generation; this only keeps an early failure from being "unhandled".
    generation.launched.catch(() => undefined);
    generations.add(generation);
    return generation;
  }

  function closeGeneration(generation: Generation): Promise<void> {
    generation.closed ??= generation.launched.then((b) => b.close(), () => undefined)
      .finally(() => generations.delete(generation));
    return generation.closed;
  }

  function retire(generation: Generation): void {
    generation.retired = true;
    if (current === generation) current = undefined;
    if (generation.active === 0) void closeGeneration(generation);
  }

  async function openWorker(launched: LaunchedBrowser, kind: WorkerKind): Promise<Worker> {
    const page = await launched.browser.newPage();
    try {
      return await prepareWorker(page, kind);
    } catch (error) {
      await page.close().catch(() => undefined);
      throw error;
    }
  }

  async function prepareWorker(page: Page, kind: WorkerKind): Promise<Worker> {
    const worker: Worker = { page };
    const url = kind === 'print' ? SHELL_URL : CARD_URL;
    // Before anything loads: content never runs scripts, and every request goes through routeRequests.
    await page.setJavaScriptEnabled(false);
    await routeRequests(page, () => worker.routes);
    if (kind === 'print') {
      await page.emulateMediaType('print');
      await page.setViewport(VIEWPORT);
    } else {
      await page.emulateMediaType('screen');
      const { width, height, deviceScaleFactor } = SCREENSHOT_SETTINGS;
      await page.setViewport({ width, height, deviceScaleFactor });
    }
    worker.routes = { url, html: shells[kind], load: assets.load };
    try {
      await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT });
    } finally {
      worker.routes = undefined;
    }
    return worker;
  }

  async function runOn(worker: Worker, job: Job): Promise<Uint8Array> {
    // No `html` from now on: the page never navigates again, whatever the content asks for.
    worker.routes = { url: job.kind === 'print' ? SHELL_URL : CARD_URL, load: async (url) => (await job.load?.(url)) ?? assets.load(url) };
    try {
      await worker.page.evaluate(`(${FILL_PAGE})(${JSON.stringify(job.fill)})`);
      if (job.kind === 'print') return await worker.page.pdf({ ...PRINT_SETTINGS, timeout: TIMEOUT });
      const { width, height, type } = SCREENSHOT_SETTINGS;
      return await worker.page.screenshot({ type, clip: { x: 0, y: 0, width, height }, captureBeyondViewport: false });
    } finally {
      worker.routes = undefined;
    }
  }

  async function attempt(job: Job): Promise<Uint8Array> {
    if (!current || current.started >= restartAfter) {
      if (current) retire(current);
      current = launch();
    }
    const generation = current;
    generation.started += 1;
    generation.active += 1;
    try {
      let launched: LaunchedBrowser;
      try {
        launched = await generation.launched;
      } catch (error) {
        // A browser that failed to start is replaced on the next job, not reused by every later one.
        retire(generation);
        throw error;
      }
      let worker: Worker;
      try {
        worker = generation.idle[job.kind].pop() ?? await openWorker(launched, job.kind);
      } catch (error) {
        if (!launched.browser.connected) retire(generation);
        throw error;
      }
      try {
        const bytes = await runOn(worker, job);
        generation.idle[job.kind].push(worker);
        return bytes;
      } catch (error) {
        await worker.page.close().catch(() => undefined);
        if (!launched.browser.connected) retire(generation);
        throw error;
      }
    } finally {
      generation.active -= 1;
      if (generation.retired && generation.active === 0) void closeGeneration(generation);
    }
  }

  async function run(job: Job): Promise<Uint8Array> {
    await slots.acquire();
    try {
      try {
        return await attempt(job);
      } catch (error) {
        // Chromium occasionally loses a page; a second try on a fresh page settles it. Failing to
        // start at all is not worth a retry.
        if (error instanceof ChromiumNotFoundError) throw error;
        try {
          return await attempt(job);
        } catch (retryError) {
          throw new Error(`Chromium could not ${job.kind === 'print' ? 'print' : 'take a screenshot of'} “${job.title}”`, { cause: retryError });
        }
      }
    } finally {
      slots.release();
    }
  }

  function checkJob(method: string, job: Partial<Record<'lang' | 'title' | 'body', unknown>>): void {
    if (closing) throw new Error(`Cannot \`${method}\` after \`close\``);
    for (const key of ['lang', 'title', 'body'] as const) {
      if (typeof job?.[key] !== 'string') throw new TypeError(`Expected \`job.${key}\` to be a string, got \`${String(job?.[key])}\` (${typeof job?.[key]})`);
    }
  }

  return {
    concurrency,
    get launches() {
      return launches;
    },
    async print(job) {
      checkJob('print', job);
      return run({
        kind: 'print',
        title: job.title,
        fill: {
          lang: job.lang, title: job.title, bodyClass: (job.bodyClass ?? []).join(' '), body: job.body,
          pageCss: job.pageCss ?? '', marginText: job.marginText ?? '',
        },
        ...(job.load ? { load: job.load } : {}),
      });
    },
    async screenshot(job) {
      checkJob('screenshot', job);
      return run({
        kind: 'screenshot',
        title: job.title,
        fill: { lang: job.lang, title: job.title, bodyClass: '', body: job.body, pageCss: job.css ?? '', marginText: job.text ?? '' },
        ...(job.load ? { load: job.load } : {}),
      });
    },
    async close() {
      closing = true;
      // Taking every slot waits for the jobs still printing.
      for (let i = 0; i < concurrency; i++) await slots.acquire();
      await Promise.all([...generations].map((generation) => closeGeneration(generation)));
    },
  };
}
