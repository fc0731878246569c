// A partner subscribed to one category's feed, by polling or by WebSub, over successive `gongbo publish` runs.
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { publishSite } from '../src/publish/publish-site.js';
import type { Clock } from '../src/publish/sleep-until.js';
import { isSubscriptionDocument } from '../src/push/plan-push.js';
import { frontMatter, startHub, tempDir, writeSite } from './helpers.js';

const ORIGIN = 'https://example.go.kr/news/';
const PARTNER = 'https://partner.example.kr/calls/';

/** Release times: three publishes, an hour apart; each lifts one more embargo. */
const T0 = Date.parse('2026-05-13T12:00:00+09:00');
const T1 = T0 + 3_600_000;
const T2 = T1 + 3_600_000;

/** id → [category, release time]. */
const NOTICES: Record<string, [string, number]> = {
  '2026-05-13-budget': ['press-release', T0],
  '2026-05-13-hub-call': ['call-for-proposals', T0],
  '2026-05-13-office-hours': ['notice', T0],
  '2026-05-13-quantum-call': ['call-for-proposals', T1],
  '2026-05-13-results': ['press-release', T2],
};

function iso(ms: number): string {
  return `${new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;
}

async function partnerSite(hubPort: number) {
  const www = path.join(await tempDir('gongbo-www-'), 'www');
  const files: Record<string, string> = {
    'gongbo.config.yaml': `site:
  url: ${ORIGIN}
  publisher: { ko: 시험부, en: Ministry of Testing }
  deploy: "file:${www}/"
categories: [press-release, notice, call-for-proposals]
hubs: [http://127.0.0.1:${hubPort}/]
mirrors:
  partner: { url: "file:mirrors/partner/", public_url: "${PARTNER}", languages: [ko], categories: [call-for-proposals] }
`,
  };
  for (const [id, [category, time]] of Object.entries(NOTICES)) {
    files[`notices/${id}/ko.md`] = frontMatter({ title: `"${id}"`, date: iso(time), category });
  }
  const site = await writeSite(files);
  return { site, www, partner: path.join(site, 'mirrors/partner') };
}

/** The notice ids an RSS, Atom and JSON feed hold, newest first. */
function feedIds(dir: string, folder: string): Record<string, string[]> {
  const read = (file: string) => readFileSync(path.join(dir, folder, file), 'utf8');
  const id = (url: string) => /\/(\d{4}-\d{2}-\d{2}-[a-z-]+)\/$/.exec(url)![1]!;
  return {
    rss: [...read('rss.xml').matchAll(/<guid[^>]*>([^<]+)<\/guid>/g)].map((m) => id(m[1]!)),
    atom: [...read('atom.xml').matchAll(/<entry>[\s\S]*?<id>([^<]+)<\/id>/g)].map((m) => id(m[1]!)),
    json: (JSON.parse(read('feed.json')) as { items: Array<{ id: string }> }).items.map((i) => id(i.id)),
  };
}

const fixedClock = (ms: number): Clock => ({ now: () => ms, sleep: async () => {} });

test('a partner subscribed to the call-for-proposals feed should get only calls, and a hub should hear of origin and mirror feeds after each publish that changed them', async (t) => {
  const hub = await startHub();
  t.teardown(hub.close);
  const { site, www, partner } = await partnerSite(hub.port);
  const calls = (...ids: string[]) => ({ rss: ids, atom: ids, json: ids });
  const publish = async (now: number) => {
    const from = hub.feeds.length;
    const result = await publishSite({ cwd: site, pdf: false, clock: fixedClock(now) });
    t.true(result.ok, JSON.stringify(result.push?.mirrors.map((m) => m.error?.message)));
    return hub.feeds.slice(from);
  };
  const feedsOf = (base: string, folder: string) => ['rss.xml', 'atom.xml', 'feed.json'].map((f) => `${base}${folder}${f}`);

  // 1. The first publish: every feed is new, on the origin and at the partner.
  const first = await publish(T0);
  t.deepEqual(feedIds(www, 'ko/call-for-proposals/'), calls('2026-05-13-hub-call'), 'the origin\'s call feed');
  t.deepEqual(feedIds(partner, 'ko/'), calls('2026-05-13-hub-call'), 'the partner\'s own feed takes only calls');
  for (const feed of [...feedsOf(ORIGIN, 'ko/'), ...feedsOf(ORIGIN, 'ko/call-for-proposals/'), ...feedsOf(PARTNER, 'ko/')]) {
    t.true(first.includes(feed), `first publish: the hub hears of ${feed}`);
  }

  // 2. A call's embargo lifts: the call feeds change, on the origin and at the partner, and the hub hears of them.
  const second = await publish(T1);
  t.deepEqual(feedIds(www, 'ko/call-for-proposals/'), calls('2026-05-13-quantum-call', '2026-05-13-hub-call'));
  t.deepEqual(feedIds(partner, 'ko/'), calls('2026-05-13-quantum-call', '2026-05-13-hub-call'));
  for (const feed of [...feedsOf(ORIGIN, 'ko/'), ...feedsOf(ORIGIN, 'ko/call-for-proposals/'), ...feedsOf(PARTNER, 'ko/'), ...feedsOf(PARTNER, 'ko/call-for-proposals/')]) {
    t.true(second.includes(feed), `a call lifted: the hub hears of ${feed}`);
  }
  // (Korean feeds: the English ones are empty here, and an empty feed's `updated` is the site's newest change.)
  const korean = (pings: string[]) => pings.filter((f) => f.startsWith(`${ORIGIN}ko/`) || f.startsWith(PARTNER));
  t.deepEqual(korean(second).filter((f) => f.includes('/press-release/') || f.includes('/notice/')), [], 'nor of feeds the call is not in');

  // 3. A press release lifts: the origin's main and press-release feeds change; the call feeds and the partner do not.
  const third = await publish(T2);
  t.deepEqual(feedIds(www, 'ko/call-for-proposals/'), calls('2026-05-13-quantum-call', '2026-05-13-hub-call'), 'still only calls');
  t.deepEqual(feedIds(partner, 'ko/'), calls('2026-05-13-quantum-call', '2026-05-13-hub-call'));
  t.is(feedIds(www, 'ko/').rss![0], '2026-05-13-results');
  for (const feed of [...feedsOf(ORIGIN, 'ko/'), ...feedsOf(ORIGIN, 'ko/press-release/')]) t.true(third.includes(feed), `a press release lifted: the hub hears of ${feed}`);
  t.deepEqual(korean(third).filter((f) => f.includes('call-for-proposals') || f.startsWith(PARTNER)), [], 'a call subscriber is not woken for a press release');

  // 4. Nothing changed: nothing to hear.
  t.deepEqual(await publish(T2 + 60_000), []);
});

test('the feeds a partner subscribes to should include each category\'s, and no archive page', (t) => {
  for (const path of ['ko/rss.xml', 'en/atom.xml', 'ko/feed.json', 'ko/call-for-proposals/rss.xml', 'en/notice/feed.json']) t.true(isSubscriptionDocument(path), path);
  for (const path of ['ko/archive/2/rss.xml', 'ko/notice/archive/1/atom.xml', 'ko/archive/atom.xml', 'rss.xml', 'ko/2026-05-13-budget/files/rss.xml']) t.false(isSubscriptionDocument(path), path);
});
