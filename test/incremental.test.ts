// Same bytes whatever the path: a rebuild after any change gives the dist/ a cold build of the same sources gives.
import test, { type ExecutionContext } from 'ava';
import { createHash } from 'node:crypto';
import { appendFile, cp, mkdir, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { buildSite, type BuildResult } from '../src/build.js';
import { PACKAGE_ROOT } from '../src/package-root.js';
import type { Manifest } from '../src/write/write-site.js';
import { runChild } from '../faults/run-child.js';
import { NOW, SAMPLE_NOTICES, tempDir } from './helpers.js';
import { SETTLED_MS } from '../src/load/source-records.js';

/** After the sample's embargoed notice (2027-01-15 12:00 KST) is released. */
const LATER = new Date('2027-01-16T12:00:00+09:00');
const EMBARGOED = '2027-01-15-2027-rnd-budget-plan';
/** Sizes of generated sites: the small one has several listing pages; the big one has more than a feed page (50) in each language, so RFC 5005 archive pages. */
const SMALL = { copies: 12, perPage: 3 };
const BIG = { copies: 66, perPage: 10 };
const TINY = { copies: 6, perPage: 2 };
type Size = typeof SMALL;

// These tests build sites of dozens of notices many times over, on machines that may be busy.
const SLOW = 15 * 60_000;

// The generated site's sources are written once per process; every test copies them.
const templates = new Map<Size, Promise<string>>();

/**
 * A site of `copies` bilingual notices made from the sample notices in notices/ (new ids, titles and
 * dates, attachments included), the sample's mirrors, the sample's embargoed notice and a locales/ko.json.
 */
function sampleSources(size: Size): Promise<string> {
  const { copies, perPage } = size;
  if (!templates.has(size)) templates.set(size, (async () => {
    const dir = path.join(await tempDir('gongbo-incremental-'), 'sources');
    const config = (await readFile(path.join(PACKAGE_ROOT, 'gongbo.config.yaml'), 'utf8')).replace(/per_page: \d+/, `per_page: ${perPage}`);
    await mkdir(path.join(dir, 'notices'), { recursive: true });
    await writeFile(path.join(dir, 'gongbo.config.yaml'), config);
    const dated = SAMPLE_NOTICES.filter((s) => s !== EMBARGOED);
    for (let i = 0; i < copies; i++) {
      const sample = dated[i % dated.length]!;
      const day = new Date(Date.UTC(2025, 0, 1 + i * 3));
      const date = day.toISOString().slice(0, 10);
      const next = new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10);
      const id = `${date}-${sample.slice(11)}-${i}`;
      const folder = path.join(dir, 'notices', id);
      await cp(path.join(PACKAGE_ROOT, 'notices', sample), folder, { recursive: true });
      for (const name of await readdir(folder)) {
        if (!name.endsWith('.md')) continue;
        const file = path.join(folder, name);
        const text = (await readFile(file, 'utf8'))
          .replace(/^title: "(.*)"$/m, `title: "$1 (${i})"`)
          .replace(/^date: .*$/m, `date: ${date}T12:00:00+09:00`)
          .replace(/^updated: .*$/m, `updated: ${next}T10:30:00+09:00`);
        await writeFile(file, text);
      }
    }
    // Embargoed at NOW, public at LATER.
    await cp(path.join(PACKAGE_ROOT, 'notices', EMBARGOED), path.join(dir, 'notices', EMBARGOED), { recursive: true });
    await mkdir(path.join(dir, 'locales'));
    await writeFile(path.join(dir, 'locales', 'ko.json'), `${JSON.stringify({ listing: { title: '보도자료' } }, null, 2)}\n`);
    return dir;
  })());
  return templates.get(size)!;
}

/** A new site with the generated sources (no build yet). */
async function newSite(size = SMALL): Promise<string> {
  const site = path.join(await tempDir('gongbo-site-'), 'site');
  await cp(await sampleSources(size), site, { recursive: true, preserveTimestamps: true });
  return site;
}

/** The id of the n-th generated notice (0 is the oldest). */
async function noticeId(site: string, n: number): Promise<string> {
  const ids = await readdir(path.join(site, 'notices'));
  return ids.find((id) => id.split('-').at(-1) === String(n))!;
}

