// The headers that keep an author's files and text inert in the preview: only gongbo's own script runs.
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { isLocale } from '../model.js';
import { ID_PATTERN } from '../validate/validate-notice.js';
import { isSearchBundleName } from '../render/search/plan-search-bundles.js';

/**
 * Sent with every response. `nosniff`: a browser takes each file for the type it is sent as, never
 * for HTML it seems to contain. `no-referrer`: a remote image in a previewed draft learns nothing of
 * the preview's paths (they name embargoed notices).
 */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** For anything that is not one of gongbo's pages: opened on its own, nothing in it runs or loads. */
export const INERT_POLICY = "default-src 'none'; sandbox";

/**
 * Attachment types a browser may show in the tab: they cannot run script in the site's origin. SVG
 * is not among them (it is a document that can carry script), nor HTML, nor anything unknown.
 */
const INLINE_TYPES = new Set(['.pdf', '.png', '.jpg', '.jpeg', '.gif', '.webp', '.txt']);

/** The CSP hash source of an inline script, over its text exactly as it stands between the tags. */
export function scriptHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/**
 * What gongbo's pages need and nothing more: their own stylesheets, fonts and images, the images a
 * notice shows from elsewhere (the sanitizer lets `https:` images through, and the preview should
 * show what the site will), and, when given, the one inline script whose hash is `scriptHashes`
 * with its event stream. No other script runs, even if one reached the page's markup.
 */
export function pagePolicy(scriptHashes: string[], options: { search?: boolean; forms?: boolean } = {}): string {
  const scripts = [...(options.search ? ["'self'", "'wasm-unsafe-eval'"] : []), ...scriptHashes];
  return [
    "default-src 'none'",
    `script-src ${scripts.length > 0 ? scripts.join(' ') : "'none'"}`,
    ...(options.search ? ["worker-src 'self'"] : []),
    "connect-src 'self'",
    "style-src 'self'",
    "font-src 'self'",
    "img-src 'self' https:",
    "base-uri 'none'",
    // The listings' search box and the search page's form go to the search page; nothing else has a form.
    `form-action ${options.forms ? "'self'" : "'none'"}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The search page (`<lang>/search/index.html`) is the one page whose own files run: the site's
 * search script, Pagefind's, and Pagefind's WebAssembly (`'wasm-unsafe-eval'`), which Chromium and
 * Firefox refuse to compile without it. Every other page keeps `script-src` to the live reload.
 */
export function isSearchPage(parts: string[]): boolean {
  return parts.length === 3 && isLocale(parts[0]!) && parts[1] === 'search' && parts[2] === 'index.html';
}

/** The pages with a search form: the search pages and the listings (`<lang>/`, `<lang>/page/<n>/`). */
export function hasSearchForm(parts: string[]): boolean {
  if (!isLocale(parts[0] ?? '') || parts.at(-1) !== 'index.html') return false;
  return parts.length === 2 || (parts.length === 3 && parts[1] === 'search') || (parts.length === 4 && parts[1] === 'page');
}

/**
 * Pagefind's worker, which takes its policy from its own response: it fetches the index
 * and compiles the WebAssembly, and nothing else.
 */
export const SEARCH_WORKER_POLICY = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

export function isSearchWorker(parts: string[]): boolean {
  return parts.length === 5 && isLocale(parts[0]!) && parts[1] === 'search' && parts[2] === 'pagefind' && isSearchBundleName(parts[3]!)
    && parts[4] === 'pagefind-worker.js';
}

/**
 * Whether the file at `parts` (its path under the site, split on `/`) came from a notice's folder:
 * everything under `<lang>/<id>/` but the page and its PDF. Decided from the path alone, so a file
 * that reached the folder some other way (or an old build's leftover) counts as the author's too.
 */
export function isNoticeFile(parts: string[]): boolean {
  const [locale, id, ...rest] = parts;
  if (!locale || !id || !isLocale(locale) || !ID_PATTERN.test(id) || rest.length === 0) return false;
  return !(rest.length === 1 && (rest[0] === 'index.html' || rest[0] === `${id}.${locale}.pdf`));
}

/**
 * The policy for a file that is not a page, by its extension. None for PDFs: Chrome's and Safari's
 * PDF viewers show a blocked or empty page under `sandbox` (Chromium bug 413851), Chrome drops a
 * PDF's CSP anyway, and a PDF's own scripts run in the viewer's sandbox, never in the site's origin.
 */
export function inertPolicy(extension: string): string | undefined {
  return extension === '.pdf' ? undefined : INERT_POLICY;
}

/**
 * Headers for a file of a notice's folder (`undefined`: leave the header out): sandboxed, and
 * downloaded unless its type is safe to show.
 */
export function noticeFileHeaders(name: string): Record<string, string | undefined> {
  const dot = name.lastIndexOf('.');
  const extension = dot >= 0 ? name.slice(dot).toLowerCase() : '';
  return {
    'Content-Security-Policy': inertPolicy(extension),
    // No file name in the header: the author's name would need encoding, and the URL already has it.
    'Content-Disposition': INLINE_TYPES.has(extension) ? undefined : 'attachment',
  };
}

export function setHeaders(response: ServerResponse, headers: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) response.removeHeader(name);
    else response.setHeader(name, value);
  }
}
