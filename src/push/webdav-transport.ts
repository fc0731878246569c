// The http(s): transport: WebDAV GET, HEAD, PUT, DELETE, MKCOL and MOVE with Node's fetch, as nginx's dav module serves them.
import { STATUS_CODES } from 'node:http';
import { LOCK } from './mirror-lock.js';
import { MirrorError } from './push-errors.js';
import { settingOf, targetLabel } from './format-push.js';
import { phrase } from '../i18n/say.js';
import { retryRequest, parseRetryAfter, TransientFailure, type RetryPolicy } from './retry-request.js';
import type { Credentials } from './resolve-credentials.js';
import type { MirrorTransport, RemoteStat, RetryNotice } from './transport.js';

export interface WebdavTransportOptions {
  mirror: string;
  /** The mirror's `url`; user info in it is removed before any request. */
  url: string;
  credentials: Credentials;
  policy: RetryPolicy;
  signal?: AbortSignal | undefined;
  onRetry?: ((notice: RetryNotice) => void) | undefined;
}

type Method = 'GET' | 'HEAD' | 'PUT' | 'DELETE' | 'MKCOL' | 'MOVE';

/**
 * The files partners poll: feeds at any depth and the manifest. A server may write a PUT's body
 * straight into the target (the npm webdav-server does; nginx writes a temporary file first), so
 * a push cut off mid-PUT would leave a feed cut short: these go to a temporary name and are moved
 * into place. The other files, linked only from those, are PUT directly, at one request each.
 */
const POLLED = /(?:^|\/)(?:rss\.xml|atom\.xml|feed\.json)$|^manifest\.json$/;

