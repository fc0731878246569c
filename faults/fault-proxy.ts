// A loopback HTTP proxy in front of a WebDAV server that drops, stalls, fails requests and kills the client on cue.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with one request. `drop-after` and `slow-answer` let the server apply it
 * first, so the client can't know whether it arrived; `kill-*` SIGKILL the push through `onKill`,
 * `kill-mid-body` once half the request's body has reached the server (an upload cut off).
 */
export type ProxyAction =
  | 'pass' | 'drop-before' | 'drop-after' | 'stall' | 'slow-answer' | 'kill-before' | 'kill-after' | 'kill-mid-body'
  | { status: number; retryAfter?: string };

export interface ProxyRequest {
  method: string;
  /** Decoded path, e.g. `/iris/ko/rss.xml`. */
  path: string;
  /** 0 for the first request since the last `reset`. */
  index: number;
}

export interface FaultProxy {
  port: number;
  /** Where requests go; changed when a trial starts a fresh server. */
  upstreamPort: number;
  decide: (request: ProxyRequest) => ProxyAction;
  onKill: () => void;
  /** Requests seen since the last reset, and how many of each fault. */
  requests: number;
  faults: Map<string, number>;
  /** Forget counts, end stalled exchanges and open connections. */
  reset(): void;
  close(): Promise<void>;
}

export function actionName(action: ProxyAction): string {
  return typeof action === 'string' ? action : `${action.status}${action.retryAfter ? ` Retry-After ${action.retryAfter}` : ''}`;
}

/** Start the proxy on 127.0.0.1; a stall or slow answer lasts `stallMs` (longer than the push's request timeout). */
export async function startFaultProxy(options: { stallMs: number }): Promise<FaultProxy> {
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const proxy: FaultProxy = {
    port: 0,
    upstreamPort: 0,
    decide: () => 'pass',
    onKill: () => {},
    requests: 0,
    faults: new Map(),
    reset() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      proxy.requests = 0;
      proxy.faults = new Map();
    },
    close() {
      proxy.reset();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const action = proxy.decide({ method, path: decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname), index: proxy.requests++ });
    if (action !== 'pass') proxy.faults.set(actionName(action), (proxy.faults.get(actionName(action)) ?? 0) + 1);
    if (action === 'kill-before') proxy.onKill();
    if (action === 'drop-before' || action === 'kill-before') {
      req.socket.destroy();
      return;
    }
    if (action === 'stall') {
      // Holds the request without an answer, as a hung server would; the client's timeout ends it.
      req.resume();
      later(options.stallMs, () => req.socket.destroy());
      return;
    }
    if (typeof action === 'object') {
      req.resume();
      req.on('end', () => {
        res.writeHead(action.status, action.retryAfter === undefined ? {} : { 'retry-after': action.retryAfter });
        res.end(`fault injected: ${action.status}\n`);
      });
      return;
    }
    if (action === 'kill-mid-body') {
      const upstream = http.request({ host: '127.0.0.1', port: proxy.upstreamPort, method, path: req.url, headers: req.headers });
      upstream.on('error', () => {});
      const half = Math.floor(Number(req.headers['content-length'] ?? 0) / 2);
      let sent = 0;
      const cut = () => {
        proxy.onKill();
        upstream.destroy();
        req.socket.destroy();
      };
      upstream.flushHeaders();
      if (half === 0) return void upstream.write('', cut);
      req.on('data', (chunk: Buffer) => {
        if (sent >= half) return;
        const part = chunk.subarray(0, half - sent);
        sent += part.length;
        upstream.write(part, sent >= half ? cut : undefined);
      });
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port: proxy.upstreamPort, method, path: req.url, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        if (action === 'kill-after') proxy.onKill();
        if (action === 'drop-after' || action === 'kill-after') {
          req.socket.destroy();
          return;
        }
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        };
        if (action === 'slow-answer') later(options.stallMs, send);
        else send();
      });
    });
    upstream.on('error', () => res.destroy());
    // A client that gives up (timeout, death) takes its request with it, as a dropped line would.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as AddressInfo).port;
  return proxy;
}
