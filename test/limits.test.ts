// The documented limits on a notice's size and shape, control characters, and what the CLI echoes.
import test from 'ava';
import { readdir } from 'node:fs/promises';
import { PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { SaxesParser } from 'saxes';
import { VFile } from 'vfile';
import { buildSite, checkSite } from '../src/build.js';
import { compileNotice } from '../src/transform/compile-notice.js';
import { finishPdf } from '../src/render/pdf/finish-pdf.js';
import { LIMITS } from '../src/validate/check-limits.js';
import { frontMatter, NOW, runMain, writeSite } from './helpers.js';

const ID = 'notices/2026-05-13-test';

async function problems(files: Record<string, string>) {
  const cwd = await writeSite(files);
  const result = await checkSite({ cwd });
  const messages = result.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => ({
    file: f.path, line: m.line, column: m.column, rule: m.ruleId, reason: m.reason,
  })));
  return { cwd, ok: result.ok, messages };
}

const cli = runMain;

// The body starts on line 7 of frontMatter()'s file.
const BODY_LINE = 7;

test('check should report a list nested 1,000 deep on one line, and build should refuse it naming the file', async (t) => {
  const body = `${'- '.repeat(1000)}x`;
  const { cwd, ok, messages } = await problems({ [`${ID}/ko.md`]: frontMatter({}, body) });
  t.false(ok);
  t.like(messages[0], { file: `${ID}/ko.md`, line: BODY_LINE, column: 2 * LIMITS.nesting + 1, rule: 'body-nesting' });
  const result = await cli(['build', '--cwd', cwd, '--no-pdf']);
  t.is(result.code, 1);
  t.regex(result.stderr, /ko\.md[\s\S]*body-nesting/);
  t.regex(result.stderr, /Nothing was built/);
  t.false((await readdir(cwd)).includes('dist'));
});

test('check should report lists nested by indentation, 2,000 nested <div>s and deep emphasis', async (t) => {
  const indented = Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n');
  const divs = `${'<div>'.repeat(2000)}x${'</div>'.repeat(2000)}`;
  const emphasis = `${'*a '.repeat(300)}x${'*'.repeat(300)}`;
  for (const body of [indented, divs, emphasis]) {
    const { messages } = await problems({ [`${ID}/ko.md`]: frontMatter({}, body) });
    t.deepEqual(messages.map((m) => m.rule), ['body-nesting'], body.slice(0, 20));
    t.true(messages[0]!.line! >= BODY_LINE);
  }
});

test('nesting within the limit should build', async (t) => {
  const body = `${'> '.repeat(30)}${'- '.repeat(30)}x\n\n${'<div>'.repeat(30)}y${'</div>'.repeat(30)}`;
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter({}, body) });
  const result = await buildSite({ cwd, pdf: false, now: NOW });
  t.true(result.ok, JSON.stringify(result.files.flatMap((f) => f.messages.map((m) => m.reason))));
});

test('a body over 1 MiB should be reported at its first line', async (t) => {
  const body = '가나다라마바사 아자차카타파하\n\n'.repeat(Math.ceil(LIMITS.bodyBytes / 44) + 1);
  const { messages } = await problems({ [`${ID}/ko.md`]: frontMatter({}, body) });
  t.like(messages[0], { line: BODY_LINE, column: 1, rule: 'body-size' });
  t.regex(messages[0]!.reason, /at most 1,024 KiB/);
});

test('more than 10,000 lines should be reported at the first line past the limit', async (t) => {
  const body = Array.from({ length: LIMITS.lines + 5 }, (_, i) => `p${i}`).join('\n\n');
  const { messages } = await problems({ [`${ID}/ko.md`]: frontMatter({}, body) });
  t.like(messages[0], { line: BODY_LINE + 2 * LIMITS.lines, column: 1, rule: 'body-lines' });
});

test('more than 500 sub-lists inside list items should be reported at the item that closes the 501st', async (t) => {
  const ok = await problems({ [`${ID}/ko.md`]: frontMatter({}, '- a\n  - b\n'.repeat(LIMITS.sublists)) });
  t.deepEqual(ok.messages, []);
  const { messages } = await problems({ [`${ID}/ko.md`]: frontMatter({}, '- a\n  - b\n'.repeat(LIMITS.sublists + 2)) });
  t.like(messages[0], { line: BODY_LINE + 2 * (LIMITS.sublists + 1), rule: 'body-sublists' });
});

test('front matter nested past the limit should be reported before YAML reads it', async (t) => {
  const { messages } = await problems({ [`${ID}/ko.md`]: frontMatter({ tags: `${'['.repeat(10_000)}${']'.repeat(10_000)}` }) });
  t.like(messages[0], { line: 6, column: 7 + LIMITS.frontMatterNesting, rule: 'frontmatter-nesting' });
});

