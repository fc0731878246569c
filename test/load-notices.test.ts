import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSite, checkSite } from '../src/build.js';
import { MAX_SOURCE_BYTES } from '../src/load/limits.js';
import { CONFIG, frontMatter, listFiles, NOW, readText, tempDir, writeSite } from './helpers.js';

const ID = 'notices/2026-05-13-test';

async function messagesOf(cwd: string) {
  const result = await checkSite({ cwd });
  return {
    ok: result.ok,
    notices: result.notices.length,
    messages: result.files.flatMap((f) => f.messages.map((m) => ({ file: f.path, line: m.line, column: m.column, rule: m.ruleId, reason: m.reason, fatal: m.fatal }))),
  };
}

test('should refuse a language file that is a named pipe, without waiting on it', async (t) => {
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter() });
  execFileSync('mkfifo', [path.join(cwd, ID, 'en.md')]);
  const { ok, messages } = await messagesOf(cwd);
  t.false(ok);
  const m = messages.find((x) => x.rule === 'source-file');
  t.like(m, { file: `${ID}/en.md`, fatal: true });
  t.regex(m!.reason, /is a named pipe \(FIFO\), not a regular file/);
  t.false(messages.some((x) => x.rule === 'frontmatter-missing'), 'the unreadable file is not parsed as well');
});

test('should refuse a language file linked to /dev/zero without reading it', async (t) => {
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter() });
  await symlink('/dev/zero', path.join(cwd, ID, 'en.md'));
  const { ok, messages } = await messagesOf(cwd);
  t.false(ok);
  t.regex(messages.find((x) => x.rule === 'source-file' && x.file === `${ID}/en.md`)!.reason, /symbolic link to `\/dev\/zero`, outside the `notices\/` folder/);
});

test('should refuse a language file larger than the limit, naming the limit', async (t) => {
  t.is(MAX_SOURCE_BYTES, 2 * 1024 * 1024);
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter({}, 'ㄱ'.repeat(MAX_SOURCE_BYTES / 3 + 1)) });
  const { ok, messages } = await messagesOf(cwd);
  t.false(ok);
  t.like(messages.find((x) => x.rule === 'source-file'), { file: `${ID}/ko.md`, fatal: true });
  t.regex(messages.find((x) => x.rule === 'source-file')!.reason, /is 2\.0 MiB \(2,097,\d{3} bytes\); a language file may be at most 2 MiB/);
});

test('should refuse a config that is a named pipe or too large, without waiting on it', async (t) => {
  const fifo = await tempDir();
  execFileSync('mkfifo', [path.join(fifo, 'gongbo.config.yaml')]);
  const piped = await messagesOf(fifo);
  t.false(piped.ok);
  t.like(piped.messages[0], { file: 'gongbo.config.yaml', rule: 'source-file', fatal: true });
  t.regex(piped.messages[0]!.reason, /named pipe \(FIFO\)/);

  const big = await writeSite({ 'gongbo.config.yaml': `${CONFIG}# ${'x'.repeat(MAX_SOURCE_BYTES)}\n` });
  const large = await messagesOf(big);
  t.false(large.ok);
  t.regex(large.messages.find((m) => m.rule === 'source-file')!.reason, /may be at most 2 MiB/);
});

test('should refuse a notice folder linked from outside notices/, saying why, and follow nothing in it', async (t) => {
  const outside = await tempDir();
  await mkdir(path.join(outside, 'real'));
  await writeFile(path.join(outside, 'real', 'ko.md'), frontMatter());
  const cwd = await writeSite({ 'notices/2026-05-12-kept/ko.md': frontMatter() });
  await symlink(path.join(outside, 'real'), path.join(cwd, 'notices', '2026-05-13-linked'));
  const { ok, notices, messages } = await messagesOf(cwd);
  t.false(ok);
  t.is(notices, 1);
  const m = messages.find((x) => x.rule === 'notice-skipped');
  t.like(m, { file: 'notices/2026-05-13-linked', fatal: true });
  t.regex(m!.reason, /is a symbolic link to `[^`]+`, outside the `notices\/` folder: move the folder into `notices\/`/);
});

test('should warn about a file in notices/ that is not a notice folder', async (t) => {
  const cwd = await writeSite({ 'notices/2026-05-13-x.md': frontMatter(), [`${ID}/ko.md`]: frontMatter() });
  const { ok, messages } = await messagesOf(cwd);
  t.true(ok);
  t.like(messages.find((x) => x.rule === 'notice-skipped'), { file: 'notices/2026-05-13-x.md', fatal: false });
});

test('should say an attachment is a link leading outside notices/, not that it is missing', async (t) => {
  const outside = await tempDir();
  await writeFile(path.join(outside, 'plan.pdf'), '%PDF-1.7');
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter({ attachments: '\n  - file: files/plan.pdf\n    title: 계획' }), [`${ID}/files/.keep`]: '' });
  await symlink(path.join(outside, 'plan.pdf'), path.join(cwd, ID, 'files', 'plan.pdf'));
  const { ok, messages } = await messagesOf(cwd);
  t.false(ok);
  const m = messages.find((x) => x.rule === 'attachment-skipped');
  t.like(m, { file: `${ID}/ko.md`, line: 7, column: 11, fatal: true });
  t.regex(m!.reason, /`files\/plan\.pdf` is a symbolic link to `[^`]+`, outside the `notices\/` folder.*copy the file itself into/);
  t.false(messages.some((x) => /does not exist/.test(x.reason)));
});

