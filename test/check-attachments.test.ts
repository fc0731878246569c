import test from 'ava';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { buildSite, checkSite } from '../src/build.js';
import { frontMatter, listFiles, NOW, writeSite } from './helpers.js';

const ID = 'notices/2026-05-13-test';
const SCRIPT_HTML = '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>';
const SCRIPT_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>';

async function messagesOf(cwd: string) {
  const result = await checkSite({ cwd });
  return {
    ok: result.ok,
    messages: result.files.flatMap((f) => f.messages.map((m) => ({ file: f.path, line: m.line, column: m.column, rule: m.ruleId, reason: m.reason, fatal: m.fatal }))),
  };
}

test('should refuse an HTML attachment and an SVG image at the lines that name them, saying to convert them', async (t) => {
  const cwd = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ attachments: '\n  - file: files/report.html\n    title: 보고서' }, '본문.\n\n![차트](files/chart.svg)'),
    [`${ID}/files/report.html`]: SCRIPT_HTML,
    [`${ID}/files/chart.svg`]: SCRIPT_SVG,
  });
  const { ok, messages } = await messagesOf(cwd);
  t.false(ok);
  const found = messages.filter((m) => m.rule === 'attachment-type').sort((a, b) => a.line! - b.line!);
  t.deepEqual(found.map((m) => [m.file, m.line, m.column, m.fatal]), [
    [`${ID}/ko.md`, 7, 11, true],
    [`${ID}/ko.md`, 12, 1, true],
  ]);
  t.regex(found[0]!.reason, /`files\/report\.html` is a web page \(\.html\).*can run scripts.*convert it to PDF/);
  t.regex(found[1]!.reason, /`files\/chart\.svg` is an SVG image.*convert it to PNG/);
});

