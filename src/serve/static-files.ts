// Answers GET/HEAD for files under one folder as a good static host does: types, ETag, 304, no escape.
import { readFile, realpath, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Media types by extension; feeds get their registered types so feed readers recognise them. */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.pdf': 'application/pdf',
  '.hwp': 'application/x-hwp',
  '.hwpx': 'application/hwp+zip',
  '.txt': 'text/plain; charset=utf-8',
};

const BY_NAME: Record<string, string> = {
  'rss.xml': 'application/rss+xml; charset=utf-8',
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return BY_NAME[path.basename(file)] ?? CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Map a URL path onto a file under `root`, or `undefined` when it would leave `root` (`..`,
 * encoded slashes, symbolic links pointing out). Folders map to their `index.html`; a folder asked
 * for without its final slash is `{ redirect }` to the slashed path, as static hosts answer, since
 * the page's relative links only resolve from there.
 */
export async function resolveFile(root: string, urlPath: string): Promise<string | { redirect: string } | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const parts = decoded.split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p === '.')) return undefined;
  let candidate = path.join(root, ...parts);
  try {
    if ((await stat(candidate)).isDirectory()) {
      // Rebuilt from the checked parts: `//ko` must not become `//ko/`, a link to the host `ko`.
      if (!decoded.endsWith('/')) return { redirect: `/${parts.map(encodeURIComponent).map((p) => `${p}/`).join('')}` };
      candidate = path.join(candidate, 'index.html');
    }
    const real = await realpath(candidate);
    const realRoot = await realpath(root);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

export interface ServeFileOptions {
  /** Rewrites a text file (page, feed, sitemap) before sending, and before `transformHtml`. */
  transformText?: (text: string) => string;
  /**
   * Rewrites HTML before sending (live reload script), with headers that go with the result (its
   * Content-Security-Policy); the ETag covers the result.
   */
  transformHtml?: (html: string) => { html: string; headers: Record<string, string> };
}

/**
 * When each URL's content last changed. Every rebuild writes every file anew, so file times say
 * nothing; a URL keeps its time for as long as its content hash stays the same, and feed readers
 * polling with If-Modified-Since get their 304.
 */
export class ChangeTimes {
  #seen = new Map<string, { hash: string; ms: number }>();

  at(key: string, body: Uint8Array): number {
    const hash = createHash('sha256').update(body).digest('hex');
    const known = this.#seen.get(key);
    if (known?.hash === hash) return known.ms;
    const ms = Date.now();
    this.#seen.set(key, { hash, ms });
    return ms;
  }
}

/** Send `file` for `request`, answering conditional requests with 304. */
export async function sendFile(request: IncomingMessage, response: ServerResponse, file: string, times: ChangeTimes, options: ServeFileOptions = {}): Promise<void> {
  const type = contentTypeOf(file);
  let body: Uint8Array;
  if (type.startsWith('text/html') && options.transformHtml) {
    const text = await readFile(file, 'utf8');
    const page = options.transformHtml(options.transformText ? options.transformText(text) : text);
    for (const [name, value] of Object.entries(page.headers)) response.setHeader(name, value);
    body = Buffer.from(page.html, 'utf8');
  } else if (options.transformText && /^text\/|[/+](xml|json)\b/.test(type)) {
    body = Buffer.from(options.transformText(await readFile(file, 'utf8')), 'utf8');
  } else {
    body = await readFile(file);
  }
  sendBytes(request, response, body, type, times.at(file, body));
}

/** Send `body` with an ETag from its content; `304` when the client already has it. */
export function sendBytes(request: IncomingMessage, response: ServerResponse, body: Uint8Array, type: string, modifiedMs: number): void {
  // Content hashes, not mtimes: every build swaps in a new folder, so mtimes change on every save.
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const lastModified = new Date(Math.floor(modifiedMs / 1000) * 1000);
  response.setHeader('ETag', etag);
  response.setHeader('Last-Modified', lastModified.toUTCString());
  response.setHeader('Content-Type', type);
  response.setHeader('Cache-Control', 'no-cache');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  const ifNoneMatch = request.headers['if-none-match'];
  const ifModifiedSince = request.headers['if-modified-since'];
  const notModified = ifNoneMatch !== undefined
    ? ifNoneMatch.split(',').map((s) => s.trim().replace(/^W\//, '')).includes(etag) || ifNoneMatch.trim() === '*'
    : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= lastModified.getTime();
  if (notModified) {
    response.statusCode = 304;
    response.end();
    return;
  }
  response.setHeader('Content-Length', body.byteLength);
  response.end(request.method === 'HEAD' ? undefined : body);
}
