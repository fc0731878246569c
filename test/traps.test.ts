// The traps PR staff fall into: each gets a positioned message saying how to fix it, in both languages.
import test from 'ava';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { buildSite, checkSite } from '../src/build.js';
import { render, type Phrase } from '../src/i18n/say.js';
import { dialable, parsePhone } from '../src/validate/phone.js';
import { frontMatter, listFiles, NOW, readText, runMain, writeSite } from './helpers.js';

interface Found { file: string; line?: number | undefined; column?: number | undefined; rule?: string | undefined; reason: string; ko: string; fatal?: boolean | null | undefined }

async function checkFolder(cwd: string): Promise<{ ok: boolean; messages: Found[] }> {
  const result = await checkSite({ cwd });
  const messages = result.files.flatMap((f) => f.messages.map((m) => ({
    file: f.path, line: m.line, column: m.column, rule: m.ruleId ?? undefined, reason: m.reason,
    ko: m.phrase ? render(m.phrase as Phrase, 'ko') : m.reason, fatal: m.fatal,
  })));
  return { ok: result.ok, messages };
}

async function check(files: Record<string, string>) {
  return checkFolder(await writeSite(files));
}

const ID = 'notices/2026-05-13-test';
const EN = frontMatter({ title: 'Test release', department: 'Testing Division' });

const run = runMain;

// 1. A draft beside a published translation

test('a draft beside a published translation should warn on the draft\'s status line that the other goes out alone', async (t) => {
  const { ok, messages } = await check({
    [`${ID}/ko.md`]: frontMatter({ status: 'published' }),
    [`${ID}/en.md`]: frontMatter({ title: 'Test release', department: 'Testing Division', status: 'draft' }),
  });
  t.true(ok);
  t.deepEqual(messages.map((m) => [m.file, m.line, m.column, m.rule, m.fatal]), [[`${ID}/en.md`, 6, 9, 'status-mismatch', false]]);
  t.regex(messages[0]!.reason, /`ko\.md` is published: only the Korean version will be published, alone/);
  t.regex(messages[0]!.ko, /한국어판만 따로 게시됩니다/);
});

test('a release withdrawn in one language only should warn on its status line that the other still shows it as valid', async (t) => {
  const withdrawn = '\nwithdrawn: { date: 2026-05-20T09:00:00+09:00, reason: 사업 계획 변경 }';
  const { ok, messages } = await check({
    [`${ID}/ko.md`]: frontMatter({ status: `withdrawn${withdrawn}` }),
    [`${ID}/en.md`]: frontMatter({ title: 'Test release', department: 'Testing Division', status: 'published' }),
  });
  t.true(ok);
  t.deepEqual(messages.map((m) => [m.file, m.line, m.column, m.rule, m.fatal]), [[`${ID}/ko.md`, 6, 9, 'status-mismatch', false]]);
  t.regex(messages[0]!.reason, /^This version is withdrawn \(`status: withdrawn`\) but `en\.md` is not: the English page goes on showing the release as valid/);
  t.regex(messages[0]!.ko, /영어 페이지는 철회 안내 없이/);
  // Both withdrawn: nothing to say.
  const both = await check({
    [`${ID}/ko.md`]: frontMatter({ status: `withdrawn${withdrawn}` }),
    [`${ID}/en.md`]: frontMatter({ title: 'Test release', department: 'Testing Division', status: `withdrawn${withdrawn}` }),
  });
  t.deepEqual(both.messages.filter((m) => m.rule === 'status-mismatch'), []);
});

test('two published versions, two drafts, or one language alone should not warn about status', async (t) => {
  for (const [ko, en] of [['published', 'published'], ['draft', 'draft'], ['published', null]] as const) {
    const files: Record<string, string> = { [`${ID}/ko.md`]: frontMatter({ status: ko }) };
    if (en) files[`${ID}/en.md`] = frontMatter({ title: 'Test release', department: 'Testing Division', status: en });
    const { messages } = await check(files);
    t.deepEqual(messages.filter((m) => m.rule === 'status-mismatch'), [], `${ko}/${en}`);
  }
});