test('should refuse active files linked from raw HTML, and files with no extension or an unknown one', async (t) => {
  const cwd = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ attachments: '\n  - file: files/README\n    title: 설명' },
      '본문.\n\n<a href="files/page.xhtml">쪽</a> [스크립트](files/app.js) [데이터](files/data.xml) [실행](files/setup.exe)'),
    [`${ID}/files/README`]: 'plain words',
    [`${ID}/files/page.xhtml`]: SCRIPT_HTML,
    [`${ID}/files/app.js`]: 'alert(1)',
    [`${ID}/files/data.xml`]: '<?xml version="1.0"?><a/>',
    [`${ID}/files/setup.exe`]: 'MZ',
  });
  const { ok, messages } = await messagesOf(cwd);
  t.false(ok);
  const found = messages.filter((m) => m.rule === 'attachment-type');
  t.deepEqual(found.map((m) => /`([^`]+)`/.exec(m.reason)![1]).sort(),
    ['files/README', 'files/app.js', 'files/data.xml', 'files/page.xhtml', 'files/setup.exe']);
  t.like(found.find((m) => m.reason.includes('page.xhtml')), { line: 12, column: 1 });
  t.regex(found.find((m) => m.reason.includes('README'))!.reason, /has no file extension/);
  t.regex(found.find((m) => m.reason.includes('setup.exe'))!.reason, /\.exe files are not published.*PDF, HWP/);
});

test('should refuse a file whose name says PDF or CSV but whose content is HTML, SVG or XML', async (t) => {
  const cwd = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ attachments: '\n  - file: files/plan.pdf\n    title: 계획\n  - file: files/table.csv\n    title: 표' }, '본문.\n\n![그림](files/photo.PNG)'),
    [`${ID}/files/plan.pdf`]: `\uFEFF  \n${SCRIPT_HTML}`,
    [`${ID}/files/table.csv`]: SCRIPT_SVG,
    [`${ID}/files/photo.PNG`]: '\n\n<svg onload="alert(1)"></svg>',
  });
  const { ok, messages } = await messagesOf(cwd);
  t.false(ok);
  const found = messages.filter((m) => m.rule === 'attachment-type').sort((a, b) => a.line! - b.line!);
  t.is(found.length, 3);
  t.regex(found[0]!.reason, /`files\/plan\.pdf` is named \.pdf but its content is markup \(HTML, SVG or XML\)/);
  t.like(found[0], { line: 7, column: 11 });
  t.like(found[1], { line: 9, column: 11 });
  t.like(found[2], { line: 14, column: 1 });
});

test('should accept the document, image and archive types ministries publish, in any letter case', async (t) => {
  const names = ['a.pdf', 'b.hwp', 'c.HWPX', 'd.docx', 'e.xlsx', 'f.pptx', 'g.doc', 'h.xls', 'i.ppt', 'j.odt', 'k.ods', 'l.odp',
    'm.png', 'n.JPG', 'o.jpeg', 'p.gif', 'q.webp', 'r.txt', 's.csv', 't.zip'];
  const cwd = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ attachments: names.map((n) => `\n  - file: files/${n}\n    title: ${n}`).join('') }),
    ...Object.fromEntries(names.map((n) => [`${ID}/files/${n}`, n.endsWith('.pdf') ? '%PDF-1.7\n<< /Type /Catalog >>' : 'bytes, 1, 2'])),
  });
  const { ok, messages } = await messagesOf(cwd);
  t.deepEqual(messages.filter((m) => m.fatal), []);
  t.true(ok);
});

test('build should refuse active attachments and leave dist/ unwritten; unnamed ones never reach dist/', async (t) => {
  const refused = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ attachments: '\n  - file: files/report.html\n    title: 보고서' }),
    [`${ID}/files/report.html`]: SCRIPT_HTML,
  });
  const result = await buildSite({ cwd: refused, now: NOW, pdf: false });
  t.false(result.ok);
  await t.throwsAsync(access(path.join(refused, 'dist')));

  const quiet = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ attachments: '\n  - file: files/plan.pdf\n    title: 계획' }),
    [`${ID}/files/plan.pdf`]: '%PDF-1.7',
    [`${ID}/files/report.html`]: SCRIPT_HTML,
    [`${ID}/files/chart.svg`]: SCRIPT_SVG,
  });
  const built = await buildSite({ cwd: quiet, now: NOW, pdf: false });
  t.true(built.ok);
  const files = await listFiles(path.join(quiet, 'dist'));
  t.deepEqual(files.filter((f) => /^(ko|en)\/[^/]+\/files\//.test(f)), ['ko/2026-05-13-test/files/plan.pdf']);
  t.false(files.some((f) => /\.(html?|svg)$/.test(f) && f.includes('files/')));
});

test('files of the folder that nothing names should be one warning listing them, since they are not published', async (t) => {
  const cwd = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ attachments: '\n  - file: files/plan.pdf\n    title: 계획' }, '본문과 [표](files/table.csv).'),
    [`${ID}/files/plan.pdf`]: '%PDF-1.7',
    [`${ID}/files/table.csv`]: 'a,b',
    [`${ID}/files/unused.csv`]: 'c,d',
    [`${ID}/files/diagram.svg`]: SCRIPT_SVG,
    [`${ID}/page.html`]: SCRIPT_HTML,
  });
  const { ok, messages } = await messagesOf(cwd);
  t.true(ok, 'a warning: the notice still builds');
  const found = messages.filter((m) => m.rule === 'attachment-unnamed');
  t.deepEqual(found.map((m) => [m.file, m.fatal]), [[ID, false]]);
  t.is(found[0]!.reason, '3 files are in the notice\'s folder, but no attachment, link or image names them, so they are not published: '
    + '`files/diagram.svg`, `files/unused.csv`, `page.html`. List each under `attachments:` (or link it in the text, like `[안내서](files/안내서.pdf)`), or remove it from the folder');

  // Every file named, by the front matter or a link: nothing to say.
  const named = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ attachments: '\n  - file: files/plan.pdf\n    title: 계획' }, '본문과 [표](files/table.csv).'),
    [`${ID}/files/plan.pdf`]: '%PDF-1.7',
    [`${ID}/files/table.csv`]: 'a,b',
  });
  t.deepEqual((await messagesOf(named)).messages.filter((m) => m.rule === 'attachment-unnamed'), []);
});

test('a long list of unnamed files should name the first five only', async (t) => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => `files/${n}.pdf`);
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter(), ...Object.fromEntries(names.map((n) => [`${ID}/${n}`, '%PDF-1.7'])) });
  const found = (await messagesOf(cwd)).messages.filter((m) => m.rule === 'attachment-unnamed');
  t.is(found.length, 1);
  t.regex(found[0]!.reason, /^7 files are in the notice's folder.*: `files\/a\.pdf`, `files\/b\.pdf`, `files\/c\.pdf`, `files\/d\.pdf`, `files\/e\.pdf`, …\. List each/);
});
