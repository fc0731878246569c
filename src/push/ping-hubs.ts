// Tells WebSub hubs that a mirror's feeds changed (hub.mode=publish); a hub that fails only earns a warning.
import { scrubUrl } from './scrub-secrets.js';
import { seconds } from './format-push.js';
import { phrase, type Phrase } from '../i18n/say.js';

export interface PingHubsOptions {
  hubs: readonly string[];
  /** Absolute URLs of the feeds that changed, where the mirror serves them. */
  feeds: readonly string[];
  /** Time each ping may take. Default 10 000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
}

/** Ping every hub for every feed; resolves to one warning per failed ping, never rejects. */
export async function pingHubs(options: PingHubsOptions): Promise<Phrase[]> {
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
      return phrase('push.hub.refused', { hub: scrubUrl(hub), status: response.status, feed });
    } catch {
      const reason = timeout.aborted ? phrase('push.reason.noAnswerWithin', { time: seconds(timeoutMs) }) : phrase('push.hub.unreachable');
      return phrase('push.hub.untold', { hub: scrubUrl(hub), feed, reason });
    }
  }));
  return results.filter((w): w is Phrase => w !== undefined);
}
