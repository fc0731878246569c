// `gongbo serve`: builds the site, serves it on loopback, rebuilds on every save and reloads open pages.
import { createServer, type Server } from 'node:http';
import { keepSourcesRead } from '../load/read-source.js';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildSite, type BuildResult } from '../build.js';
import { createI18n } from '../i18n/create-i18n.js';
import { CONFIG_FILE } from '../config/load-config.js';
import type { Locale } from '../model.js';
import { ChangeTimes, resolveFile, sendBytes, sendFile } from './static-files.js';
import { PdfOnDemand } from './pdf-on-demand.js';
import { touchedBy } from './serve-problems.js';
import { CHANGE_QUIET_MS, watchSources } from './watch-sources.js';
import { EVENTS_PATH, LiveReload, liveReloadSource, overlayProblems, PROBLEMS_PATH, withLiveReload, type OverlayProblem } from './live-reload.js';
import {
  BASE_HEADERS, INERT_POLICY, inertPolicy, hasSearchForm, isNoticeFile, isSearchPage, isSearchWorker, noticeFileHeaders, pagePolicy, scriptHash,
  SEARCH_WORKER_POLICY, setHeaders,
} from './response-headers.js';

/** How long without a save before `serve` brings a search index kept out of date up to date. */
const INDEX_CATCH_UP_MS = 1000;

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
  /** Resolves after the build in progress (if any) and any queued one finish. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function serveSite(options: ServeOptions): Promise<RunningServer> {
  // Builds follow one another in this process: read again only the files that changed.
  keepSourcesRead();
  const root = path.resolve(options.cwd);
  const locale = options.locale ?? 'en';
  // Never dist/: the preview has no PDFs on disk (they are made on demand), and may hold drafts, so
  // a push of dist/ after a preview must still send what `gongbo build` made.
  const out = path.join(root, '.gongbo-cache', options.drafts ? 'preview' : 'serve');
  const live = new LiveReload();
  let problems: OverlayProblem[] = [];
  /** What was saved while serving: the overlay shows those files' warnings (the archive's old ones stay in `check`). */
  const edited = new Set<string>();
  /** Counts good builds: pages carry the one they were served from. */
  let generation = 0;
  let translate = createI18n(root);
  let siteUrl: string | undefined;
  /** The last build that succeeded: what is on disk, and what PDFs on demand are made from. */
  let lastGood: BuildResult | undefined;
  const pdfs = new PdfOnDemand(root);
  const times = new ChangeTimes();

  let running: Promise<void> = Promise.resolve();
  let queued = false;
  let pendingChanges = new Set<string>();

  const debounce = Math.max(options.debounce ?? 60, CHANGE_QUIET_MS);

  // A save rebuilds with the search index of the edited notice's bundle kept as it was (making it
  // again takes Pagefind seconds at archive scale); once no save has come for a moment, a build
  // brings the index up to date, without reloading the page.
  let catchUp: NodeJS.Timeout | undefined;
  let catchUpPending = false;
  let closing = false;
  const scheduleCatchUp = () => {
    clearTimeout(catchUp);
    catchUpPending = true;
    catchUp = setTimeout(() => {
      running = running.then(async () => {
        // A save meanwhile: its rebuild comes next and says again whether an index is behind.
        if (!queued && !closing) await rebuild([], { staleSearch: false, announce: false });
      });
    }, INDEX_CATCH_UP_MS);
  };

  const rebuild = async (changed: string[], how: { staleSearch: boolean; announce: boolean } = { staleSearch: true, announce: true }) => {
    catchUpPending = false;
    if (changed.some((c) => c === CONFIG_FILE || c === 'locales' || c.startsWith('locales/'))) {
      // The overlay's and the 404 page's strings.
      try {
        translate = createI18n(root);
      } catch (error) {
        options.onFailure?.(error);
      }
    }
    try {
      const result = await buildSite({ cwd: root, out, pdf: 'on-demand', preview: options.drafts ?? false, siteUrl, staleSearch: how.staleSearch });
      // The search index catching up changes nothing a person sees: nothing to report.
      if (how.announce) options.onBuild?.(result, changed);
      for (const change of changed) edited.add(change);
      problems = overlayProblems(result.files, translate, locale, touchedBy(edited));
      if (result.ok) {
        lastGood = result;
        if (how.announce) {
          generation += 1;
          live.send('reload', { generation });
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
    pendingChanges.add(changed);
    if (queued) return;
    queued = true;
    setTimeout(() => {
      running = running.then(() => {
        queued = false;
        const changes = [...pendingChanges].sort();
        pendingChanges = new Set();
        return rebuild(changes);
      });
    }, debounce);
  };

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
      if (url.pathname === EVENTS_PATH) return live.connect(response, generation, problems);
      if (url.pathname === PROBLEMS_PATH) {
        response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        response.end(JSON.stringify(problems));
        return;
      }
      const file = await resolveFile(out, url.pathname);
      if (typeof file === 'object') {
        response.writeHead(301, { Location: file.redirect + url.search }).end();
        return;
      }
      if (!file && url.pathname.endsWith('.pdf')) {
        const pdf = await pdfs.render(url.pathname, lastGood);
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
      const policy = { search: isSearchPage(parts), forms: hasSearchForm(parts) };
      await sendFile(request, response, file, times, {
        transformHtml: (html) => {
          const script = liveReloadSource(translate[locale], locale, generation);
          const page = withLiveReload(html, script);
          // Not a page of gongbo's layout: served as it is, and nothing in it runs.
          if (page === undefined) return { html, headers: { 'Content-Security-Policy': pagePolicy([], policy) } };
          return { html: page, headers: { 'Content-Security-Policy': pagePolicy([scriptHash(script)], policy) } };
        },
      });
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
  // to list, and a save in that time was missed).
  await watcher.ready;
  running = rebuild([]);
  await running;

  return {
    url,
    idle: async () => {
      // Let a just-saved file's watcher event arrive and its debounce run, then wait for the build,
      // and for the search index to catch up.
      await new Promise((r) => setTimeout(r, debounce + 50));
      await running;
      while (catchUpPending && !closing) {
        await new Promise((r) => setTimeout(r, INDEX_CATCH_UP_MS + 50));
        await running;
      }
    },
    close: async () => {
      closing = true;
      clearTimeout(catchUp);
      await watcher.close();
      live.close();
      // Open event streams and a PDF being made would hold close() forever: cut them first.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await running;
      await pdfs.close();
    },
  };
}