// 2. A space in a link's or an image's address

const HUB = 'notices/2026-03-12-hub';
const HUB_FRONT = { date: '2026-03-12T12:00:00+09:00', title: '"2026년 국가 AI 연구거점 조성사업 공모"' };

test('an image whose address has a space should warn at its `](` and show the <…> form', async (t) => {
  const body = [
    '□ 과학기술정보통신부는 연구거점 조성사업 신규과제를 공모한다.',
    '',
    '사업 개념도는 다음과 같다. ![연구거점 개념도](files/연구거점 개념도.png)',
    '',
    '자세한 내용은 [공고문](https://www.msit.go.kr/공고 2026.pdf "공고문")을 참고한다.',
  ].join('\n');
  const { ok, messages } = await check({
    [`${HUB}/ko.md`]: frontMatter(HUB_FRONT, body),
    [`${HUB}/files/연구거점 개념도.png`]: 'PNG',
  });
  t.true(ok);
  const found = messages.filter((m) => m.rule === 'url-space');
  // Line 9: four front matter fields and the two `---` lines come first.
  t.deepEqual(found.map((m) => [m.line, m.column, m.fatal]), [[9, 27, false], [11, 13, false]]);
  t.is(found[0]!.reason, 'The address `files/연구거점 개념도.png` has a space in it, so this image is not shown: it is published as plain text. Put the address in angle brackets, like `![연구거점 개념도](<files/연구거점 개념도.png>)`');
  t.regex(found[1]!.reason, /`\[공고문\]\(<https:\/\/www\.msit\.go\.kr\/공고 2026\.pdf> "공고문"\)`/);
  t.regex(found[0]!.ko, /그림이 보이지 않고 글자 그대로 게시됩니다/);
});

test('the <…> form should publish the image and its file, and check clean', async (t) => {
  const cwd = await writeSite({
    [`${HUB}/ko.md`]: frontMatter(HUB_FRONT, '사업 개념도는 다음과 같다.\n\n![연구거점 개념도](<files/연구거점 개념도.png>)\n\n[붙임 자료](<files/붙임 1. 세부 공고.pdf>)'),
    [`${HUB}/files/연구거점 개념도.png`]: 'PNG',
    [`${HUB}/files/붙임 1. 세부 공고.pdf`]: '%PDF-1.7',
  });
  const { ok, messages } = await checkFolder(cwd);
  t.true(ok);
  t.deepEqual(messages.filter((m) => m.rule !== 'translation-missing'), []);
  const result = await buildSite({ cwd, now: NOW, pdf: false });
  t.true(result.ok);
  const out = path.join(cwd, 'dist');
  const html = await readText(out, 'ko/2026-03-12-hub/index.html');
  const src = /<img src="([^"]+)" alt="연구거점 개념도"/.exec(html)?.[1];
  const href = /<a href="(files\/[^"]+)">붙임 자료/.exec(html)?.[1];
  t.truthy(src, html.slice(html.indexOf('<main'), html.indexOf('</main>')));
  const published = new Set(await listFiles(out));
  for (const url of [src!, href!]) {
    const file = decodeURIComponent(new URL(url, 'https://example.go.kr/news/ko/2026-03-12-hub/').pathname).replace('/news/', '');
    t.true(published.has(file), `${url} → ${file}`);
  }
});

test('valid links, links in code and addresses without spaces should not warn about spaces', async (t) => {
  const body = [
    '[공고문](https://www.msit.go.kr/a.pdf "공고문 보기") ![그림](files/a.png) [괄호](files/개념도(최종).png)',
    '',
    '주소에 빈칸이 있으면 `![개념도](files/연구거점 개념도.png)`처럼 쓰지 말고 꺾쇠괄호로 감싼다.',
    '',
    '```',
    '[코드](files/a b.png)',
    '```',
    '',
    '(주)한국 [참고] (붙임 1 참조)',
  ].join('\n');
  const { messages } = await check({
    [`${ID}/ko.md`]: frontMatter({}, body), [`${ID}/en.md`]: EN,
    [`${ID}/files/a.png`]: 'PNG', [`${ID}/files/개념도(최종).png`]: 'PNG',
  });
  t.deepEqual(messages, []);
});