async function build(site: string, now = NOW): Promise<BuildResult> {
  const result = await buildSite({ cwd: site, now, pdf: false }).catch((error: Error) => {
    throw new Error(`${error.message}: ${String(error.cause)}`);
  });
  if (!result.ok) throw new Error(`The build of ${site} failed: ${result.files.flatMap((f) => f.messages.map(String)).join('\n')}`);
  return result;
}

/** Every entry under `dir`: files by their sha256, folders as `dir` (so an empty folder left behind shows). */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const name = path.relative(dir, full).split(path.sep).join('/');
    out[name] = entry.isDirectory() ? 'dir' : entry.isFile() ? createHash('sha256').update(await readFile(full)).digest('hex') : 'other';
  }
  return out;
}

interface TreeDiff {
  onlyHere: string[];
  onlyInCold: string[];
  different: string[];
}

function diff(here: Record<string, string>, cold: Record<string, string>): TreeDiff {
  return {
    onlyHere: Object.keys(here).filter((p) => !(p in cold)).sort(),
    onlyInCold: Object.keys(cold).filter((p) => !(p in here)).sort(),
    different: Object.keys(here).filter((p) => p in cold && here[p] !== cold[p]).sort(),
  };
}

/** A cold build of `site`'s sources in a fresh copy: no cache, no previous dist/. */
async function coldBuild(site: string, now: Date): Promise<{ dir: string; result: BuildResult }> {
  const fresh = path.join(await tempDir('gongbo-cold-'), 'site');
  for (const name of ['gongbo.config.yaml', 'notices', 'locales']) {
    await cp(path.join(site, name), path.join(fresh, name), { recursive: true, preserveTimestamps: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  const result = await build(fresh, now);
  return { dir: path.join(fresh, 'dist'), result };
}

/** `site`'s dist/ holds, byte for byte, what a cold build of its sources holds, and nothing else. */
async function assertSameAsCold(t: ExecutionContext, site: string, now: Date, step: string): Promise<BuildResult> {
  const cold = await coldBuild(site, now);
  t.deepEqual(diff(await tree(path.join(site, 'dist')), await tree(cold.dir)), { onlyHere: [], onlyInCold: [], different: [] }, step);
  return cold.result;
}

async function manifestOf(site: string): Promise<Manifest> {
  return JSON.parse(await readFile(path.join(site, 'dist', 'manifest.json'), 'utf8')) as Manifest;
}

/** Paths whose bytes differ between two manifests, or that only one of them lists. */
function changedPaths(before: Manifest, after: Manifest): string[] {
  const old = new Map(before.files.map((f) => [f.path, f.sha256]));
  const now = new Map(after.files.map((f) => [f.path, f.sha256]));
  return [...new Set([...old.keys(), ...now.keys()])].filter((p) => old.get(p) !== now.get(p)).sort();
}

/** The folder of `locale`'s search bundle holding the notices of `month` ("2025-01"): `2025-01` or a run such as `2025-01_2025-02`. */
function bundleHolding(manifest: Manifest, locale: string, month: string): string {
  const names = new Set(manifest.files.map((f) => f.path.split('/')).filter((p) => p[0] === locale && p[1] === 'search' && p[2] === 'pagefind').map((p) => p[3]!));
  const name = [...names].find((n) => {
    const [first, last = first] = n.split('_');
    return first! <= month && month <= last!;
  });
  if (!name) throw new Error(`No ${locale} search bundle holds ${month}: ${[...names].join(', ')}`);
  return `${locale}/search/pagefind/${name}/`;
}

/** Each file's inode under `dir`: a file a build linked from the previous one keeps its inode, a file it made has a new one. */
async function inodes(dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full).split(path.sep).join('/'), (await stat(full)).ino);
  }
  return out;
}

/**
 * Build `site` again and say which files of its manifest were made, or kept from the spare (the
 * build before last): those not linked from the build just before.
 */
async function rebuild(site: string, now = NOW): Promise<{ result: BuildResult; made: string[] }> {
  const before = await inodes(path.join(site, 'dist'));
  const result = await build(site, now);
  const after = await inodes(path.join(site, 'dist'));
  const made = result.manifest!.files.map((f) => f.path).filter((p) => before.get(p) !== after.get(p)).sort();
  return { result, made };
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const changed = change(text);
  if (changed === text) throw new Error(`The edit of ${file} changed nothing`);
  await writeFile(file, changed);
}

