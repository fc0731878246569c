// Tells WebSub hubs that a mirror's feeds changed (hub.mode=publish); a hub that fails only earns a warning.
import { scrubUrl } from './scrub-secrets.js';

export interface PingHubsOptions {
  hubs: readonly string[];
  /** Absolute URLs of the feeds that changed, where the mirror serves them. */
  feeds: readonly string[];
  /** Time each ping may take. Default 10 000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
}

/** Ping every hub for every feed; resolves to one warning per failed ping, never rejects. */
export async function pingHubs(options: PingHubsOptions): Promise<string[]> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pings = options.hubs.flatMap((hub) => options.feeds.map((feed) => ({ hub, feed })));
  const results = await Promise.all(pings.map(async ({ hub, feed }) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetch(hub, {
        method: 'POST',
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': feed }),
        signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
        redirect: 'manual',
      });
      await response.body?.cancel();
      if (response.ok) return undefined;
      return `WebSub hub ${scrubUrl(hub)} answered ${response.status} to the ping for ${feed}; subscribers will see the change when they next poll`;
    } catch {
      const reason = timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : 'it could not be reached';
      return `WebSub hub ${scrubUrl(hub)} was not told about ${feed} (${reason}); subscribers will see the change when they next poll`;
    }
  }));
  return results.filter((w): w is string => w !== undefined);
}