// 3. The folder's date and `date`

test('a folder dated another day than `date` should warn on the date line, naming both', async (t) => {
  const { ok, messages } = await check({ 'notices/2026-05-14-ai-hub/ko.md': frontMatter() });
  t.true(ok);
  const m = messages.find((x) => x.rule === 'date-mismatch');
  t.like(m, { file: 'notices/2026-05-14-ai-hub/ko.md', line: 3, column: 7, fatal: false });
  t.is(m!.reason, 'The folder `2026-05-14-ai-hub` is dated 2026-05-14 but `date` is `2026-05-13T12:00:00+09:00`: correct `date`, or, if the notice is not published yet, rename the folder `2026-05-13-ai-hub` (once published, the folder name is the notice\'s address and must stay)');
  t.regex(m!.ko, /폴더 `2026-05-14-ai-hub`의 날짜는 2026-05-14인데 `date`는 `2026-05-13T12:00:00\+09:00`입니다/);
});

test('a date on the folder\'s day, as written or in the site\'s time zone, should not warn', async (t) => {
  for (const date of ['2026-05-13T00:00:00+09:00', '2026-05-13T23:59:00+09:00', '2026-05-12T20:00:00-05:00', '2026-05-13T01:00:00Z']) {
    const { messages } = await check({ [`${ID}/ko.md`]: frontMatter({ date }) });
    t.deepEqual(messages.filter((m) => m.rule === 'date-mismatch'), [], date);
  }
});

test('renaming a folder should be seen by a check that remembers the last one', async (t) => {
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter() });
  t.deepEqual((await checkFolder(cwd)).messages.filter((m) => m.rule === 'date-mismatch'), []);
  await rename(path.join(cwd, ID), path.join(cwd, 'notices/2026-05-20-test'));
  t.is((await checkFolder(cwd)).messages.filter((m) => m.rule === 'date-mismatch').length, 1);
});

// 4. Full-width punctuation in the front matter

test('full-width colons, spaces and dashes should each be one error at their line, instead of the parser\'s', async (t) => {
  const ko = [
    '---',
    'title： 2026년 국가 AI 연구거점 조성사업 공모',
    'date: 2026-05-13T12:00:00+09:00',
    '\u3000department: 인공지능기반정책과',
    'category: press-release',
    'tags:',
    '  － 인공지능',
    '  － 연구거점',
    'contacts:',
    '  - name： 김연구',
    '---',
    '본문입니다.',
  ].join('\n');
  const { ok, messages } = await check({ [`${ID}/ko.md`]: ko });
  t.false(ok);
  t.deepEqual(messages.map((m) => [m.line, m.column, m.rule, m.fatal]), [
    [2, 6, 'fullwidth-yaml', true],
    [4, 1, 'fullwidth-yaml', true],
    [7, 3, 'fullwidth-yaml', true],
    [8, 3, 'fullwidth-yaml', true],
    [10, 9, 'fullwidth-yaml', true],
  ]);
  t.is(messages[0]!.reason, 'Line 2: the colon after `title` is a full-width `：` (U+FF1A), which YAML does not read as a colon: use an ASCII colon `:` followed by a space, like `title: …`');
  t.is(messages[0]!.ko, '2번째 줄: `title` 뒤의 콜론이 전각 문자 `：`(U+FF1A)라서 YAML이 콜론으로 읽지 못합니다. `title: …`처럼 반각 콜론 `:`과 빈칸을 쓰세요');
  t.regex(messages[1]!.reason, /^Line 4: a full-width or no-break space \(U\+3000\) stands before `department:`/);
  t.regex(messages[2]!.reason, /^Line 7: this list item starts with a full-width dash `－` \(U\+FF0D\).*use an ASCII hyphen `-`/);
});

