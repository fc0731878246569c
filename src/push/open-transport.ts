// Picks a mirror's transport by the scheme of its `url`: transports are data, not branches in push.
import type { MirrorConfig } from '../model.js';
import { createFileTransport } from './file-transport.js';
import { createWebdavTransport } from './webdav-transport.js';
import type { Credentials } from './resolve-credentials.js';
import type { RetryPolicy } from './retry-request.js';
import type { MirrorTransport, RetryNotice } from './transport.js';

export interface OpenTransportOptions {
  mirror: MirrorConfig;
  /** The site folder: `file:` URLs resolve against it. */
  root: string;
  credentials: Credentials;
  policy: RetryPolicy;
  signal?: AbortSignal | undefined;
  onRetry?: ((notice: RetryNotice) => void) | undefined;
}

type TransportFactory = (options: OpenTransportOptions) => MirrorTransport;

const webdav: TransportFactory = (o) => createWebdavTransport({
  mirror: o.mirror.name, url: o.mirror.url, credentials: o.credentials, policy: o.policy, signal: o.signal, onRetry: o.onRetry,
});

const TRANSPORTS: Record<string, TransportFactory> = {
  'file:': (o) => createFileTransport({ mirror: o.mirror.name, url: o.mirror.url, root: o.root, signal: o.signal }),
  'http:': webdav,
  'https:': webdav,
};

/** The transport for `options.mirror.url`. */
export function openTransport(options: OpenTransportOptions): MirrorTransport {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(options.mirror.url)?.[0].toLowerCase() ?? '';
  const factory = TRANSPORTS[scheme];
  if (!factory) {
    throw new TypeError(`Expected a mirror url starting with ${Object.keys(TRANSPORTS).join(', ')}, got \`${scheme || options.mirror.url}\``);
  }
  return factory(options);
}
