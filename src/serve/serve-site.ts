// `gongbo serve`: builds the site, serves it on loopback, rebuilds on every save and reloads open pages.
import { createServer, type Server } from 'node:http';
import { keepSourcesRead } from '../load/read-source.js';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildSite, renderContextFor, type BuildResult } from '../build.js';
import { createI18n } from '../i18n/create-i18n.js';
import { CONFIG_FILE, loadConfig } from '../config/load-config.js';
import type { BuildOptions, Locale } from '../model.js';
import { ID_PATTERN } from '../validate/validate-notice.js';
import { ChangeTimes, resolveFile, sendBytes, sendFile } from './static-files.js';
import { PdfOnDemand } from './pdf-on-demand.js';
import { touchedBy } from './serve-problems.js';
import { CHANGE_QUIET_MS, watchSources } from './watch-sources.js';
import { SavePreview, type NextBuild } from './save-preview.js';
import { PageOverlay, previousView, reloadScope, viewOf, type SiteView } from './page-overlay.js';
import { contextAt, PREVIEW_ORIGIN, withServedOrigin } from './preview-origin.js';
import { EVENTS_PATH, LiveReload, liveReloadSource, overlayProblems, PROBLEMS_PATH, withLiveReload, type OverlayProblem } from './live-reload.js';
import {
  BASE_HEADERS, INERT_POLICY, inertPolicy, hasSearchForm, isNoticeFile, isSearchPage, isSearchWorker, noticeFileHeaders, pagePolicy, scriptHash,
  SEARCH_WORKER_POLICY, setHeaders,
} from './response-headers.js';

/** How long without a save before `serve` brings a search index kept out of date up to date. */
const INDEX_CATCH_UP_MS = 1000;

/** With `GONGBO_TRACE=1`, how long a save took to show, on stderr (as builds tell their phases). */
const trace = process.env.GONGBO_TRACE ? (what: string) => process.stderr.write(`gongbo trace: serve: ${what}\n`) : () => {};

/** A notice's page, by its path in the site. */
const NOTICE_PAGE = /^(ko|en)\/([^/]+)\/index\.html$/;

export interface ServeOptions {
  cwd: string;
  /** Default 4000; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`: the preview is for the person at this machine, not the network. */
  host?: string;
  /** Preview drafts and embargoed notices, built into `.gongbo-cache/preview/` (never into dist/). */
  drafts?: boolean;
  /** Told after every build that follows a save (or the first), to report in the terminal. */
  onBuild?: (result: BuildResult, changed: string[]) => void;
  /** Told when a build could not run at all (file system, browser). */
  onFailure?: (error: unknown) => void;
  /** Milliseconds to wait for more saves before rebuilding. Default 60, at least 50. */
  debounce?: number;
  /**
   * The language of the error overlay, whatever the page's: the person who ran `serve` reads it,
   * in the language of their terminal. Default `en`.
   */
  locale?: Locale;
}

