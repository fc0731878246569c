import test from 'ava';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { serveSite, type RunningServer } from '../src/serve/serve-site.js';
import { PageOverlay, reloadScope } from '../src/serve/page-overlay.js';
import { SavePreview } from '../src/serve/save-preview.js';
import { renderContextFor, type BuildResult } from '../src/build.js';
import { loadConfig } from '../src/config/load-config.js';
import { createI18n } from '../src/i18n/create-i18n.js';
import { categoryLabels } from '../src/validate/aliases.js';
import { PREVIEW_ORIGIN } from '../src/serve/preview-origin.js';
import { fixture, tempDir } from './helpers.js';
import { listenEvents } from '../bench/serve-probe.js';

// A save of a notice's text shows before the build that follows it; the waits are bounded, so a
// missing event fails the test instead of hanging it. How fast it shows is measured by the bench.
const TIMEOUT = 15_000;
const BETA = 'notices/2026-02-10-beta/ko.md';
const DRAFT = 'notices/2026-04-01-draft/ko.md';

interface Reload { generation: number; pages?: string[]; builds: number }

async function served(options: { drafts?: boolean; site?: string } = {}) {
  const site = options.site ?? await tempDir();
  if (!options.site) await cp(fixture('basic'), site, { recursive: true });
  let builds = 0;
  const server = await serveSite({ cwd: site, port: 0, debounce: 30, drafts: options.drafts ?? false, onBuild: () => { builds += 1; } });
  await server.idle();
  // Every `reload` the page's script hears, with how many builds had been reported when it came.
  const reloads: Reload[] = [];
  const events = listenEvents(`${server.url}__gongbo/events`, (event, data) => {
    if (event === 'reload') reloads.push({ ...JSON.parse(data) as Omit<Reload, 'builds'>, builds });
  });
  await until(async () => reloads.length > 0, 'the events stream');
  const close = async () => {
    events.close();
    await server.close();
  };
  return { site, server, reloads, builds: () => builds, close };
}

/** Runs `use` with what `open` opens (a server, or a served site), and closes it whatever `use` does. */
async function closing<T extends { close(): Promise<void> }>(open: Promise<T>, use: (opened: T) => Promise<void>): Promise<void> {
  const opened = await open;
  try {
    await use(opened);
  } finally {
    await opened.close();
  }
}