test('a Korean field name with a full-width colon should be caught too', async (t) => {
  const { messages } = await check({ [`${ID}/ko.md`]: frontMatter({ title: null }).replace('---\n', '---\n제목： 시험\n') });
  // The colon read as meant, the field name is the next thing to fix: said in the same run.
  t.deepEqual(messages.map((m) => [m.line, m.rule]), [[2, 'fullwidth-yaml'], [2, 'frontmatter-unknown-field']]);
  t.regex(messages[0]!.reason, /after `제목`/);
  t.regex(messages[1]!.reason, /`title`/);
});

test('a full-width colon should not hide the front matter\'s other problems until it is fixed', async (t) => {
  const ko = frontMatter({ title: null, department: null, departmnet: '시험정책과', tags: '인공지능, AI', contacts: '\n  - name: 김주무관\n    email: hong@msit' })
    .replace('---\n', '---\ntitle： 시험 보도자료\n');
  const { ok, messages } = await check({ [`${ID}/ko.md`]: ko, [`${ID}/en.md`]: EN });
  t.false(ok);
  t.deepEqual(messages.filter((m) => m.file.endsWith('ko.md')).map((m) => [m.line, m.rule, m.fatal]), [
    [2, 'fullwidth-yaml', true],
    [5, 'frontmatter-unknown-field', true],
    [9, 'frontmatter-contact', true],
    [6, 'tags-list', false],
  ]);
});

test('full-width punctuation inside values, lists of text and block text should not be an error', async (t) => {
  const ko = frontMatter({
    title: '"공모 안내： 일정과 절차"',
    subtitle: '\n  - 일정： 3월 12일부터\n  - "AI： 미래 성장 동력"',
    tags: '[인공지능, 연구거점]',
    changes: '\n  - date: 2026-05-14T09:00:00+09:00\n    note: |\n      －  붙임 파일 교체\n      \u3000일정： 변경 없음',
  });
  const { ok, messages } = await check({ [`${ID}/ko.md`]: ko, [`${ID}/en.md`]: EN });
  t.true(ok, JSON.stringify(messages));
  t.deepEqual(messages.filter((m) => m.rule !== 'translation-outdated'), []);
});

// 5. Tags without brackets

test('comma-separated tags without brackets should warn and show the list form', async (t) => {
  const { ok, messages } = await check({ [`${ID}/ko.md`]: frontMatter({ tags: '인공지능, AI, 공모' }), [`${ID}/en.md`]: EN });
  t.true(ok);
  const m = messages.find((x) => x.rule === 'tags-list');
  t.like(m, { file: `${ID}/ko.md`, line: 6, column: 7, fatal: false });
  t.regex(m!.reason, /`tags` is one tag, `인공지능, AI, 공모`.*`tags: \[인공지능, AI, 공모\]`/);
  t.regex(m!.ko, /태그 3개를 `tags: \[인공지능, AI, 공모\]`처럼 대괄호로 감싸세요/);
});

test('a single tag, a bracketed list and a dashed list should not warn about tags', async (t) => {
  for (const tags of ['인공지능', '[인공지능, AI, 공모]', '\n  - 인공지능\n  - AI']) {
    const { messages } = await check({ [`${ID}/ko.md`]: frontMatter({ tags }), [`${ID}/en.md`]: EN });
    t.deepEqual(messages, [], tags);
  }
});

// 6. HTML the sanitiser leaves out