/** The temporary name of `path`, in its own folder: always the same, so the next push knows what to clean up. */
export function uploadNameOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.gongbo-upload`;
}

/** A WebDAV mirror. Parent collections are created with MKCOL only when a PUT answers 409 Conflict. */
export function createWebdavTransport(options: WebdavTransportOptions): MirrorTransport {
  const { mirror, credentials, policy } = options;
  const base = new URL(options.url);
  base.username = '';
  base.password = '';
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const location = base.href;
  // Collections known to exist, so a folder of many files costs at most one round of MKCOLs.
  const collections = new Set<string>();
  // Set once the server has shown it won't create parent collections on PUT: from then on, new
  // folders are made before their first file instead of after a failed upload.
  let mkcolFirst = false;
  // Set once the server has refused a MOVE: from then on every file is PUT in place.
  let moveRefused = false;
  let destinationAsUrl = false;

  const urlOf = (path: string) => new URL(path.split('/').map(encodeURIComponent).join('/'), base);

  async function send(method: Method, path: string, signal: AbortSignal, body?: Uint8Array, extra: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { ...extra };
    if (credentials.header) headers.authorization = credentials.header;
    let response: Response;
    try {
      // Redirects are not followed: one would carry the credentials to a place nobody configured.
      response = await fetch(urlOf(path), { method, headers, signal, redirect: 'manual', ...(body ? { body } : {}) });
    } catch (error) {
      if (signal.aborted) throw error;
      throw networkFailure(error, method, path, location);
    }
    const status = `${response.status} ${response.statusText || STATUS_CODES[response.status] || ''}`.trim();
    if (response.status === 401 || response.status === 403) {
      await discard(response);
      throw new MirrorError(mirror, 'auth', credentials.source
        ? phrase('push.auth.refused', { target: targetLabel(mirror), source: credentials.said ?? credentials.source, status })
        : phrase('push.auth.needed', { target: targetLabel(mirror), status, setting: settingOf(mirror, 'auth') }));
    }
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      await discard(response);
      throw new TransientFailure('http', phrase('push.transient.http', { status, request: `${method} ${path || '/'}` }), status,
        { retryAfterMs: parseRetryAfter(response.headers.get('retry-after')), status: response.status });
    }
    return response;
  }

  function unexpected(response: Response, method: Method, path: string): MirrorError {
    const status = `${response.status} ${response.statusText || STATUS_CODES[response.status] || ''}`.trim();
    const request = `${method} ${path || '/'}`;
    const redirect = response.headers.get('location');
    const said = response.status >= 300 && response.status < 400
      ? redirect ? phrase('push.http.redirect', { target: targetLabel(mirror), status, request, location, to: redirect, setting: settingOf(mirror, 'url') })
        : phrase('push.http.redirectSomewhere', { target: targetLabel(mirror), status, request, location, setting: settingOf(mirror, 'url') })
      : response.status === 405 || response.status === 501 ? phrase('push.http.noWebdav', { target: targetLabel(mirror), status, request, location })
        : phrase('push.http.unexpected', { target: targetLabel(mirror), status, request, location });
    return new MirrorError(mirror, 'http', said);
  }

  async function ensureCollections(path: string, signal: AbortSignal): Promise<void> {
    const parts = path.split('/').slice(0, -1);
    // From the root down: MKCOL needs its own parent to exist (RFC 4918 §9.3.1).
    for (let i = 0; i <= parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (collections.has(dir)) continue;
      const response = await send('MKCOL', dir ? `${dir}/` : '', signal);
      await discard(response);
      // 405: it exists already. 201: created.
      if (response.status !== 201 && response.status !== 405 && !response.ok) throw unexpected(response, 'MKCOL', `${dir}/`);
      collections.add(dir);
    }
  }

  const retry = <T>(request: string, attempt: (signal: AbortSignal) => Promise<T>, signal = options.signal) =>
    retryRequest(attempt, { mirror, policy, request, signal, onRetry: options.onRetry });
  // The lock is released also when the push was interrupted: its requests ignore the push's signal.
  const unstoppable = <T>(request: string, attempt: (signal: AbortSignal) => Promise<T>) => retry(request, attempt, undefined);

  async function getFile(path: string, signal: AbortSignal): Promise<Uint8Array | undefined> {
    const response = await send('GET', path, signal);
    if (response.status === 404 || response.status === 410) return discard(response).then(() => undefined);
    if (response.status !== 200) {
      await discard(response);
      throw unexpected(response, 'GET', path);
    }
    try {
      return new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      if (signal.aborted) throw error;
      throw networkFailure(error, 'GET', path, location);
    }
  }

  async function deleteFile(path: string, signal: AbortSignal): Promise<void> {
    const response = await send('DELETE', path, signal);
    await discard(response);
    if (!response.ok && response.status !== 404 && response.status !== 410) throw unexpected(response, 'DELETE', path);
  }

  /** MOVE `from` onto `to`, replacing it (rename(2) on nginx: partners see the old file or the new one). */
  async function move(from: string, to: string, signal: AbortSignal): Promise<Response> {
    const response = await send('MOVE', from, signal, undefined, {
      // A path first: nginx compares a URL's scheme and host with the request's, which a proxy in
      // front of it may have changed. Without `Overwrite: T`, some servers refuse to replace.
      destination: destinationAsUrl ? urlOf(to).href : urlOf(to).pathname,
      overwrite: 'T',
    });
    await discard(response);
    return response;
  }

  async function putFile(path: string, data: Uint8Array, signal: AbortSignal): Promise<void> {
    const parent = path.split('/').slice(0, -1).join('/');
    if (mkcolFirst && !collections.has(parent)) await ensureCollections(path, signal);
    let response: Response | undefined;
    try {
      response = await send('PUT', path, signal, data);
    } catch (error) {
      // nginx without `create_full_put_path` answers 500, not 409, when the folder is missing.
      if (!(error instanceof TransientFailure && error.status === 500 && !collections.has(parent))) throw error;
    }
    if (!response || response.status === 409) {
      // The parent collection is missing and the server won't create it (RFC 4918 §9.7.1):
      // make it, then send the file again.
      if (response) await discard(response);
      mkcolFirst = true;
      await ensureCollections(path, signal);
      response = await send('PUT', path, signal, data);
    }
    await discard(response);
    if (!response.ok) throw unexpected(response, 'PUT', path);
    collections.add(parent);
  }

  const transport: MirrorTransport = {
    location,

    get: (path) => retry(`GET ${path}`, (signal) => getFile(path, signal)),

    head: (path) => retry(`HEAD ${path}`, async (signal): Promise<RemoteStat | undefined> => {
      const response = await send('HEAD', path, signal);
      await discard(response);
      if (response.status === 404 || response.status === 410) return undefined;
      if (!response.ok) throw unexpected(response, 'HEAD', path);
      const length = response.headers.get('content-length');
      return length !== null && /^\d+$/.test(length) ? { size: Number(length) } : {};
    }),

    put: (path, data) => retry(`PUT ${path}`, async (signal) => {
      if (moveRefused || !POLLED.test(path)) return putFile(path, data, signal);
      // Both steps in one attempt: a MOVE whose answer was lost may have happened, and a second
      // MOVE would find nothing to move, so a retry sends the file again first.
      const temp = uploadNameOf(path);
      await putFile(temp, data, signal);
      let response = await move(temp, path, signal);
      if (response.status === 400 && !destinationAsUrl) {
        // Apache's mod_dav wants the Destination as a whole URL (RFC 2518); RFC 4918 allows a path.
        destinationAsUrl = true;
        response = await move(temp, path, signal);
      }
      if (response.ok) return;
      if (response.status === 405 || response.status === 501 || response.status === 400) {
        // This server (or its configuration) has no MOVE: files go in place, as before.
        moveRefused = true;
        await deleteFile(temp, signal);
        return putFile(path, data, signal);
      }
      throw unexpected(response, 'MOVE', temp);
    }),

    dropUploads: (paths) => retry('DELETE temporary files', async (signal) => {
      for (const path of new Set(paths.filter((p) => POLLED.test(p)))) await deleteFile(uploadNameOf(path), signal);
    }),

    delete: (path) => retry(`DELETE ${path}`, (signal) => deleteFile(path, signal)),

    lock: {
      path: `${LOCK}/`,
      // MKCOL is the create-if-absent of WebDAV: it answers 405 when the collection exists. PUT
      // with `If-None-Match: *` would be simpler, but nginx's dav module ignores it and overwrites.
      create: async (data) => {
        const created = await retry(`MKCOL ${LOCK}/`, async (signal) => {
          let response = await send('MKCOL', `${LOCK}/`, signal);
          await discard(response);
          if (response.status === 409) {
            // The mirror's own folder is missing: make it, then try again.
            await ensureCollections(LOCK, signal);
            response = await send('MKCOL', `${LOCK}/`, signal);
            await discard(response);
          }
          if (response.status === 405) return false;
          if (response.status !== 201 && !response.ok) throw unexpected(response, 'MKCOL', `${LOCK}/`);
          return true;
        });
        // Its own retries: a second MKCOL would find the collection just made, and take it for another's.
        if (!created) return false;
        try {
          await transport.put(LOCK_OWNER, data);
        } catch (error) {
          // A lock without its record makes the next push wait for it to age: removed if the mirror lets us.
          await transport.lock.remove().catch(() => undefined);
          throw error;
        }
        return true;
      },
      read: async () => {
        const bytes = await unstoppable(`GET ${LOCK_OWNER}`, (signal) => getFile(LOCK_OWNER, signal));
        return bytes && bytes.byteLength > 0 ? bytes : undefined;
      },
      // A plain PUT, never the MKCOL of `put` after a 409: a refresh must not make a lock that is gone again.
      write: (data) => retry(`PUT ${LOCK_OWNER}`, async (signal) => {
        const response = await send('PUT', LOCK_OWNER, signal, data);
        await discard(response);
        if (response.status === 409 || response.status === 404) return false;
        if (!response.ok) throw unexpected(response, 'PUT', LOCK_OWNER);
        return true;
      }),
      // The collection with its record in one request (DELETE of a collection is recursive, RFC 4918
      // §9.6.1): a failure leaves the lock whole, with the record the next push judges it by, never
      // a folder without one, which every later push would wait on. With its trailing slash: nginx
      // refuses to DELETE a collection named without one.
      remove: () => unstoppable(`DELETE ${LOCK}/`, (signal) => deleteFile(`${LOCK}/`, signal)),
    },

    // No prune: DELETE of a WebDAV collection is recursive, and could take a partner's own files
    // with it. Empty folders left behind are harmless. No findLeftovers: nginx's dav module cannot
    // list a folder (no PROPFIND); the temporary names are known instead, see dropUploads.
  };
  return transport;
}

/** The lock collection's record of its holder. */
const LOCK_OWNER = `${LOCK}/owner.json`;

/** Read and drop a body, so the connection can be reused. */
async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // A body that failed to arrive changes nothing for a response already judged by its status.
  }
}

function networkFailure(error: unknown, method: Method, path: string, location: string): TransientFailure {
  const cause = (error as { cause?: { code?: string; errors?: { code?: string }[]; message?: string } })?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  // Keys of `push.net.*` in the message catalogs.
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'refused',
    ECONNRESET: 'dropped',
    EPIPE: 'dropped',
    UND_ERR_SOCKET: 'dropped',
    UND_ERR_CLOSED: 'dropped',
    ENOTFOUND: 'noHost',
    EAI_AGAIN: 'noHost',
    EHOSTUNREACH: 'hostUnreachable',
    ENETUNREACH: 'networkUnreachable',
    ETIMEDOUT: 'timedOut',
    UND_ERR_CONNECT_TIMEOUT: 'timedOut',
    UND_ERR_HEADERS_TIMEOUT: 'noAnswer',
    UND_ERR_BODY_TIMEOUT: 'noAnswer',
  };
  const reason = phrase(`push.net.${(code && reasons[code]) ?? 'failed'}`);
  const connecting = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH'
    || code === 'ENETUNREACH' || code === 'UND_ERR_CONNECT_TIMEOUT';
  const said = connecting ? phrase('push.transient.unreachable', { location, reason })
    : phrase('push.transient.lost', { request: `${method} ${path || '/'}`, reason });
  return new TransientFailure('unreachable', said, reason, {}, { cause: error });
}