export interface RunningServer {
  url: string;
  /**
   * Resolves once the watcher has reported every save made before the call, and every preview and
   * build those saves started (and the search index's catch-up) has finished.
   */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function serveSite(options: ServeOptions): Promise<RunningServer> {
  // Builds follow one another in this process: read again only the files that changed.
  keepSourcesRead();
  const root = path.resolve(options.cwd);
  const locale = options.locale ?? 'en';
  const drafts = options.drafts ?? false;
  // Never dist/: the preview has no PDFs on disk (they are made on demand), and may hold drafts, so
  // a push of dist/ after a preview must still send what `gongbo build` made.
  const out = path.join(root, '.gongbo-cache', drafts ? 'preview' : 'serve');
  const buildOptions: BuildOptions = { cwd: root, out, pdf: 'on-demand', preview: drafts, siteUrl: PREVIEW_ORIGIN };
  const live = new LiveReload();
  let problems: OverlayProblem[] = [];
  /** What was saved while serving: the overlay shows those files' warnings (the archive's old ones stay in `check`). */
  const edited = new Set<string>();
  /** Counts good builds and previews: pages carry the one they were served from. */
  let generation = 0;
  let translate = createI18n(root);
  let siteUrl = '';
  /** The last build that succeeded: what is on disk, and what PDFs on demand are made from. */
  let lastGood: BuildResult | undefined;
  const pdfs = new PdfOnDemand(root);
  const times = new ChangeTimes();
  // What the folder served holds, as its manifest says: a previous serve's build until the first
  // build of this one is done, so that the site is there at once.
  let disk: SiteView = (await previousView(out, root)) ?? new Map();
  /** Pages of saved notices, rendered ahead of the build that will write them. */
  const overlay = new PageOverlay();
  let firstBuilt = false;
  let markFirstBuilt = () => {};
  const firstBuild = new Promise<void>((resolve) => {
    markFirstBuilt = resolve;
  });
  let running: Promise<void> = Promise.resolve();
  let debouncing = false;
  let buildQueued = false;
  let pendingChanges = new Set<string>();
  let toBuild = new Set<string>();

  const debounce = Math.max(options.debounce ?? 60, CHANGE_QUIET_MS);

  /** Who waits for the scheduler to move on (see `settled`): woken when a timer of it fires or is cleared. */
  let waiters: Array<() => void> = [];
  const moved = () => {
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  };
  const nextMove = () => new Promise<void>((resolve) => waiters.push(resolve));

  // A save rebuilds with the search index of the edited notice's bundle kept as it was (making it
  // again takes Pagefind seconds at archive scale); once no save has come for a moment, a build
  // brings the index up to date, without reloading the page.
  let catchUp: NodeJS.Timeout | undefined;
  let closing = false;
  const scheduleCatchUp = () => {
    clearTimeout(catchUp);
    catchUp = setTimeout(() => {
      catchUp = undefined;
      running = running.then(async () => {
        // A save meanwhile: its rebuild comes next and says again whether an index is behind.
        if (!debouncing && !buildQueued && !closing) await rebuild([], { staleSearch: false, announce: false });
      });
      moved();
    }, INDEX_CATCH_UP_MS);
  };

  /**
   * The config and render context of the build to come: the last good build's, or, before the
   * first build is done, read now (as that build reads them).
   */
  let startContext: Promise<NextBuild | undefined> | undefined;
  const nextContext = () => {
    if (lastGood?.config && lastGood.context) return Promise.resolve({ config: lastGood.config, ctx: lastGood.context });
    return startContext ??= (async () => {
      const { config } = await loadConfig(root);
      if (!config) return undefined;
      const ctx = renderContextFor({ ...config, site: { ...config.site, url: PREVIEW_ORIGIN } }, createI18n(root), buildOptions, Date.now());
      return { config, ctx };
    })().catch(() => undefined);
  };

  const previews = new SavePreview({
    root, drafts, locale, overlay, edited, nextBuild: nextContext,
    // Until the first build is done with no site before it, every notice page is made on demand.
    served: () => (!firstBuilt && disk.size === 0 ? undefined : disk),
    translate: () => translate,
    problems: () => problems,
    show: (pages, shown) => {
      problems = shown;
      generation += 1;
      live.send('reload', { generation, pages: pages.map((page) => `/${page.replace(/index\.html$/, '')}`) });
      live.send('problems', problems);
    },
  });

  const rebuild = async (changed: string[], how: { staleSearch: boolean; announce: boolean } = { staleSearch: true, announce: true }) => {
    if (changed.some((c) => c === CONFIG_FILE || c === 'locales' || c.startsWith('locales/'))) {
      // The overlay's and the 404 page's strings.
      try {
        translate = createI18n(root);
      } catch (error) {
        options.onFailure?.(error);
      }
    }
    const startedAt = performance.now();
    const read = previews.reading();
    try {
      const result = await buildSite({ ...buildOptions, staleSearch: how.staleSearch });
      // The search index catching up changes nothing a person sees: nothing to report.
      if (how.announce) options.onBuild?.(result, changed);
      for (const change of changed) edited.add(change);
      problems = overlayProblems(result.files, translate, locale, touchedBy(edited));
      if (result.ok) {
        lastGood = result;
        previews.built(read, result);
        const before = overlay.over(disk);
        disk = result.manifest ? viewOf(result.manifest) : new Map();
        overlay.settle(startedAt, disk);
        // Pages whose bytes are what a preview already showed are not reloaded again. The search
        // index catching up changes no page, unless a save came while it was building.
        const scope = reloadScope(before, overlay.over(disk));
        if (how.announce || !scope.pages || scope.pages.length > 0) {
          generation += 1;
          live.send('reload', { generation, ...scope });
        }
        if ((result.staleIndexes ?? 0) > 0) scheduleCatchUp();
      }
      live.send('problems', problems);
    } catch (error) {
      options.onFailure?.(error);
    }
  };

  const schedule = (changed: string) => {
    clearTimeout(catchUp);
    catchUp = undefined;
    pendingChanges.add(changed);
    if (debouncing) return;
    debouncing = true;
    const seen = performance.now();
    setTimeout(() => {
      trace(`save seen ${Math.round(performance.now() - seen)} ms ago`);
      debouncing = false;
      const changes = [...pendingChanges].sort();
      pendingChanges = new Set();
      for (const change of changes) toBuild.add(change);
      // Not behind a build that is running: a preview takes a fraction of a second.
      const previewed = previews.saved(changes).then(({ shown, took }) => {
        trace(`preview ${shown ? 'shown' : 'left to the build'} in ${Math.round(took)} ms, ${Math.round(performance.now() - seen)} ms after the save was seen`);
      }, (error: unknown) => options.onFailure?.(error));
      if (buildQueued) return;
      buildQueued = true;
      running = running.then(async () => {
        await previewed;
        buildQueued = false;
        const built = [...toBuild].sort();
        toBuild = new Set();
        return rebuild(built);
      });
      moved();
    }, debounce);
  };

  /** Resolves once no save waits for its debounce, and the previews and builds started (and the index's catch-up) are done. */
  const settled = async () => {
    for (;;) {
      if (debouncing || catchUp !== undefined) {
        await nextMove();
        continue;
      }
      const current = running;
      await current;
      await previews.done();
      if (current === running && !debouncing && catchUp === undefined) return;
    }
  };

  /**
   * A notice's page asked for before the first build is done with no site before it: rendered from
   * its folder (and kept until a build has it), or `undefined` (wait for the build).
   */
  const pageOnDemand = async (sitePath: string): Promise<string | undefined> => {
    const match = NOTICE_PAGE.exec(sitePath);
    if (!match || !ID_PATTERN.test(match[2]!)) return undefined;
    const notice = await previews.notice(match[2]!);
    const pages = notice?.previewed.pages;
    if (!pages || firstBuilt) return undefined;
    for (const [l, html] of Object.entries(pages)) overlay.put(`${l}/${match[2]}/index.html`, html!, notice.readAt);
    return pages[match[1] as Locale];
  };

  /** Sends a page of gongbo's layout with the live-reload script, or as it is when it is not one. */
  const pageTransform = (parts: string[]) => (html: string) => {
    const policy = { search: isSearchPage(parts), forms: hasSearchForm(parts) };
    const script = liveReloadSource(translate[locale], locale, generation);
    const page = withLiveReload(html, script);
    // Not a page of gongbo's layout: served as it is, and nothing in it runs.
    if (page === undefined) return { html, headers: { 'Content-Security-Policy': pagePolicy([], policy) } };
    return { html: page, headers: { 'Content-Security-Policy': pagePolicy([scriptHash(script)], policy) } };
  };
  const servedOrigin = (text: string) => withServedOrigin(text, siteUrl);

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      // Anything but a page (plain-text errors, JSON, feeds, stylesheets) is inert when opened.
      setHeaders(response, { ...BASE_HEADERS, 'Content-Security-Policy': INERT_POLICY });
      // Only this machine's names: a web page elsewhere must not reach drafts and embargoed
      // notices through a rebinding DNS name that resolves to 127.0.0.1.
      const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
        response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request\n');
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      if (url.pathname === EVENTS_PATH) return live.connect(response, generation, problems, !firstBuilt);
      if (url.pathname === PROBLEMS_PATH) {
        response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        response.end(JSON.stringify(problems));
        return;
      }
      const sitePath = pagePathOf(url.pathname);
      let ahead = sitePath === undefined ? undefined : overlay.get(sitePath);
      if (ahead === undefined && !firstBuilt && disk.size === 0) {
        // Nothing built yet: a notice's page from its folder, anything else once the build is done.
        ahead = sitePath === undefined ? undefined : await pageOnDemand(sitePath);
        if (ahead === undefined) await firstBuild;
      }
      if (ahead !== undefined && sitePath !== undefined) {
        const parts = sitePath.split('/');
        setHeaders(response, { 'Content-Security-Policy': inertPolicy('.html') });
        const page = pageTransform(parts)(servedOrigin(ahead));
        for (const [name, value] of Object.entries(page.headers)) response.setHeader(name, value);
        const body = Buffer.from(page.html, 'utf8');
        return sendBytes(request, response, body, 'text/html; charset=utf-8', times.at(path.join(out, sitePath), body));
      }
      const file = await resolveFile(out, url.pathname);
      if (typeof file === 'object') {
        response.writeHead(301, { Location: file.redirect + url.search }).end();
        return;
      }
      if (!file && url.pathname.endsWith('.pdf')) {
        const pdf = await pdfs.render(url.pathname, lastGood, (ctx) => contextAt(ctx, siteUrl));
        if (pdf) {
          setHeaders(response, { 'Content-Security-Policy': inertPolicy('.pdf') });
          return sendBytes(request, response, pdf, 'application/pdf', times.at(url.pathname, pdf));
        }
      }
      if (!file) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${translate.ko('serve.notFound')}\n${translate.en('serve.notFound')}\n`);
        return;
      }
      const parts = path.relative(await realpath(out), file).split(path.sep);
      if (isNoticeFile(parts)) {
        // An author's file (attachment, image): never run as part of the site, whatever it holds.
        setHeaders(response, noticeFileHeaders(file));
        await sendFile(request, response, file, times);
        return;
      }
      setHeaders(response, { 'Content-Security-Policy': isSearchWorker(parts) ? SEARCH_WORKER_POLICY : inertPolicy(path.extname(file).toLowerCase()) });
      await sendFile(request, response, file, times, { transformText: servedOrigin, transformHtml: pageTransform(parts) });
    })().catch((error: unknown) => {
      if (!response.headersSent) {
        // The headers of the file it was about to send must not stay on the error.
        setHeaders(response, { 'Content-Disposition': undefined, 'Content-Security-Policy': INERT_POLICY });
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      }
      response.end(`${translate.ko('serve.failed')}\n${translate.en('serve.failed')}\n`);
      options.onFailure?.(error);
    });
  });
  // Listen first: a port in use must fail before anything is built or watched.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}/`;
  // Pages link to the preview (canonical, language switch, feeds), never to the live site.
  siteUrl = url;
  // Watching starts with the first build, so that a save made while it runs is built after it.
  const watcher = watchSources(root, schedule, (error) => options.onFailure?.(error));
  // The first build starts once the watcher has listed the site: a save made while it was still
  // listing is then either in that build or seen by the watcher (a 2,000-notice site takes seconds
  // to list, and a save in that time was missed). The server answers meanwhile: from the previous
  // serve's build when there is one, else notice pages from their folders and the rest after it.
  let stopWaiting = () => {};
  const closed = new Promise<void>((resolve) => {
    stopWaiting = resolve;
  });
  // Closed before the watcher is ready: no build (and `ready` would never come).
  running = Promise.race([watcher.ready, closed]).then(() => (closing ? undefined : rebuild([]))).finally(() => {
    firstBuilt = true;
    markFirstBuilt();
  });

  return {
    url,
    idle: async () => {
      await firstBuild;
      await watcher.flush();
      await settled();
    },
    close: async () => {
      closing = true;
      stopWaiting();
      clearTimeout(catchUp);
      catchUp = undefined;
      moved();
      await watcher.close();
      live.close();
      // Open event streams and a PDF being made would hold close() forever: cut them first.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
      await running;
      await pdfs.close();
    },
  };
}

/** The path in the site a URL path names (`ko/x/index.html` for `/ko/x/`), or `undefined` when it cannot be one. */
function pagePathOf(urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const parts = decoded.split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p === '.')) return undefined;
  return decoded.endsWith('/') ? [...parts, 'index.html'].join('/') : parts.join('/');
}