test('HTML the sanitiser drops should be named with its line, once per kind, and still be dropped', async (t) => {
  const body = [
    '□ 디지털 포용 주간 행사를 연다.', // 7
    '',
    '<iframe src="https://www.youtube.com/embed/abc" width="560"></iframe>', // 9
    '',
    '<p style="color: red">참가 신청은 10월 1일까지</p>', // 11
    '<span style="font-weight: bold">중요</span> <button onclick="apply()">신청</button>', // 12
    '',
    '<form action="https://example.go.kr/apply"><input name="이름"></form>', // 14
    '',
    '<script>alert(1)</script>', // 16
  ].join('\n');
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter({}, body) });
  const { ok, messages } = await checkFolder(cwd);
  t.true(ok);
  const found = messages.filter((m) => m.rule === 'html-dropped');
  t.deepEqual(found.map((m) => [m.line, m.column, m.fatal]), [[9, 1, false], [11, 1, false], [12, 43, false], [14, 1, false], [14, 44, false], [16, 1, false]]);
  t.is(found[0]!.reason, '`<iframe>` is left out when the notice is published: pages do not embed other sites\' frames, players or objects. Link to it instead, like `[영상 보기](https://…)`');
  t.regex(found[1]!.reason, /^The `style` attribute is left out when the notice is published \(2 times in this file, the first here on `<p>`\)/);
  t.regex(found[2]!.reason, /`<button>`/);
  t.regex(found[3]!.reason, /`<form>`.*cannot hold a form/);
  t.regex(found[4]!.reason, /`<input>`/);
  t.regex(found[5]!.reason, /`<script>`.*scripts and event handlers never run/);
  t.regex(found[1]!.ko, /`style` 속성은 게시할 때 빠집니다\(이 파일에 2곳/);
  // The sanitiser is the boundary, the warning only information: the page still leaves them out.
  t.true((await buildSite({ cwd, now: NOW, pdf: false })).ok);
  const html = await readText(path.join(cwd, 'dist'), 'ko/2026-05-13-test/index.html');
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  t.notRegex(main, /<iframe|<script|style="|onclick|<form|<input/);
  t.regex(main, /참가 신청은 10월 1일까지/);
});

