import test from 'ava';
import { writeFileSync } from 'node:fs';
import { cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { serveSite, type RunningServer } from '../src/serve/serve-site.js';
import { sourcePath, watchFailure } from '../src/serve/watch-sources.js';
import { fixture, tempDir } from './helpers.js';

// Every way an editor saves must reach the served page. `idle()` returns once the watcher has
// reported every save made before it and their builds are done: a missed save fails the assertion
// that follows. How fast a save shows is measured elsewhere.
const BETA = 'notices/2026-02-10-beta/ko.md';

async function served(): Promise<{ site: string; server: RunningServer; changes: string[][] }> {
  const site = await tempDir();
  await cp(fixture('basic'), site, { recursive: true });
  const changes: string[][] = [];
  const server = await serveSite({ cwd: site, port: 0, debounce: 30, onBuild: (_result, changed) => changes.push(changed) });
  // The tests here start from the built site (serve answers before its first build is done).
  await server.idle();
  return { site, server, changes };
}

async function fetchText(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

async function pageShows(url: string, text: string): Promise<boolean> {
  const page = await fetchText(url);
  return page.status === 200 && page.body.includes(text);
}

/** What `sed -i`, vim (`backupcopy=no`) and "safe write" editors do: a new file renamed over the old one. */
async function saveByRename(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

test('serve should show every one of ten rename-over saves and ten in-place saves of the same file', async (t) => {
  const { site, server } = await served();
  const file = path.join(site, BETA);
  const original = await readFile(file, 'utf8');
  const page = `${server.url}ko/2026-02-10-beta/`;
  try {
    for (let i = 1; i <= 10; i += 1) {
      await saveByRename(file, original.replace('title: 베타 공지', `title: 이름 바꿔 저장 ${i}번째`));
      await server.idle();
      t.true(await pageShows(page, `<h1>이름 바꿔 저장 ${i}번째</h1>`), `rename-over save ${i}`);
    }
    for (let i = 1; i <= 10; i += 1) {
      await writeFile(file, original.replace('title: 베타 공지', `title: 그 자리 저장 ${i}번째`));
      await server.idle();
      t.true(await pageShows(page, `<h1>그 자리 저장 ${i}번째</h1>`), `in-place save ${i}`);
    }
  } finally {
    await server.close();
  }
});

test('serve should end on the last of many quick saves, made while builds run', async (t) => {
  const { site, server } = await served();
  const file = path.join(site, BETA);
  const original = await readFile(file, 'utf8');
  try {
    for (let i = 1; i <= 12; i += 1) {
      const text = original.replace('title: 베타 공지', `title: 연달아 저장 ${i}번째`);
      await (i % 2 === 0 ? saveByRename(file, text) : writeFile(file, text));
      await new Promise((r) => setTimeout(r, 15 * (i % 4)));
    }
    await server.idle();
    t.true(await pageShows(`${server.url}ko/2026-02-10-beta/`, '<h1>연달아 저장 12번째</h1>'), 'the last save');
  } finally {
    await server.close();
  }
});

test('serve should take an error off the overlay as soon as the save that fixes it lands, in place or by rename', async (t) => {
  const { site, server } = await served();
  const file = path.join(site, BETA);
  const original = await readFile(file, 'utf8');
  const problemsUrl = `${server.url}__gongbo/problems`;
  // The edited file's warnings (it has no English version) stay listed; the overlay is for errors.
  const problems = async () => (JSON.parse((await fetchText(problemsUrl)).body) as Array<{ file: string; rule: string; severity: string }>)
    .filter((p) => p.severity === 'error');
  try {
    t.deepEqual(await problems(), []);
    // Both orders: an editor that saves by rename (vim, sed -i) and one that writes in place (nano, VS Code) on the same file.
    for (let round = 1; round <= 4; round += 1) {
      const [breakIt, fixIt] = round % 2 === 1 ? [saveByRename, writeFile] : [writeFile, saveByRename];
      await breakIt(file, original.replace('department: 시험정책과', 'departmnet: 시험정책과'));
      // A build may read an in-place save half-written (an empty file: no front matter); the save's
      // next event rebuilds it whole, and `idle` waits for that build too.
      await server.idle();
      t.deepEqual((await problems()).map((m) => [m.file, m.rule]), [[BETA, 'frontmatter-unknown-field']], `the error of round ${round}`);
      await fixIt(file, original.replace('title: 베타 공지', `title: 고친 베타 공지 ${round}`));
      await server.idle();
      t.deepEqual(await problems(), [], `the overlay cleared in round ${round}`);
      t.true(await pageShows(`${server.url}ko/2026-02-10-beta/`, `고친 베타 공지 ${round}`), `the fixed page of round ${round}`);
    }
  } finally {
    await server.close();
  }
});

test('serve should follow new and deleted notice folders, new attachments, the site\'s locales and the config', async (t) => {
  const { site, server } = await served();
  const id = '2026-02-20-new';
  const listing = `${server.url}ko/`;
  try {
    // A folder made after serve started, its language file written afterwards (as `gongbo new` or a person does).
    await mkdir(path.join(site, 'notices', id));
    const text = (await readFile(path.join(site, BETA), 'utf8')).replace('title: 베타 공지', 'title: 새로 쓴 공지').replace('2026-02-10T', '2026-02-20T');
    await writeFile(path.join(site, 'notices', id, 'ko.md'), text);
    await server.idle();
    t.true(await pageShows(`${server.url}ko/${id}/`, '<h1>새로 쓴 공지</h1>'), 'the new notice');

    // An attachment added to a new files/ folder, then listed by the notice.
    await mkdir(path.join(site, 'notices', id, 'files'));
    await writeFile(path.join(site, 'notices', id, 'files', 'table.csv'), 'a,b\n1,2\n');
    await saveByRename(path.join(site, 'notices', id, 'ko.md'), text.replace('category: notice', 'category: notice\nattachments:\n  - file: files/table.csv\n    title: 표'));
    await server.idle();
    t.is((await fetchText(`${server.url}ko/${id}/files/table.csv`)).body, 'a,b\n1,2\n', 'the new attachment');

    // The folder deleted.
    await rm(path.join(site, 'notices', id), { recursive: true });
    await server.idle();
    t.is((await fetchText(`${server.url}ko/${id}/`)).status, 404, 'the deleted notice gone');
    t.false((await fetchText(listing)).body.includes('새로 쓴 공지'), 'the listing without it');

    // The site's locales/, which did not exist when serve started.
    await mkdir(path.join(site, 'locales'));
    await writeFile(path.join(site, 'locales', 'ko.json'), JSON.stringify({ listing: { title: '알림마당' } }));
    await server.idle();
    t.true(await pageShows(listing, '알림마당'), 'the site\'s own Korean string');

    // The config, saved by rename.
    const config = path.join(site, 'gongbo.config.yaml');
    await saveByRename(config, (await readFile(config, 'utf8')).replace('ko: 시험부', 'ko: 고친시험부'));
    await server.idle();
    t.true(await pageShows(listing, '고친시험부'), 'the new publisher name');
  } finally {
    await server.close();
  }
});

test('serve should not rebuild for what it writes itself, nor for editors\' swap, backup and probe files', async (t) => {
  const { site, server, changes } = await served();
  const dir = path.join(site, 'notices/2026-02-10-beta');
  try {
    for (const name of ['.ko.md.swp', 'ko.md~', '4913', 'ko.md.tmp', '.#ko.md', 'sedAb12Cd', 'ko.md___jb_tmp___']) await writeFile(path.join(dir, name), 'x');
    for (const name of ['.ko.md.swp', 'ko.md~', '4913', 'ko.md.tmp', '.#ko.md', 'sedAb12Cd', 'ko.md___jb_tmp___']) await rm(path.join(dir, name));
    await mkdir(path.join(site, 'dist'), { recursive: true });
    await writeFile(path.join(site, 'dist', 'x.html'), 'x');
    await mkdir(path.join(site, 'mirrors/alpha'), { recursive: true });
    await writeFile(path.join(site, 'mirrors/alpha/x.html'), 'x');
    await writeFile(path.join(site, '.gongbo-cache', 'x'), 'x');
    // A real save afterwards: its build is the only one, and names only the file saved.
    const file = path.join(site, BETA);
    await writeFile(file, (await readFile(file, 'utf8')).replace('title: 베타 공지', 'title: 진짜 저장'));
    await server.idle();
    t.true(await pageShows(`${server.url}ko/2026-02-10-beta/`, '<h1>진짜 저장</h1>'), 'the real save');
    t.deepEqual([...new Set(changes.slice(1).flat())], [BETA], 'no build for anything but the saved notice, and none caused by a build');
  } finally {
    await server.close();
  }
});

/** What a busy machine does to the process: nothing runs, and what the system has to tell it waits. */
function holdEventLoop(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy
  }
}

test('idle() should wait for a save the watcher has not heard of yet, and for the build it starts', async (t) => {
  const { site, server, changes } = await served();
  const file = path.join(site, BETA);
  try {
    const text = (await readFile(file, 'utf8')).replace('department: 시험정책과', 'departmnet: 시험정책과');
    // Saved and waited for without a turn of the event loop in between, which is then held longer
    // than any delay `idle` could guess: the process reads the save's event only after that delay.
    writeFileSync(file, text);
    const idle = server.idle();
    holdEventLoop(500);
    await idle;
    t.deepEqual(changes.slice(1), [[BETA]], 'the save\'s build is done');
    const problems = await (await fetch(`${server.url}__gongbo/problems`)).json() as Array<{ file: string; line: number; rule: string }>;
    t.true(problems.some((p) => p.file === BETA && p.line === 4 && p.rule === 'frontmatter-unknown-field'), JSON.stringify(problems));
  } finally {
    await server.close();
  }
});

test('idle() should wait for a deleted file, which the watcher reports only once it is sure it was no rename', async (t) => {
  const { site, server } = await served();
  try {
    const page = `${server.url}en/2026-03-01-gamma/`;
    t.is((await fetchText(page)).status, 200);
    await rm(path.join(site, 'notices/2026-03-01-gamma/en.md'));
    await server.idle();
    t.is((await fetchText(page)).status, 404, 'the English page is gone with its text');
  } finally {
    await server.close();
  }
});

test('sourcePath should take the config, notices/ and locales/, and leave out output folders and editor leftovers', (t) => {
  const root = path.resolve('/site');
  const at = (relative: string) => sourcePath(root, path.join(root, relative));
  for (const source of ['gongbo.config.yaml', 'notices', 'notices/2026-01-05-a/ko.md', 'notices/2026-01-05-a/files/표.pdf', 'locales/ko.json', 'locales']) {
    t.is(at(source), source, source);
  }
  for (const other of ['dist/ko/index.html', '.gongbo-cache/serve/index.html', 'mirrors/alpha/index.html', 'node_modules/x/y.js', 'README.md',
    'notices/a/.ko.md.swp', 'notices/a/.ko.md.swo', 'notices/a/ko.md~', 'notices/a/4913', 'notices/a/ko.md.tmp', 'notices/a/.#ko.md', 'notices/a/#ko.md#',
    'notices/a/sedXy12Zq', 'notices/a/ko.md___jb_tmp___', 'notices/a/ko.md___jb_old___', 'gongbo.config.yaml~']) {
    t.is(at(other), undefined, other);
  }
  t.is(sourcePath(root, path.resolve('/elsewhere/notices/a/ko.md')), undefined);
});

test('a watcher out of file watches should say so and how to raise the limit', (t) => {
  const error = watchFailure(Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' }));
  t.regex(error.message, /limit on watched files is reached/);
  t.regex(error.message, /fs\.inotify\.max_user_watches/);
});
