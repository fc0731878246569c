import test from 'ava';
import { checkSite } from '../src/build.js';
import { frontMatter, writeSite } from './helpers.js';

interface Found { file: string; line?: number; column?: number; rule?: string; reason: string; fatal?: boolean | null }

async function check(files: Record<string, string>): Promise<{ ok: boolean; messages: Found[] }> {
  const cwd = await writeSite(files);
  const result = await checkSite({ cwd });
  const messages = result.files.flatMap((f) => f.messages.map((m) => ({
    file: f.path, line: m.line, column: m.column, rule: m.ruleId, reason: m.reason, fatal: m.fatal,
  })));
  return { ok: result.ok, messages };
}

const ID = 'notices/2026-05-13-test';

test('should accept a valid bilingual notice with no messages', async (t) => {
  const { ok, messages } = await check({
    [`${ID}/ko.md`]: frontMatter(),
    [`${ID}/en.md`]: frontMatter({ title: 'Test release', department: 'Testing Division' }),
  });
  t.true(ok);
  t.deepEqual(messages, []);
});

test('should report an unknown field with a "did you mean" at its line and column', async (t) => {
  const { ok, messages } = await check({ [`${ID}/ko.md`]: frontMatter({ departmnet: '오타' }) });
  t.false(ok);
  const m = messages.find((x) => x.rule === 'frontmatter-unknown-field');
  t.like(m, { file: `${ID}/ko.md`, line: 6, column: 1, fatal: true });
  t.regex(m!.reason, /Unknown field `departmnet`.*did you mean `department`\?/);
});

test('should report an impossible date and say why', async (t) => {
  const { messages } = await check({ [`${ID}/ko.md`]: frontMatter({ date: '2026-02-30T12:00:00+09:00' }) });
  const m = messages.find((x) => x.rule === 'frontmatter-date');
  t.like(m, { line: 3, column: 7, fatal: true });
  t.regex(m!.reason, /February 2026 has no day 30/);
});

test('should require an offset on release times', async (t) => {
  const { messages } = await check({ [`${ID}/ko.md`]: frontMatter({ date: '2026-05-13T12:00:00' }) });
  t.regex(messages.find((x) => x.rule === 'frontmatter-date')!.reason, /add the time zone offset, like `2026-05-13T12:00:00\+09:00`/);
});

test('should report every missing required field at the start of the front matter', async (t) => {
  const { messages } = await check({ [`${ID}/ko.md`]: frontMatter({ title: null, department: null }) });
  const required = messages.filter((x) => x.rule === 'frontmatter-required');
  t.deepEqual(required.map((m) => m.reason.match(/`(\w+)`/)?.[1]).sort(), ['department', 'title']);
  t.true(required.every((m) => m.line === 2 && m.column === 1));
});

test('should suggest the closest category from the config', async (t) => {
  const { messages } = await check({ [`${ID}/ko.md`]: frontMatter({ category: 'press-releas' }) });
  const m = messages.find((x) => x.rule === 'frontmatter-category');
  t.like(m, { line: 5, column: 11 });
  t.regex(m!.reason, /did you mean `press-release`\?/);
});

test('should reject an unknown licence and status', async (t) => {
  const { messages } = await check({ [`${ID}/ko.md`]: frontMatter({ license: 'cc-by', status: 'live' }) });
  t.truthy(messages.find((x) => x.rule === 'frontmatter-license'));
  t.regex(messages.find((x) => x.rule === 'frontmatter-status')!.reason, /`published`, `draft`, `withdrawn`/);
});

test('should require a reason when a notice is withdrawn', async (t) => {
  const { messages } = await check({ [`${ID}/ko.md`]: frontMatter({ status: 'withdrawn' }) });
  const m = messages.find((x) => x.rule === 'frontmatter-withdrawn');
  t.like(m, { line: 6 });
  t.regex(m!.reason, /withdrawn: \{date: …, reason: …\}/);
});