test('a link or image whose address the sanitiser removes should warn at it, whether Markdown or a tag', async (t) => {
  const tagged = '[마크다운 링크](javascript:alert(2)) 와 <a href="javascript:void(0)">태그 링크</a>';
  const body = [
    tagged,
    '',
    '![그림](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==)',
    '',
    '[안내서](C:\\문서\\안내서.hwp), [누리집](https://www.msit.go.kr), [메일](mailto:press@msit.go.kr), [전화](tel:044-202-4034), [목차](#개요 "제목: 부제")',
  ].join('\n');
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter({}, body), [`${ID}/en.md`]: EN });
  const { messages } = await checkFolder(cwd);
  const found = messages.filter((m) => m.rule === 'address-dropped');
  t.deepEqual(found.map((m) => [m.line, m.column, m.fatal]), [[7, 1, false], [9, 1, false], [11, 1, false], [7, tagged.indexOf('<a') + 1, false]]);
  t.regex(found[0]!.reason, /^The address `javascript:alert\(2\)` of this link is left out when the notice is published \(a `javascript:` address\)/);
  t.regex(found[0]!.ko, /^이 링크의 주소 `javascript:alert\(2\)`은\(는\) 게시할 때 빠집니다/);
  t.regex(found[1]!.reason, /^The address `data:image\/png;base64,[^`]{10,}…` of this image/);
  t.regex(found[2]!.reason, /`c:` address/);
  // Still only a warning: the sanitiser is the boundary, and the page keeps the links' text without them.
  t.true((await buildSite({ cwd, now: NOW, pdf: false })).ok);
  const html = await readText(path.join(cwd, 'dist'), 'ko/2026-05-13-test/index.html');
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  t.notRegex(main, /javascript:|data:image|C:/);
  t.regex(main, /마크다운 링크/);
});

test('HTML the sanitiser keeps, and Markdown task lists, should not warn', async (t) => {
  const body = [
    '<table><tr><th colspan="2" align="center">구분</th></tr><tr><td>가</td><td>나</td></tr></table>',
    '',
    '각주<sup>1)</sup>와 줄<br>바꿈, <details><summary>자세히</summary>내용</details>',
    '',
    '- [ ] 할 일',
    '- [x] 한 일',
    '',
    '<!-- 검토 메모: 게시 전 삭제 -->',
  ].join('\n');
  const { messages } = await check({ [`${ID}/ko.md`]: frontMatter({}, body), [`${ID}/en.md`]: EN });
  t.deepEqual(messages, []);
});

// 7. Phone numbers

const PHONES = ['02-2110-1234 (내선 5)', '044-202-4034', '+82-44-202-4034', '1588-1234', '02)2110-1234', '(02) 2110-1234', '044.202.4034', '0442026241', '+82 44 202 4034', '02-2110-1234 (ext. 5)', '044-202-4034 내선 123'];
const NOT_PHONES = ['전화 없음', '123', 'press@msit.go.kr', '044-202-ABCD', '02--2110-1234', '044-202-4034-', '+', '02-2110-1234 (내선)', '1234-5678-9012-3456', '044-202-4034 (담당자)'];

test('the phone rule should accept what ministries print and refuse what is not a number', (t) => {
  for (const phone of PHONES) t.truthy(parsePhone(phone), phone);
  for (const phone of NOT_PHONES) t.is(parsePhone(phone), undefined, phone);
});

test('contacts should be checked by the phone rule, with a message that shows the extension form', async (t) => {
  const contacts = (phone: string) => ({ contacts: `\n  - name: 김주무관\n    phone: "${phone}"` });
  for (const phone of PHONES) {
    const { messages } = await check({ [`${ID}/ko.md`]: frontMatter(contacts(phone)), [`${ID}/en.md`]: EN });
    t.deepEqual(messages, [], phone);
  }
  for (const phone of NOT_PHONES) {
    const { ok, messages } = await check({ [`${ID}/ko.md`]: frontMatter(contacts(phone)), [`${ID}/en.md`]: EN });
    t.false(ok, phone);
    t.deepEqual(messages.map((m) => [m.rule, m.line]), [['frontmatter-contact', 8]], phone);
  }
  const { messages } = await check({ [`${ID}/ko.md`]: frontMatter(contacts('전화 없음')) });
  t.regex(messages[0]!.reason, /`contacts\[1\]\.phone` `전화 없음` is not a phone number: write 8 to 15 digits.*`02-2110-1234 \(내선 5\)`/);
  t.regex(messages[0]!.ko, /전화번호가 아닙니다/);
});

test('a tel: link should carry only the digits to dial, not the extension', async (t) => {
  t.is(dialable('02-2110-1234 (내선 5)'), '0221101234');
  t.is(dialable('+82-44-202-4034'), '+82442024034');
  t.is(dialable('02)2110-1234'), '0221101234');
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter({ contacts: '\n  - name: 김주무관\n    phone: 02-2110-1234 (내선 5)' }) });
  t.true((await buildSite({ cwd, now: NOW, pdf: false })).ok);
  const html = await readText(path.join(cwd, 'dist'), 'ko/2026-05-13-test/index.html');
  t.regex(html, /<a href="tel:0221101234">02-2110-1234 \(내선 5\)<\/a>/);
});

// The CLI

test('warnings should be printed with their rule ids, in JSON too, and not fail check or build', async (t) => {
  const site = await writeSite({
    'notices/2026-05-14-test/ko.md': frontMatter({ tags: '인공지능, AI', status: 'draft' }, '![개념도](files/연구거점 개념도.png)\n\n<iframe src="https://a.kr"></iframe>'),
    'notices/2026-05-14-test/en.md': frontMatter({ title: 'Test release', department: 'Testing Division' }),
    'notices/2026-05-14-test/files/연구거점 개념도.png': 'PNG',
  });
  const json = await run(['check', '--format', 'json', '--cwd', site]);
  t.is(json.code, 0);
  const rules = (JSON.parse(json.stdout) as Array<{ rule: string; severity: string }>).map((m) => `${m.rule}:${m.severity}`).sort();
  // The image's address has a space, so nothing names its file: it is not published either.
  t.deepEqual(rules, [
    'attachment-unnamed:warning', 'date-mismatch:warning', 'date-mismatch:warning', 'html-dropped:warning', 'status-mismatch:warning', 'tags-list:warning', 'url-space:warning',
  ]);
  const text = await run(['check', '--cwd', site], { LANG: 'ko_KR.UTF-8' });
  t.is(text.code, 0);
  t.regex(text.stdout + text.stderr, /6:7 +경고 +`tags`가 `인공지능, AI`라는 태그 하나가 됩니다.*tags-list/);
  t.is((await run(['build', '--no-pdf', '--cwd', site])).code, 0);
});

test('a full-width colon should fail check and build', async (t) => {
  const site = await writeSite({ [`${ID}/ko.md`]: frontMatter().replace('category:', 'category：') });
  const result = await run(['check', '--cwd', site]);
  t.is(result.code, 1);
  t.regex(result.stdout + result.stderr, /fullwidth-yaml/);
  t.notRegex(result.stdout + result.stderr, /frontmatter-yaml|frontmatter-required/);
  t.is((await run(['build', '--no-pdf', '--cwd', site])).code, 1);
});

test('a published copy of another notice, same title and release time, should warn on its title line; a draft copy should not', async (t) => {
  const copied = frontMatter({ title: '"2026년 국가 AI 연구거점 공모"' });
  const { ok, messages } = await check({
    'notices/2026-05-13-hub/ko.md': copied,
    'notices/2026-05-13-hub-copy/ko.md': copied,
    'notices/2026-05-13-hub-draft/ko.md': frontMatter({ title: '"2026년 국가 AI 연구거점 공모"', status: 'draft' }),
    'notices/2026-05-13-other/ko.md': frontMatter({ title: '"다른 보도자료"' }),
  });
  t.true(ok, 'a warning: both still build');
  const found = messages.filter((m) => m.rule === 'notice-copy');
  t.deepEqual(found.map((m) => [m.file, m.line, m.fatal]), [['notices/2026-05-13-hub-copy/ko.md', 2, false]]);
  t.regex(found[0]!.reason, /^This notice has the same title and release time as `notices\/2026-05-13-hub`: if its folder was copied/);
  t.regex(found[0]!.ko, /^이 보도자료는 `notices\/2026-05-13-hub`와\(과\) 제목과 배포 시각이 같습니다/);
});

test('an image whose address is neither in files/ nor on the web should warn at it; files/ and web images should not', async (t) => {
  const body = [
    '![차트](chart.png) 와 ![로고](/img/logo.png)',
    '',
    '<img src="x" alt="그림"> <img src="files/plan.png" alt="계획"> <img src="https://www.msit.go.kr/a.png" alt="웹">',
    '',
    '![계획](files/plan.png) ![웹](https://www.msit.go.kr/b.png)',
  ].join('\n');
  const { ok, messages } = await check({ [`${ID}/ko.md`]: frontMatter({}, body), [`${ID}/en.md`]: EN, [`${ID}/files/plan.png`]: 'PNG' });
  t.true(ok);
  const found = messages.filter((m) => m.rule === 'image-elsewhere');
  t.deepEqual(found.map((m) => [m.line, m.column, m.fatal]), [[7, 1, false], [7, '![차트](chart.png) 와 '.length + 1, false], [9, 1, false]]);
  t.regex(found[0]!.reason, /^The image `chart\.png` is not a file of this notice's `files\/` folder nor a web address/);
  t.regex(found[2]!.ko, /^그림 `x`은\(는\) 이 보도자료의 `files\/` 폴더에 있는 파일도, 웹 주소도 아닙니다/);
});
