// Answers every request a PDF page makes: its own HTML and the build's files; everything else is refused.
import type { HTTPRequest, Page } from 'puppeteer';
import { PDF_ORIGIN, type ResourceLoader } from './pdf-origin.js';

/** What one page is printing now. */
export interface PageRoutes {
  /** The page's URL; a main-frame navigation to it is answered with `html`. */
  url: string;
  /** The page itself; without it, every navigation is refused. */
  html?: string;
  /** The files the page may load (under PDF_ORIGIN); `undefined` refuses a URL. */
  load: ResourceLoader;
}

/**
 * A third wall behind the sanitiser and the interception: should anything slip through, the
 * browser itself refuses to load from anywhere but gongbo's origin, frames and plugins included.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${PDF_ORIGIN}`,
  `font-src ${PDF_ORIGIN}`,
  `img-src ${PDF_ORIGIN}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

async function answer(page: Page, request: HTTPRequest, routes: PageRoutes | undefined): Promise<void> {
  const url = request.url();
  if (routes && request.isNavigationRequest()) {
    if (routes.html !== undefined && url === routes.url && request.frame() === page.mainFrame()) {
      return request.respond({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': CONTENT_SECURITY_POLICY },
        body: routes.html,
      });
    }
    // "204 No Content" tells the browser to stay where it is: a meta refresh or a frame pointing
    // elsewhere (file://, the network, even the page itself) neither loads nor replaces the page
    // with an error page.
    return request.respond({ status: 204, body: '' });
  }
  if (routes && request.method() === 'GET' && url.startsWith(PDF_ORIGIN)) {
    const resource = await routes.load(url);
    if (resource) {
      return request.respond({
        status: 200,
        contentType: resource.contentType,
        // Fonts and stylesheets are the same for every page: let Chromium's memory cache keep them.
        headers: { 'cache-control': 'max-age=86400, immutable' },
        body: typeof resource.body === 'string' ? resource.body : Buffer.from(resource.body),
      });
    }
  }
  return request.abort('blockedbyclient');
}

/**
 * Intercept every request `page` makes and answer it from `current()`. Must run before the page
 * loads anything; `current()` returns `undefined` between jobs, when everything is refused.
 */
export async function routeRequests(page: Page, current: () => PageRoutes | undefined): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    answer(page, request, current()).catch(() => {
      // The page may have closed meanwhile; otherwise refuse rather than leave the page waiting.
      if (!request.isInterceptResolutionHandled()) request.abort('blockedbyclient').catch(() => undefined);
    });
  });
}