test('should follow an attachment linked to another notice\'s file, and publish it', async (t) => {
  const cwd = await writeSite({
    'notices/2026-05-12-first/ko.md': frontMatter({ attachments: '\n  - file: files/logo.png\n    title: 로고' }),
    'notices/2026-05-12-first/files/logo.png': 'png',
    [`${ID}/ko.md`]: frontMatter({ attachments: '\n  - file: files/logo.png\n    title: 로고' }),
  });
  await mkdir(path.join(cwd, ID, 'files'));
  await symlink('../../2026-05-12-first/files/logo.png', path.join(cwd, ID, 'files', 'logo.png'));
  const result = await buildSite({ cwd, now: NOW, pdf: false });
  t.true(result.ok);
  t.is(await readText(path.join(cwd, 'dist'), 'ko/2026-05-13-test/files/logo.png'), 'png');
});

test('should warn about an unnamed special file in files/, and never read it', async (t) => {
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter(), [`${ID}/files/.keep`]: '' });
  execFileSync('mkfifo', [path.join(cwd, ID, 'files', 'pipe.pdf')]);
  const { ok, messages } = await messagesOf(cwd);
  t.true(ok);
  const m = messages.find((x) => x.rule === 'attachment-skipped');
  t.like(m, { file: ID, fatal: false });
  t.regex(m!.reason, /`files\/pipe\.pdf` is a named pipe \(FIFO\), not a regular file/);
});

test('should match a decomposed (NFD) file name to the composed (NFC) name in the text, and publish it composed', async (t) => {
  const nfc = '안내서.pdf';
  const nfd = nfc.normalize('NFD');
  t.not(nfc, nfd);
  const cwd = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ attachments: `\n  - file: files/${nfc}\n    title: 안내서` }, `본문.\n\n[안내서](files/${nfc}) [다시](<files/${nfc}>)`),
    [`${ID}/files/${nfd}`]: '%PDF-1.7',
  });
  const result = await buildSite({ cwd, now: NOW, pdf: false });
  t.deepEqual(result.files.flatMap((f) => f.messages).filter((m) => m.fatal).map((m) => m.reason), []);
  t.true(result.ok);
  const published = (await listFiles(path.join(cwd, 'dist'))).filter((f) => /^(ko|en)\/[^/]+\/files\//.test(f));
  t.deepEqual(published, [`ko/2026-05-13-test/files/${nfc}`]);
  const html = await readText(path.join(cwd, 'dist'), 'ko/2026-05-13-test/index.html');
  const hrefs = [...html.matchAll(/href="(files\/[^"]+)"/g)].map((m) => m[1]);
  t.is(hrefs.length, 3);
  t.true(hrefs.every((h) => h === `files/${encodeURIComponent(nfc)}`));
});

test('should say when two files differ only in Unicode form', async (t) => {
  const nfc = '안내서.pdf';
  const cwd = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ attachments: `\n  - file: files/${nfc}\n    title: 안내서` }),
    [`${ID}/files/${nfc}`]: '%PDF-1.7 one',
    [`${ID}/files/${nfc.normalize('NFD')}`]: '%PDF-1.7 two',
  });
  const { ok, messages } = await messagesOf(cwd);
  t.false(ok);
  t.regex(messages.find((x) => x.rule === 'attachment-skipped' && x.fatal)!.reason, /two files whose names differ only in Unicode form/);
});

test('a missing attachment should still be reported as missing', async (t) => {
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter({ attachments: '\n  - file: files/gone.pdf\n    title: 없음' }) });
  await rm(path.join(cwd, ID, 'files'), { recursive: true, force: true });
  const { messages } = await messagesOf(cwd);
  t.regex(messages.find((x) => x.rule === 'frontmatter-attachment')!.reason, /does not exist/);
});