test('should report a missing attachment and one outside the notice folder', async (t) => {
  const { messages } = await check({
    [`${ID}/ko.md`]: frontMatter({ attachments: '\n  - file: files/missing.pdf\n    title: 없음\n  - file: ../../gongbo.config.yaml\n    title: 밖' }),
  });
  const found = messages.filter((x) => x.rule === 'frontmatter-attachment');
  t.is(found.length, 2);
  t.regex(found[0]!.reason, /`files\/missing\.pdf` does not exist: put it in `notices\/2026-05-13-test\/files\/missing\.pdf`/);
  t.like(found[0], { line: 7, column: 11 });
  t.regex(found[1]!.reason, /must be a file inside this notice's `files\/` folder/);
});

test('should require both languages to agree on date, category and licence', async (t) => {
  const { ok, messages } = await check({
    [`${ID}/ko.md`]: frontMatter(),
    [`${ID}/en.md`]: frontMatter({ date: '2026-05-14T12:00:00+09:00', category: 'notice', license: 'kogl-2' }),
  });
  t.false(ok);
  const mismatch = messages.filter((x) => x.rule === 'translation-mismatch');
  t.deepEqual(mismatch.map((m) => m.reason.match(/^`(\w+)`/)?.[1]), ['date', 'category', 'license']);
  t.true(mismatch.every((m) => m.file === `${ID}/en.md`));
  t.like(mismatch[1], { line: 5, column: 11 });
});

test('should warn, not fail, when a translation is missing or older', async (t) => {
  const missing = await check({ [`${ID}/ko.md`]: frontMatter() });
  t.true(missing.ok);
  t.like(missing.messages[0], { rule: 'translation-missing', fatal: false });
  const older = await check({
    [`${ID}/ko.md`]: frontMatter({ updated: '2026-05-20T09:00:00+09:00' }),
    [`${ID}/en.md`]: frontMatter(),
  });
  t.true(older.ok);
  t.like(older.messages.find((m) => m.rule === 'translation-outdated'), { file: `${ID}/en.md`, fatal: false });
});

test('should reject folder names that are not YYYY-MM-DD-slug', async (t) => {
  for (const bad of ['2026-13-01-x', '2026-05-13-Upper', '2026-05-13', 'news-item', '2026-05-13-a_b']) {
    const { ok, messages } = await check({ [`notices/${bad}/ko.md`]: frontMatter() });
    t.false(ok, bad);
    t.regex(messages.find((m) => m.rule === 'notice-id')?.reason ?? '', /YYYY-MM-DD-slug/, bad);
  }
});

test('should point an unclosed quote at the line that opened it', async (t) => {
  const { messages } = await check({ [`${ID}/ko.md`]: '---\ntitle: "열린 따옴표\ndate: 2026-05-13T12:00:00+09:00\ndepartment: 과\ncategory: notice\n---\n' });
  const m = messages.find((x) => x.rule === 'frontmatter-yaml');
  t.like(m, { line: 2, column: 8 });
  t.regex(m!.reason, /^Line 2: the quote " opened here is never closed: add " at the end of the text \(YAML: /);
});

test('a field indented one space too far should be named at its own line, with the field to line it up with, not a call to quote the one above', async (t) => {
  const contacts = '\n  - name: 홍길동\n     phone: 044-202-6241\n    email: hong@msit.go.kr';
  const { ok, messages } = await check({ [`${ID}/ko.md`]: frontMatter({ contacts }) });
  t.false(ok);
  const yaml = messages.filter((x) => x.rule === 'frontmatter-yaml');
  t.is(yaml.length, 1);
  t.like(yaml[0], { line: 8, column: 6 });
  t.regex(yaml[0]!.reason, /^Line 8: `phone` is indented further than `name` on the line above, so YAML reads it as part of the value of `name`: start it in the same column as `name` \(YAML: /);
  t.notRegex(yaml[0]!.reason, /double quotes/);
  // Quoted, the value above no longer runs on: the parser sees the columns disagree, and says that.
  const quoted = await check({ [`${ID}/ko.md`]: frontMatter({ contacts: contacts.replace('홍길동', '"홍길동"') }) });
  const misaligned = quoted.messages.filter((x) => x.rule === 'frontmatter-yaml');
  t.is(misaligned.length, 1);
  t.like(misaligned[0], { line: 8 });
  t.regex(misaligned[0]!.reason, /^Line 8: `phone` does not start in the same column as the fields above it in its block: line it up with them/);
});

test('should explain YAML syntax errors in plain words first: the line, the field, the value quoted; the parser\'s words last', async (t) => {
  const { messages } = await check({ [`${ID}/ko.md`]: frontMatter({ title: '과기정통부: 6G 시험망' }) });
  const yaml = messages.filter((x) => x.rule === 'frontmatter-yaml');
  t.is(yaml.length, 1, 'one message per line, however many parser errors it tripped');
  t.like(yaml[0], { line: 2 });
  t.regex(yaml[0]!.reason, /^Line 2: the value of `title` cannot be read as it is written.*Put the whole text in double quotes, like `title: "과기정통부: 6G 시험망"` \(YAML: [^)]+\)$/);
  const tab = await check({ [`${ID}/ko.md`]: '---\ntitle: x\n\tdate: 2026-05-13T12:00:00+09:00\n---\n' });
  const tabbed = tab.messages.find((x) => x.rule === 'frontmatter-yaml');
  t.like(tabbed, { line: 3 });
  t.regex(tabbed!.reason, /^Line 3: a tab is used to indent this line: indent with spaces only \(YAML: /);
});

test('should say when the closing --- of the front matter is missing', async (t) => {
  const { messages } = await check({ [`${ID}/ko.md`]: '---\ntitle: x\ndate: 2026-05-13T12:00:00+09:00\n\n본문\n' });
  t.regex(messages.find((x) => x.rule === 'frontmatter-missing')!.reason, /no closing `---`/);
});

test('should report a file that is not UTF-8 at its first bad byte, and nothing else about it', async (t) => {
  const cwd = await writeSite({});
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  await mkdir(join(cwd, ID), { recursive: true });
  // "시험" in EUC-KR (CP949) on line 2.
  await writeFile(join(cwd, ID, 'ko.md'), Buffer.concat([Buffer.from('---\ntitle: '), Buffer.from([0xbd, 0xc3, 0xc7, 0xe8]), Buffer.from('\n---\n')]));
  const result = await checkSite({ cwd });
  const messages = result.files.flatMap((f) => f.messages);
  t.deepEqual(messages.map((m) => [m.ruleId, m.line, m.column]), [['file-encoding', 2, 8]]);
  t.regex(messages[0]!.reason, /not saved as UTF-8 .*EUC-KR/);
});

test('should call a file saved as UTF-16 that, with or without a byte-order mark, and not EUC-KR', async (t) => {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const text = frontMatter();
  const cases = {
    'with a mark, Korean': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    'big-endian with a mark': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
    // No mark, English only: every byte valid UTF-8, with a NUL between the letters.
    'without a mark, English': Buffer.from(frontMatter({ title: 'Test', department: 'Testing' }, 'Body.'), 'utf16le'),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    const cwd = await writeSite({});
    await mkdir(join(cwd, ID), { recursive: true });
    await writeFile(join(cwd, ID, 'ko.md'), bytes);
    const result = await checkSite({ cwd });
    t.false(result.ok, name);
    const messages = result.files.flatMap((f) => f.messages);
    t.deepEqual(messages.map((m) => [m.ruleId, m.line, m.column, m.fatal]), [['file-encoding', 1, 1, true]], name);
    t.regex(messages[0]!.reason, /saved as UTF-16 .*save it again with the encoding UTF-8/, name);
  }
});

test('should not call a notice one-language when its other file merely has errors', async (t) => {
  const { messages } = await check({ [`${ID}/ko.md`]: frontMatter({ titel: 'x' }), [`${ID}/en.md`]: frontMatter() });
  t.false(messages.some((m) => m.rule === 'translation-missing'));
});

test('should show mismatched dates as written, and not also call one translation older', async (t) => {
  const { messages } = await check({
    [`${ID}/ko.md`]: frontMatter({ date: '2026-05-13T12:00:00+09:00' }),
    [`${ID}/en.md`]: frontMatter({ date: '2026-05-13T14:00:00+09:00' }),
  });
  t.deepEqual(messages.map((m) => m.rule), ['translation-mismatch']);
  t.is(messages[0]!.reason, '`date` is `2026-05-13T14:00:00+09:00` here but `2026-05-13T12:00:00+09:00` in `ko.md`: both languages must have the same date');
});

test('should report a file without front matter at 1:1', async (t) => {
  const { messages } = await check({ [`${ID}/ko.md`]: '# 제목만\n' });
  t.like(messages.find((x) => x.rule === 'frontmatter-missing'), { line: 1, column: 1 });
});

test('should report every problem of every notice in one run', async (t) => {
  const { messages } = await check({
    'notices/2026-05-13-one/ko.md': frontMatter({ titel: 'x' }),
    'notices/2026-05-14-two/ko.md': frontMatter({ date: '2026-05-32T00:00:00+09:00', category: 'nope' }),
  });
  const fatal = messages.filter((m) => m.fatal);
  t.deepEqual(fatal.map((m) => m.rule).sort(), ['frontmatter-category', 'frontmatter-date', 'frontmatter-unknown-field']);
});

test('should check contacts, changes and tags field by field', async (t) => {
  const { messages } = await check({
    [`${ID}/ko.md`]: frontMatter({
      contacts: '\n  - name: 김\n    phnoe: 010',
      changes: '\n  - date: yesterday\n    note: x',
      tags: '\n  - {a: 1}',
    }),
  });
  t.regex(messages.find((m) => m.rule === 'frontmatter-unknown-field')!.reason, /`contacts\[1\]\.phnoe`.*did you mean `phone`/);
  t.regex(messages.find((m) => m.rule === 'frontmatter-date')!.reason, /`changes\[1\]\.date` is not a valid time/);
  t.regex(messages.find((m) => m.rule === 'frontmatter-tags')!.reason, /`tags\[1\]` must be text/);
});

test('numbers should keep their text as written (phone numbers keep a leading zero)', async (t) => {
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter({ contacts: '\n  - name: 김\n    phone: 0442026241' }) });
  const result = await checkSite({ cwd });
  t.is(result.notices[0]!.versions.ko!.meta.contacts[0]!.phone, '0442026241');
});

test('should check contacts\' phone numbers and email addresses', async (t) => {
  const { messages } = await check({
    [`${ID}/ko.md`]: frontMatter({ contacts: '\n  - name: 박\n    phone: call me\n    email: jiwoo.park at msit' }),
  });
  const found = messages.filter((m) => m.rule === 'frontmatter-contact').map((m) => m.reason);
  t.deepEqual(found, [
    '`contacts[1].phone` `call me` is not a phone number: write 8 to 15 digits in groups joined by `-`, like `044-202-6241` or `+82-44-202-6241`, with an extension after it in brackets, like `02-2110-1234 (내선 5)`',
    '`contacts[1].email` `jiwoo.park at msit` is not an email address: write it like `press@msit.go.kr`',
  ]);
  const ok = await check({ [`${ID}/ko.md`]: frontMatter({ contacts: '\n  - { name: 박, phone: "+82 44-202-6241", email: a.b@msit.go.kr }' }) });
  t.false(ok.messages.some((m) => m.rule === 'frontmatter-contact'));
});

test('both languages should name the same mirrors', async (t) => {
  const cwd = await writeSite({
    'gongbo.config.yaml': 'site:\n  url: https://x.go.kr/\n  publisher: { ko: 가, en: A }\ncategories: [press-release]\nmirrors:\n  iris: { url: "file:m/iris/", public_url: "https://iris.example/" }\n  iitp: { url: "file:m/iitp/", public_url: "https://iitp.example/" }\n',
    [`${ID}/ko.md`]: frontMatter({ mirrors: '[iris]' }),
    [`${ID}/en.md`]: frontMatter({ mirrors: '[iitp]' }),
  });
  const result = await checkSite({ cwd });
  t.false(result.ok);
  t.true(result.files.flatMap((f) => f.messages).some((m) => m.reason === '`mirrors` is `iitp` here but `iris` in `ko.md`: both languages must have the same mirrors'));
});

test('should not let " #" silently cut a title short, and should hint at quotes for text starting with [', async (t) => {
  const cut = await check({ [`${ID}/ko.md`]: frontMatter({ title: '디지털 포용 주간 #1 개최' }) });
  t.like(cut.messages.find((m) => m.rule === 'frontmatter-title'), {
    line: 2, reason: '`title` stops before " #1 개최": YAML reads " #" as the start of a comment. Put the whole text in double quotes, like `"디지털 포용 주간 #1 개최"`',
  });
  const quoted = await check({ [`${ID}/ko.md`]: frontMatter({ title: '"디지털 포용 주간 #1 개최"', category: 'press-release # 보도자료' }) });
  t.true(quoted.ok, 'quoted text, and a comment after a category, are fine');
  const bracket = await check({ [`${ID}/ko.md`]: frontMatter({ title: '[보도참고]' }) });
  t.regex(bracket.messages.find((m) => m.rule === 'frontmatter-title')!.reason, /must be in double quotes, like `title: "\[보도참고\] …"`/);
});

test('should report a link or image into files/ that points at no file', async (t) => {
  const { ok, messages } = await check({
    [`${ID}/ko.md`]: frontMatter({}, '본문.\n\n[안내서](files/nope.pdf) 와 ![그림](<files/chart 1.png>)\n\n[밖](https://example.org/files/x.pdf)'),
    [`${ID}/files/chart 1.png`]: 'png',
  });
  t.false(ok);
  const found = messages.filter((m) => m.rule === 'body-link');
  t.is(found.length, 1);
  t.like(found[0], { line: 9, column: 1, reason: '`files/nope.pdf` is linked here but there is no such file: put it at `notices/2026-05-13-test/files/nope.pdf`, or fix the link' });
});

test('should point an unclosed [ or { in the front matter at the bracket that opened it, and say to close it', async (t) => {
  const list = '---\ntitle: 제목\ndate: 2026-05-13T12:00:00+09:00\ndepartment: 과\ncategory: notice\ntags: [AI, 법령\n---\n본문\n';
  const { messages } = await check({ [`${ID}/ko.md`]: list });
  const yaml = messages.filter((x) => x.rule === 'frontmatter-yaml');
  t.is(yaml.length, 1);
  t.like(yaml[0], { line: 6, column: 7 });
  t.regex(yaml[0]!.reason, /^Line 6: close the list opened with `\[` here with `\]`/);
  t.notRegex(yaml[0]!.reason, /double quotes/);
  // Closed brackets and quoted ones before it do not count; nor does an apostrophe inside an item.
  const later = '---\ntitle: "[보도참고] 제목"\ndate: 2026-05-13T12:00:00+09:00\ndepartment: 과\ncategory: notice\ntags: [AI\'s, "a]"]\ncontacts:\n  - {name: 홍길동, phone: 044-202-4321\n---\n';
  const map = (await check({ [`${ID}/ko.md`]: later })).messages.filter((x) => x.rule === 'frontmatter-yaml');
  t.is(map.length, 1);
  t.like(map[0], { line: 8, column: 5 });
  t.regex(map[0]!.reason, /^Line 8: close the fields opened with `\{` here with `\}`/);
});

test('a misspelt or Korean key of a required field should be one error, not also a missing field', async (t) => {
  for (const [overrides, key, meant] of [
    [{ title: null, '제목': '둘' }, '제목', 'title'],
    [{ department: null, departmnet: '시험정책과' }, 'departmnet', 'department'],
  ] as const) {
    const { ok, messages } = await check({ [`${ID}/ko.md`]: frontMatter(overrides) });
    t.false(ok, key);
    t.deepEqual(messages.filter((m) => m.fatal).map((m) => m.rule), ['frontmatter-unknown-field'], key);
    t.regex(messages.find((m) => m.fatal)!.reason, new RegExp(`\`${meant}\``), key);
  }
  // A required field missing with no key standing for it is still reported.
  const { messages } = await check({ [`${ID}/ko.md`]: frontMatter({ title: null, 제목없음: 'x' }) });
  t.deepEqual(messages.filter((m) => m.fatal).map((m) => m.rule).sort(), ['frontmatter-required', 'frontmatter-unknown-field']);
});

test('a withdrawal or a change dated before the release should be an error at its date', async (t) => {
  const ko = frontMatter({
    status: 'withdrawn',
    withdrawn: '\n  date: 2026-05-01T09:00:00+09:00\n  reason: 사업 계획 변경',
    changes: '\n  - date: 2026-05-14T09:00:00+09:00\n    note: 붙임 교체\n  - date: 2026-05-12T09:00:00+09:00\n    note: 오타 수정',
  });
  const { ok, messages } = await check({ [`${ID}/ko.md`]: ko });
  t.false(ok);
  const early = messages.filter((m) => /earlier than `date`/.test(m.reason));
  t.deepEqual(early.map((m) => [m.line, m.column, m.fatal]), [[8, 9, true], [13, 11, true]]);
  t.regex(early[0]!.reason, /^`withdrawn\.date` is earlier than `date`: a notice cannot be withdrawn before it is released/);
  t.regex(early[1]!.reason, /^This change is dated earlier than `date`/);
  // On the release day or later: nothing to say.
  const fine = await check({ [`${ID}/ko.md`]: ko.replace('2026-05-01T09', '2026-05-20T09').replace('2026-05-12T09', '2026-05-13T12') });
  t.deepEqual(fine.messages.filter((m) => /earlier than `date`/.test(m.reason)), []);
});