async function until<T>(check: () => Promise<T | false>, what: string): Promise<T> {
  const end = Date.now() + TIMEOUT;
  while (Date.now() < end) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function page(server: RunningServer, at: string): Promise<{ status: number; body: string }> {
  const response = await fetch(new URL(at, server.url));
  return { status: response.status, body: await response.text() };
}

/** A served page without the live-reload script, which names the generation it was served in. */
function withoutScript(html: string): string {
  return html.replace(/<script>[\s\S]*<\/script>(<\/body><\/html>\s*)$/, '$1');
}

test('a saved notice should show at once, byte for byte the page the build then writes, and that build should not reload it again', async (t) => {
  await closing(served(), async ({ site, server, reloads, builds }) => {
    const file = path.join(site, BETA);
    await writeFile(file, (await readFile(file, 'utf8')).replace('title: 베타 공지', 'title: 미리 본 베타 공지'));
    const quick = (await until(async () => reloads.find((r, i) => i > 0), 'the reload of the save'))!;
    t.is(quick.builds, 1, 'the reload came before the build of the save was done');
    t.deepEqual(quick.pages, ['/ko/2026-02-10-beta/'], 'only the saved notice\'s page reloads');
    const shown = await page(server, '/ko/2026-02-10-beta/');
    t.is(shown.status, 200);
    t.true(shown.body.includes('<h1>미리 본 베타 공지</h1>'));

    await server.idle();
    t.is(builds(), 2);
    const built = await readFile(path.join(site, '.gongbo-cache/serve/ko/2026-02-10-beta/index.html'), 'utf8');
    t.is(withoutScript(shown.body), built.replaceAll(PREVIEW_ORIGIN, server.url), 'the page shown at once is the page the build wrote');
    t.is(withoutScript((await page(server, '/ko/2026-02-10-beta/')).body), withoutScript(shown.body));
    const after = reloads.at(-1)!;
    t.is(after.builds, 2, 'the build reloads too');
    t.truthy(after.pages, 'but only the pages it changed');
    t.false(after.pages!.includes('/ko/2026-02-10-beta/'), 'not the page just shown');
    t.true(after.pages!.includes('/ko/notice/'), 'its category\'s listing, which shows the new title');
  });
});

test('a save with an error should show no page ahead of the build, which reports the error', async (t) => {
  await closing(served(), async ({ site, server, reloads }) => {
    const file = path.join(site, BETA);
    await writeFile(file, (await readFile(file, 'utf8')).replace('department: 시험정책과', 'departmnet: 시험정책과').replace('title: 베타 공지', 'title: 틀린 베타 공지'));
    await server.idle();
    t.is(reloads.length, 1, 'no reload');
    t.false((await page(server, '/ko/2026-02-10-beta/')).body.includes('틀린 베타 공지'));
    const problems = await (await fetch(`${server.url}__gongbo/problems`)).json() as Array<{ severity: string; rule: string }>;
    t.true(problems.some((p) => p.severity === 'error' && p.rule === 'frontmatter-unknown-field'), JSON.stringify(problems));
  });
});

test('a save that takes a notice out of publication, or touches more than notices\' texts, should wait for the build', async (t) => {
  await closing(served(), async ({ site, server, reloads }) => {
    const file = path.join(site, BETA);
    await writeFile(file, (await readFile(file, 'utf8')).replace('category: notice', 'category: notice\nstatus: draft'));
    await until(async () => reloads.length > 1, 'the reload of the draft');
    t.is(reloads[1]!.builds, 2, 'reloaded by the build only');
    t.is((await page(server, '/ko/2026-02-10-beta/')).status, 404);

    // The notice is saved after the config: whether the watcher reports them together or apart,
    // the config is not built yet when the notice's save is seen.
    await writeFile(path.join(site, 'gongbo.config.yaml'), `${await readFile(path.join(site, 'gongbo.config.yaml'), 'utf8')}\n`);
    const gamma = path.join(site, 'notices/2026-03-01-gamma/ko.md');
    await writeFile(gamma, (await readFile(gamma, 'utf8')).replace(/^title: .*$/m, 'title: 설정과 함께 바꾼 감마'));
    await server.idle();
    t.true(reloads.length > 2);
    t.true(reloads.slice(2).every((r) => r.builds >= 3), `reloaded by builds only: ${JSON.stringify(reloads)}`);
    t.true((await page(server, '/ko/2026-03-01-gamma/')).body.includes('설정과 함께 바꾼 감마'));
  });
});

test('serve --drafts should show a saved draft at once, with its preview banner, as the build writes it', async (t) => {
  await closing(served({ drafts: true }), async ({ site, server, reloads }) => {
    const file = path.join(site, DRAFT);
    await writeFile(file, `${await readFile(file, 'utf8')}\n미리 보는 초안 문단.\n`);
    const quick = (await until(async () => reloads.find((r, i) => i > 0), 'the reload of the save'))!;
    t.is(quick.builds, 1, 'the reload came before the build');
    const shown = await page(server, '/ko/2026-04-01-draft/');
    t.true(shown.body.includes('미리 보는 초안 문단.'));
    t.true(shown.body.includes('banner-preview'));
    await server.idle();
    const built = await readFile(path.join(site, '.gongbo-cache/preview/ko/2026-04-01-draft/index.html'), 'utf8');
    t.is(withoutScript(shown.body), built.replaceAll(PREVIEW_ORIGIN, server.url));
  });
});

test('serve should answer from its previous build while its first build runs, or fails, with links to its own address', async (t) => {
  const first = await served();
  const site = first.site;
  const before = await page(first.server, '/ko/2026-01-05-alpha/');
  await first.close();
  // The build of the next start fails: what it answers can only come from the previous one.
  const file = path.join(site, BETA);
  await writeFile(file, (await readFile(file, 'utf8')).replace('department: 시험정책과', 'departmnet: 시험정책과'));
  await closing(served({ site }), async ({ server }) => {
    t.not(server.url, first.server.url);
    const shown = await page(server, '/ko/2026-01-05-alpha/');
    t.is(shown.status, 200);
    t.true(shown.body.includes(`<a href="${server.url}en/2026-01-05-alpha/" hreflang="en"`), 'the language switch leads to this server');
    t.false(shown.body.includes(first.server.url));
    t.is(withoutScript(shown.body), withoutScript(before.body).replaceAll(first.server.url, server.url));
    const feed = await page(server, '/ko/atom.xml');
    t.true(feed.body.includes(server.url) && !feed.body.includes(PREVIEW_ORIGIN), 'feeds too');
  });
});

test('serve should never answer from a folder no build of this site wrote', async (t) => {
  const site = await tempDir();
  await cp(fixture('basic'), site, { recursive: true });
  // Files put there by something else, with a manifest but without a build's marker.
  const out = path.join(site, '.gongbo-cache/serve');
  await mkdir(path.join(out, 'ko/2026-01-05-alpha'), { recursive: true });
  await writeFile(path.join(out, 'ko/2026-01-05-alpha/index.html'), '<!doctype html><title>other</title></body></html>');
  await writeFile(path.join(out, 'manifest.json'), JSON.stringify({ version: 1, files: [{ path: 'ko/2026-01-05-alpha/index.html', size: 1, sha256: 'x' }] }));
  const file = path.join(site, BETA);
  await writeFile(file, (await readFile(file, 'utf8')).replace('department: 시험정책과', 'departmnet: 시험정책과'));
  await closing(serveSite({ cwd: site, port: 0, debounce: 30, onFailure: () => {} }), async (server) => {
    const answer = await page(server, '/ko/2026-01-05-alpha/');
    t.false(answer.body.includes('<title>other</title>'));
  });
});

test('a notice page asked for before the first build is done should be the page that build writes', async (t) => {
  const site = await tempDir();
  await cp(fixture('basic'), site, { recursive: true });
  await closing(serveSite({ cwd: site, port: 0, debounce: 30 }), async (server) => {
    const early = await page(server, '/en/2026-01-05-alpha/');
    t.is(early.status, 200);
    await server.idle();
    const built = await readFile(path.join(site, '.gongbo-cache/serve/en/2026-01-05-alpha/index.html'), 'utf8');
    t.is(withoutScript(early.body), built.replaceAll(PREVIEW_ORIGIN, server.url));
    t.is((await page(server, '/en/2030-01-01-future/')).status, 404, 'an embargoed notice is not published');
  });
});

test('reloadScope should list the pages whose HTML or notice files changed, and reload everything for a stylesheet', (t) => {
  const before = new Map([['ko/index.html', 'a'], ['ko/x/index.html', 'b'], ['ko/x/files/p.png', 'c'], ['ko/rss.xml', 'd'], ['assets/style.css', 'e'], ['ko/y/index.html', 'f']]);
  t.deepEqual(reloadScope(before, new Map(before)), { pages: [] });
  t.deepEqual(reloadScope(before, new Map([...before, ['ko/index.html', 'A'], ['ko/rss.xml', 'D']])), { pages: ['/ko/'] });
  t.deepEqual(reloadScope(before, new Map([...before, ['ko/x/files/p.png', 'C']])), { pages: ['/ko/x/'] });
  const gone = new Map(before);
  gone.delete('ko/y/index.html');
  t.deepEqual(reloadScope(before, gone), { pages: ['/ko/y/'] });
  t.deepEqual(reloadScope(before, new Map([...before, ['assets/style.css', 'E']])), {});
});

test('previews should read the category names once per config, and again after a save of the locales', async (t) => {
  const site = await tempDir();
  await cp(fixture('basic'), site, { recursive: true });
  const { config } = await loadConfig(site);
  const options = { cwd: site, out: path.join(site, 'out'), pdf: 'on-demand' as const, preview: false, siteUrl: PREVIEW_ORIGIN };
  const ctx = renderContextFor({ ...config!, site: { ...config!.site, url: PREVIEW_ORIGIN } }, createI18n(site), options, Date.now());
  let reads = 0;
  const shown: string[][] = [];
  const previews = new SavePreview({
    root: site, drafts: false, locale: 'en', overlay: new PageOverlay(), edited: new Set(),
    nextBuild: async () => ({ config: config!, ctx }), served: () => undefined, translate: () => ctx.t, problems: () => [],
    show: (pages) => shown.push(pages),
    readLabels: (root, c) => {
      reads += 1;
      return categoryLabels(root, c);
    },
  });
  for (let i = 1; i <= 3; i += 1) t.true((await previews.saved([BETA])).shown, `save ${i}`);
  t.is(reads, 1, 'once for three saves');
  t.deepEqual(shown, Array(3).fill(['ko/2026-02-10-beta/index.html']));
  t.false((await previews.saved(['locales/ko.json'])).shown, 'a save of the locales is the build\'s to show');
  previews.built(previews.reading(), {} as BuildResult);
  t.true((await previews.saved([BETA])).shown);
  t.is(reads, 2, 'again once the locales have changed');
});