test('a long title and too many tags should be reported at the field', async (t) => {
  const { messages } = await problems({
    [`${ID}/ko.md`]: frontMatter({ title: '가'.repeat(301), tags: `[${Array.from({ length: 51 }, (_, i) => `t${i}`).join(', ')}]` }),
  });
  t.deepEqual(messages.map((m) => [m.rule, m.line]), [['frontmatter-length', 2], ['frontmatter-length', 6]]);
});

test('control characters in front matter and body should be errors at the character', async (t) => {
  const { messages } = await problems({
    [`${ID}/ko.md`]: frontMatter({ title: '시험\u0001 보도', department: '"시험\\x01과"' }, '본문 \u0085 끝\n\n둘째 \u001b[31m'),
  });
  t.deepEqual(messages.map((m) => [m.rule, m.line, m.column]), [
    ['frontmatter-control-character', 2, 10],
    ['frontmatter-control-character', 4, 13],
    ['body-control-character', BODY_LINE, 4],
    ['body-control-character', BODY_LINE + 2, 4],
  ]);
  t.regex(messages[0]!.reason, /U\+0001/);
});

test('the PDF metadata should be well-formed XML whatever the title holds', async (t) => {
  const source = await PDFDocument.create();
  source.addPage();
  const instant = { iso: '2026-05-13T12:00:00+09:00', ms: Date.parse('2026-05-13T12:00:00+09:00') };
  const bytes = await finishPdf(await source.save(), {
    metadata: {
      title: 'A\u0001B\uFFFF\uD800 & <C>', author: 'Ministry', subject: '', keywords: ['k\u001b'], language: 'en',
      licenseUrl: 'https://www.kogl.or.kr/', rights: 'KOGL', created: instant, modified: instant, sourceUrl: 'https://example.go.kr/',
    },
    creator: 'gongbo test',
    contentHash: '0'.repeat(32),
  });
  const document = await PDFDocument.load(bytes);
  const metadata = document.catalog.get(PDFName.of('Metadata'));
  const stream = metadata instanceof PDFRef ? document.context.lookup(metadata) : metadata;
  t.true(stream instanceof PDFRawStream);
  const xmp = Buffer.from((stream as PDFRawStream).getContents()).toString('utf8');
  const errors: string[] = [];
  const sax = new SaxesParser({ xmlns: true });
  sax.on('error', (error) => errors.push(error.message));
  sax.write(xmp.replace(/^<\?xpacket[^>]*\?>/, '').replace(/<\?xpacket[^>]*\?>$/, '')).close();
  t.deepEqual(errors, []);
  t.true(xmp.includes('AB &amp; &lt;C&gt;'));
});

test('check should print folder names and unknown keys with escape sequences escaped', async (t) => {
  const folder = 'notices/2026-05-13-\u001b]0;pwned\u0007x';
  const cwd = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ 'bad\u001b[2Jkey': 'x' }),
    [`${folder}/ko.md`]: frontMatter(),
  });
  const result = await cli(['check', '--cwd', cwd]);
  t.is(result.code, 1);
  t.false(/[\u0000-\u0008\u000B-\u001F\u007F]/.test(result.stderr), JSON.stringify(result.stderr));
  t.true(result.stderr.includes('\\u001b]0;pwned\\u0007x'));
  t.true(result.stderr.includes('bad\\u001b[2Jkey'));
});

test('a text that still breaks the compiler should be an error on its file, not a crash', (t) => {
  const file = new VFile({ path: `${ID}/ko.md`, value: '본문' });
  const overflowing = { parse: () => ({ type: 'root', children: [] }), runSync: () => { throw new RangeError('Maximum call stack size exceeded'); } };
  const processors = { ko: overflowing, en: overflowing } as unknown as Parameters<typeof compileNotice>[1];
  const meta = {} as never;
  const compiled = compileNotice({ id: 'x', dir: ID, assets: [], versions: { ko: { locale: 'ko', file, meta } } }, processors);
  t.is(compiled, undefined);
  t.like(file.messages[0], { ruleId: 'body-too-complex', fatal: true });
  t.regex(file.messages[0]!.reason, /Maximum call stack size exceeded/);
});

test('a body of 120,000 short paragraphs should be refused by check, not crash build', async (t) => {
  const body = Array.from({ length: 120_000 }, (_, i) => `p${i}`).join('\n\n');
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter({}, body) });
  const result = await cli(['build', '--cwd', cwd, '--no-pdf']);
  t.is(result.code, 1);
  t.regex(result.stderr, /ko\.md[\s\S]*body-lines/);
  t.false((await readdir(cwd)).includes('dist'));
});
