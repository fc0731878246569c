import test from 'ava';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fixture, runMain, tempDir } from './helpers.js';

const run = runMain;

async function brokenSite(): Promise<string> {
  const site = await tempDir();
  await cp(fixture('basic'), site, { recursive: true });
  await writeFile(path.join(site, 'notices/2026-02-10-beta/ko.md'),
    '---\ntitle: 잘못된 공지\ndate: 2026-02-30T12:00:00+09:00\ndepartmnet: 시험정책과\ncategory: notice\n---\n본문\n');
  return site;
}

test('build should exit 0 and say what it built', async (t) => {
  const out = path.join(await tempDir(), 'dist');
  const result = await run(['build', '--cwd', fixture('basic'), '--out', out, '--now', '2026-11-29T12:00:00+09:00', '--no-pdf']);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /Built 4 notices \(\d+ files\)/);
});

test('build should exit 1 with file:line:column messages and no stack trace for a bad notice', async (t) => {
  const site = await brokenSite();
  const out = path.join(site, 'dist');
  await run(['build', '--cwd', site, '--out', out, '--no-pdf']);
  await writeFile(path.join(site, 'notices/2026-01-05-alpha/ko.md'), (await readFile(path.join(site, 'notices/2026-01-05-alpha/ko.md'), 'utf8')).replace('title:', 'titel:'));
  const result = await run(['build', '--cwd', site, '--out', out, '--no-pdf']);
  t.is(result.code, 1);
  t.regex(result.stderr, /notices\/2026-02-10-beta\/ko\.md/);
  t.regex(result.stderr, /3:7-3:32\s+error\s+`date` is not a valid time: February 2026 has no day 30/);
  t.regex(result.stderr, /4:1-4:11\s+error\s+Unknown field `departmnet`.*did you mean `department`\?/);
  t.regex(result.stderr, /notices\/2026-01-05-alpha\/ko\.md/);
  t.regex(result.stderr, /Nothing was built/);
  t.notRegex(result.stderr, /\n\s+at .*\(.*:\d+:\d+\)/);
});

test('check --format json should print every message as JSON', async (t) => {
  const result = await run(['check', '--cwd', await brokenSite(), '--format', 'json']);
  t.is(result.code, 1);
  const messages = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
  t.deepEqual(messages.find((m) => m.rule === 'frontmatter-date'), {
    file: 'notices/2026-02-10-beta/ko.md', line: 3, column: 7, endLine: 3, endColumn: 32, rule: 'frontmatter-date', severity: 'error',
    message: '`date` is not a valid time: February 2026 has no day 30 (it has 28 days)',
  });
  t.like(messages.find((m) => m.rule === 'translation-missing'), { severity: 'warning' });
  const beta = messages.filter((m) => m.file === 'notices/2026-02-10-beta/ko.md').map((m) => m.line as number);
  t.deepEqual(beta, [...beta].sort((a, b) => a - b), 'sorted by line');
});

test('usage errors should exit 2 and point at --help', async (t) => {
  for (const args of [['frob'], ['build', '--now', 'tomorrow'], ['build', '--bogus'], ['check', '--format', 'xml']]) {
    const result = await run(args);
    t.is(result.code, 2, args.join(' '));
    t.regex(result.stderr, /gongbo --help/);
  }
});

test('--help and --version should exit 0', async (t) => {
  const help = await run(['--help']);
  t.is(help.code, 0);
  t.regex(help.stdout, /build \[options\]/);
  const version = await run(['--version']);
  t.is(version.code, 0);
  t.regex(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('a folder without a config should get a clear message, exit 1', async (t) => {
  const result = await run(['check', '--cwd', await tempDir()]);
  t.is(result.code, 1);
  t.regex(result.stderr, /Cannot read `gongbo\.config\.yaml`.*--cwd DIR/);
});

test('a mirror url that is neither file: nor http(s) should be one positioned config error for every command, not a crash', async (t) => {
  const site = await tempDir();
  await cp(fixture('basic'), site, { recursive: true });
  const config = path.join(site, 'gongbo.config.yaml');
  await writeFile(config, (await readFile(config, 'utf8')).replace('mirrors:\n', 'mirrors:\n  portal:\n    url: ftp://mirror.example.kr/msit/\n    public_url: https://portal.example.kr/\n'));
  for (const command of [['check'], ['build', '--no-pdf'], ['push', '--dry-run']]) {
    const result = await run([...command, '--cwd', site, '--lang', 'ko']);
    t.is(result.code, 1, `${command[0]}: ${result.stderr}`);
    const output = result.stdout + result.stderr;
    t.regex(output, /gongbo\.config\.yaml[\s\S]*10:10[\s\S]*`mirrors\.portal\.url`에는 `file:` 폴더/, command[0]);
    t.notRegex(output, /Cannot read properties|TypeError/, command[0]);
  }
});

test('a bad --now should suggest a time that is itself valid', async (t) => {
  const en = await run(['check', '--now', '2026-13-01']);
  t.is(en.code, 2);
  t.regex(en.stderr, /--now 2026-13-01: month 13 does not exist; use 01 to 12; then write the date, time and offset whole, like `2026-05-13T12:00:00\+09:00`\./);
  const ko = await run(['check', '--now', '2026-02-30', '--lang', 'ko']);
  t.regex(ko.stderr, /--now 2026-02-30: 2026년 2월에는 30일이 없습니다\(28일까지 있습니다\)\. 고친 다음 날짜, 시각, 시간대를 `2026-05-13T12:00:00\+09:00`처럼 모두 쓰세요\./);
  t.regex((await run(['check', '--now', '2026-13-01T12:00'])).stderr, /month 13 does not exist; use 01 to 12; then write .* like `2026-05-13T12:00:00\+09:00`/);
  // A valid day keeps its own example.
  t.regex((await run(['check', '--now', '2026-02-28'])).stderr, /--now 2026-02-28: add the time and the offset, like `2026-02-28T12:00:00\+09:00`\./);
  t.regex((await run(['check', '--now', '2026-02-28T09:30'])).stderr, /--now 2026-02-28T09:30: add the time zone offset, like `2026-02-28T09:30\+09:00`\./);
});

test('a file: mirror in /proc, /sys or /dev should be a positioned config error (push would never return from /proc)', async (t) => {
  const site = await tempDir();
  await cp(fixture('basic'), site, { recursive: true });
  const config = path.join(site, 'gongbo.config.yaml');
  await writeFile(config, (await readFile(config, 'utf8')).replace('mirrors:\n', 'mirrors:\n  portal:\n    url: file:/proc/portal/\n    public_url: https://portal.example.kr/\n'));
  const result = await run(['check', '--cwd', site]);
  t.is(result.code, 1);
  t.regex(result.stderr, /10:10-10:28 +error +`mirrors\.portal\.url` `file:\/proc\/portal\/` lies in `\/proc\/`, the system's own files/);
});