function isFeed(file: string): boolean {
  return /(^|\/)(atom\.xml|rss\.xml|feed\.json)$/.test(file);
}

/** A file of one notice: its page or an attachment (`ko/<id>/…`). */
function isNoticeFile(file: string): boolean {
  return /^(ko|en)\/\d{4}-\d\d-\d\d-[^/]+\//.test(file);
}

test.serial('a rebuild after each edit of notices gives the bytes of a cold build, and makes only what shows the edit', async (t) => {
  t.timeout(SLOW);
  const site = await newSite();
  const first = await build(site);
  const initial = await tree(path.join(site, 'dist'));
  const total = first.manifest!.files.length;

  // a) Nothing changed: nothing is made but what has no key.
  const again = await rebuild(site);
  t.deepEqual(diff(await tree(path.join(site, 'dist')), initial), { onlyHere: [], onlyInCold: [], different: [] }, 'no change');
  t.deepEqual(again.made, [], 'no change: made');
  t.is(again.result.made, again.made.length);
  t.is(again.result.reused, total - again.made.length);

  // b) One notice's Korean body: its Korean page and the Korean feeds that carry it change, nothing else.
  const edited = await noticeId(site, 8);
  const page = path.join(site, 'dist', 'ko', edited, 'index.html');
  const firstPage = (await stat(page)).ino;
  const before = await manifestOf(site);
  await edit(path.join(site, 'notices', edited, 'ko.md'), (text) => `${text}\n추가된 문단입니다.\n`);
  const body = await rebuild(site);
  await assertSameAsCold(t, site, NOW, 'body edited');
  const feeds = (dir: string) => ['atom.xml', 'feed.json', 'rss.xml'].map((f) => `${dir}${f}`);
  // Feeds of the origin and of both mirrors, of all notices and of its category.
  // And the Korean search index of the notice's bundle of months (its files are named by content,
  // so which of them change is Pagefind's business): nothing of another bundle or language.
  const changed = changedPaths(before, await manifestOf(site));
  const bundle = bundleHolding(before, 'ko', edited.slice(0, 7));
  t.true(changed.some((p) => p.startsWith(bundle)), 'the bundle\'s index is made again');
  t.deepEqual(changed.filter((p) => !p.startsWith(bundle)), [
    `ko/${edited}/index.html`,
    ...['ko/', 'mirrors/iitp/ko/', 'mirrors/iris/ko/'].flatMap((dir) => [...feeds(dir), ...feeds(`${dir}press-release/`)]),
  ].sort(), 'body edited: changed bytes');
  // Made: its Korean page and what lists it (whose keys name it), not its English page (made from
  // the English file alone) nor the other notices' files.
  t.deepEqual(body.made.filter(isNoticeFile), [`ko/${edited}/index.html`]);
  // An English listing or feed entry shows the English file alone: none is made for a Korean edit.
  t.deepEqual(body.made.filter((p) => /^(mirrors\/[^/]+\/)?en\//.test(p)), [], 'body edited: nothing English made');
  t.is(body.result.made, body.made.length);
  t.deepEqual(body.made.filter((p) => !isNoticeFile(p) && !p.endsWith('/index.html') && p !== 'sitemap.xml' && !isFeed(p)
    && !p.startsWith(bundle)), [], 'body edited: made besides listings, feeds, the sitemap and its bundle\'s Korean search index');
  t.true(body.made.length < total / 4, `body edited: made ${body.made.length} of ${total}`);
  t.false(body.made.includes('sitemap.xml'), 'body edited: the sitemap shows no text');

  // The edit undone: the spare (the build before last) holds that notice's old page, which is kept
  // where it is: the build updates that earlier tree in place.
  await edit(path.join(site, 'notices', edited, 'ko.md'), (text) => text.replace('\n추가된 문단입니다.\n', ''));
  const undone = await rebuild(site);
  t.deepEqual(diff(await tree(path.join(site, 'dist')), initial), { onlyHere: [], onlyInCold: [], different: [] }, 'body edit undone');
  t.is((await stat(page)).ino, firstPage, 'the first build\'s page is back');
  t.true(undone.result.made! < total / 10, `body edit undone: made ${undone.result.made} of ${total}`);

  // c) A title: listings, feeds and the sitemap show it.
  const retitled = await noticeId(site, 3);
  await edit(path.join(site, 'notices', retitled, 'en.md'), (text) => text.replace(/^title: "(.*)"$/m, 'title: "A new title"'));
  await rebuild(site);
  await assertSameAsCold(t, site, NOW, 'title edited');

  // c2) What the sitemap shows: a notice's tags (tag listings) and its last change (`lastmod`).
  const retagged = await noticeId(site, 4);
  await edit(path.join(site, 'notices', retagged, 'ko.md'), (text) => text.replace(/^tags:\n/m, 'tags:\n  - 새로운태그\n'));
  const tagged = await rebuild(site);
  await assertSameAsCold(t, site, NOW, 'tag added');
  t.true(tagged.made.includes('sitemap.xml'), 'tag added: the sitemap lists its listing');
  await edit(path.join(site, 'notices', retagged, 'ko.md'), (text) => text.replace(/^updated: .*\n/m, '')
    .replace(/^(date: .*)$/m, '$1\nupdated: 2026-11-28T09:00:00+09:00'));
  const updated = await rebuild(site);
  await assertSameAsCold(t, site, NOW, 'updated added');
  t.true(updated.made.includes('sitemap.xml'), 'updated added: the sitemap shows the new lastmod');

  // d) A notice added, the newest: every listing page shifts by one.
  const added = '2026-11-01-added-notice';
  await cp(path.join(site, 'notices', await noticeId(site, 5)), path.join(site, 'notices', added), { recursive: true });
  for (const locale of ['ko', 'en']) {
    await edit(path.join(site, 'notices', added, `${locale}.md`), (text) => text
      .replace(/^date: .*$/m, 'date: 2026-11-01T09:00:00+09:00'));
  }
  const addition = await rebuild(site);
  await assertSameAsCold(t, site, NOW, 'notice added');
  t.true(addition.made.includes(`ko/${added}/files/guidelines.pdf`));

  // e) A notice deleted, with its attachment: its folders go.
  const deleted = await noticeId(site, 0);
  await rm(path.join(site, 'notices', deleted), { recursive: true });
  await rebuild(site);
  await assertSameAsCold(t, site, NOW, 'notice deleted');

  // f) An attachment replaced by other bytes: of another size, then of the same size (a new time), then of the same size and time.
  const attachment = path.join(site, 'notices', await noticeId(site, 10), 'files', 'guidelines.pdf');
  const pdf = await readFile(attachment);
  await writeFile(attachment, Buffer.concat([pdf, Buffer.from('\n% revised\n')]));
  await rebuild(site);
  await assertSameAsCold(t, site, NOW, 'attachment replaced (other size)');
  const sameSize = Buffer.from(await readFile(attachment));
  sameSize[sameSize.length - 3] = 0x32;
  const { mtime } = await stat(attachment);
  await writeFile(attachment, sameSize);
  await utimes(attachment, mtime, new Date(mtime.getTime() + 2000));
  await rebuild(site);
  await assertSameAsCold(t, site, NOW, 'attachment replaced (same size)');
  // As `cp -p` or `rsync -t` replace it: same size and time, other bytes.
  const before3 = await stat(attachment);
  sameSize[sameSize.length - 3] = 0x33;
  await writeFile(attachment, sameSize);
  await utimes(attachment, before3.atime, before3.mtime);
  await rebuild(site);
  await assertSameAsCold(t, site, NOW, 'attachment replaced (same size and time)');
  const reference = await tree(path.join(site, 'dist'));

  // l) Files put by hand into dist/ and into the spare, and a page of dist/ changed by hand: none survives.
  await writeFile(path.join(site, 'dist', 'by-hand.txt'), 'not from a build');
  await mkdir(path.join(site, 'dist', 'ko', 'by-hand', 'empty'), { recursive: true });
  await writeFile(path.join(site, '.dist.spare', 'ko', 'by-hand.html'), 'not from a build');
  await mkdir(path.join(site, '.dist.spare', 'en', 'by-hand'), { recursive: true });
  // A folder where the site has a file.
  await rm(path.join(site, '.dist.spare', 'sitemap.xml'));
  await mkdir(path.join(site, '.dist.spare', 'sitemap.xml', 'by-hand'), { recursive: true });
  // A link where the site has a folder: nothing may be written through it, outside the site.
  const outside = await tempDir('gongbo-outside-');
  await writeFile(path.join(outside, 'theirs.txt'), 'someone else\'s');
  const linked = path.join(site, '.dist.spare', 'ko', await noticeId(site, 11));
  await rm(linked, { recursive: true });
  await symlink(outside, linked);
  await appendFile(path.join(site, 'dist', 'ko', 'index.html'), '<!-- by hand -->');
  await rebuild(site);
  t.deepEqual(await readdir(outside), ['theirs.txt']);
  t.deepEqual(diff(await tree(path.join(site, 'dist')), reference), { onlyHere: [], onlyInCold: [], different: [] }, 'files by hand (1)');
  // The dist/ they were put into is now the spare, brought up to date by this build.
  await rebuild(site);
  t.deepEqual(diff(await tree(path.join(site, 'dist')), reference), { onlyHere: [], onlyInCold: [], different: [] }, 'files by hand (2)');
});

test.serial('files put into or changed in dist/ or the spare by hand reach no site once the builds know their folders\' times', async (t) => {
  t.timeout(SLOW);
  const site = await newSite(TINY);
  const dist = path.join(site, 'dist');
  const spare = path.join(site, '.dist.spare');
  await build(site);
  await build(site);
  // A folder's time is relied on once it is older than SETTLED_MS, as on a site built a while ago;
  // these two builds list the folders of each tree (dist/ and the spare) and keep their times.
  await sleep(SETTLED_MS + 100);
  await build(site);
  await build(site);
  const reference = await tree(dist);
  // A notice in both languages.
  const id = (await readdir(path.join(dist, 'ko'))).find((name) => /^\d{4}-/.test(name) && reference[`en/${name}/index.html`])!;
  await writeFile(path.join(dist, 'ko', id, 'by-hand.html'), 'not from a build');
  await mkdir(path.join(dist, 'en', id, 'by-hand'));
  await writeFile(path.join(spare, 'en', id, 'by-hand.html'), 'not from a build');
  await mkdir(path.join(spare, 'ko', 'by-hand', 'deeper'), { recursive: true });
  // In place: the folder's time stays, the file's changes.
  await appendFile(path.join(spare, 'ko', id, 'index.html'), '<!-- by hand -->');
  await appendFile(path.join(dist, 'en', id, 'index.html'), '<!-- by hand -->');
  await build(site);
  t.deepEqual(diff(await tree(dist), reference), { onlyHere: [], onlyInCold: [], different: [] }, 'files by hand (1)');
  // The dist/ they were put into is now the spare, brought up to date by this build.
  await build(site);
  t.deepEqual(diff(await tree(dist), reference), { onlyHere: [], onlyInCold: [], different: [] }, 'files by hand (2)');
});

test.serial('a rebuild after an edit of the config, of locales/, of gongbo itself or of the time gives the bytes of a cold build', async (t) => {
  t.timeout(SLOW);
  const site = await newSite();
  const first = await build(site);
  const total = first.manifest!.files.length;
  const pages = (made: string[]) => made.filter((p) => p.endsWith('.html') || p.endsWith('.xml') || p.endsWith('.json'));

  // g) The config: another origin, publisher and page size; every page shows them.
  await edit(path.join(site, 'gongbo.config.yaml'), (text) => text
    .replace('https://www.msit.go.kr/gongbo/', 'https://www.msit.go.kr/news/')
    .replace('en: Ministry of Science and ICT', 'en: Ministry of Science and ICT (MSIT)')
    .replace(/per_page: \d+/, 'per_page: 3'));
  const config = await rebuild(site);
  await assertSameAsCold(t, site, NOW, 'config edited');
  t.deepEqual(pages(config.made), pages(config.result.manifest!.files.map((f) => f.path)), 'config edited: every page made');

  // h) A string of the site's locales/ko.json (the listings' title).
  await edit(path.join(site, 'locales', 'ko.json'), (text) => text.replace('"보도자료"', '"보도자료 목록"'));
  const locale = await rebuild(site);
  await assertSameAsCold(t, site, NOW, 'locale edited');
  t.true(locale.made.includes('ko/index.html'));

  // i) Another version of gongbo: nothing it made is reused (copied files are the same bytes).
  process.env.GONGBO_FINGERPRINT_SALT = 'another version';
  try {
    const code = await rebuild(site);
    t.deepEqual(pages(code.made), pages(code.result.manifest!.files.map((f) => f.path)), 'gongbo changed: every page made');
    await assertSameAsCold(t, site, NOW, 'gongbo changed');
    const same = await rebuild(site);
    t.true(same.result.made! < total / 10, 'gongbo changed: the next build reuses');
  } finally {
    delete process.env.GONGBO_FINGERPRINT_SALT;
  }

  // j) Time passes the embargo of a notice: it is published, at its place in listings and feeds.
  const released = await rebuild(site, LATER);
  t.true(released.made.includes(`ko/${EMBARGOED}/index.html`));
  await assertSameAsCold(t, site, LATER, 'embargo passed');
});

test.serial('a rebuild of a site with feed archive pages gives the bytes of a cold build', async (t) => {
  t.timeout(SLOW);
  const site = await newSite(BIG);
  await build(site);
  t.truthy(await stat(path.join(site, 'dist', 'ko', 'archive', '1', 'atom.xml')));
  t.truthy(await stat(path.join(site, 'dist', 'en', 'archive', '1', 'atom.xml')));
  t.truthy(await stat(path.join(site, 'dist', 'mirrors', 'iitp', 'ko', 'archive', '1', 'atom.xml')));
  // A notice of the first archive page retitled, the newest one's body edited, and one added.
  await edit(path.join(site, 'notices', await noticeId(site, 2), 'ko.md'), (text) => text.replace(/^title: "(.*)"$/m, 'title: "새 제목"'));
  await edit(path.join(site, 'notices', await noticeId(site, BIG.copies - 1), 'en.md'), (text) => `${text}\nOne more paragraph.\n`);
  const added = '2026-11-02-added-notice';
  await cp(path.join(site, 'notices', await noticeId(site, 7)), path.join(site, 'notices', added), { recursive: true });
  for (const locale of ['ko']) {
    await edit(path.join(site, 'notices', added, `${locale}.md`), (text) => text.replace(/^date: .*$/m, 'date: 2026-11-02T09:00:00+09:00'));
  }
  await rebuild(site);
  await assertSameAsCold(t, site, NOW, 'archive site edited');
});

// A build SIGKILLed at an exact rename (faults/die-at-rename.ts): each step of taking the spare and swapping the new site in.
const DIE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../faults/die-at-rename.js');
const KILLS: Array<{ rename: string; leaves: 'previous' | 'new'; what: string }> = [
  { rename: '\\.dist\\.spare$', leaves: 'previous', what: 'once it has taken the spare' },
  { rename: '\\.dist\\.tmp-\\d+$', leaves: 'new', what: 'once the new site is in place' },
  { rename: '\\.dist\\.old-\\d+$', leaves: 'new', what: 'once the old site is the spare, before saving what it wrote' },
];

for (const kill of KILLS) {
  test.serial(`a rebuild killed ${kill.what} leaves a whole dist/, and the next rebuild gives a cold build's bytes`, async (t) => {
    t.timeout(SLOW);
    const site = await newSite(TINY);
    const retitle = async (n: number, title: string) => edit(path.join(site, 'notices', await noticeId(site, n), 'ko.md'), (text) => text.replace(/^title: "(.*)"$/m, `title: "${title}"`));
    // Three builds, so that the spare is a build of other sources than dist/.
    await build(site);
    await retitle(1, '첫 번째 수정');
    await build(site);
    await retitle(2, '두 번째 수정');
    await build(site);
    const previous = await tree(path.join(site, 'dist'));

    await retitle(3, '세 번째 수정');
    const killed = await runChild([path.join(PACKAGE_ROOT, 'bin', 'gongbo.js'), 'build', '--cwd', site, '--now', NOW.toISOString(), '--quiet', '--no-pdf'], {
      execArgv: ['--import', DIE], env: { FAULTS_DIE_AFTER_RENAME: kill.rename },
    });
    t.is(killed.signal, 'SIGKILL', 'the build should have been killed at that rename');
    const left = await tree(path.join(site, 'dist'));
    if (kill.leaves === 'previous') t.deepEqual(diff(left, previous), { onlyHere: [], onlyInCold: [], different: [] }, 'the previous site');
    else await assertSameAsCold(t, site, NOW, 'the new site');

    await retitle(4, '네 번째 수정');
    await rebuild(site);
    await assertSameAsCold(t, site, NOW, 'the rebuild after the killed one');
    t.deepEqual((await readdir(site)).filter((name) => name.startsWith('.dist')), ['.dist.spare'], 'no temporary folder left');
  });
}
