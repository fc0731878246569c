// What an author sees first: every problem of a file at once, in the order of the file.
import test from 'ava';
import { runMain, writeSite } from './helpers.js';

const ID = 'notices/2026-05-13-test';
const KO = { LANG: 'ko_KR.UTF-8' };

/** `  line:column  severity  …  rule` rows of a text report: position and rule id. */
const rows = (report: string) => report.split('\n').flatMap((line) => {
  const match = /^ {2}(\d+:\d+)(?:-\S+)?\s+\S+\s+.*\s(\S+)$/.exec(line);
  return match ? [`${match[1]} ${match[2]}`] : [];
});

test('check should report the body\'s problems even when the front matter has an error', async (t) => {
  const body = '\n[없음](files/none.pdf)\n\n<iframe src="https://x.example/"></iframe>\n';
  const head = '---\ntitle： 둘\ndate: 2026-05-13T12:00:00+09:00\ndepartment: 시험정책과\ncategory: notice\n---\n';
  const fullwidth = await runMain(['check', '--cwd', await writeSite({ [`${ID}/ko.md`]: head + body })], KO);
  t.is(fullwidth.code, 1);
  t.deepEqual(rows(fullwidth.stderr).filter((r) => !r.endsWith('translation-missing')), [
    '2:6 fullwidth-yaml', '8:1 body-link', '10:1 html-dropped',
  ], fullwidth.stderr);
  // YAML that cannot be read, and front matter that is not fields at all, hide the body no more.
  for (const broken of [
    '---\ntitle: 하나\ntags: [AI, 법령\n---\n',
    '---\n- 목록만\n---\n',
  ]) {
    const result = await runMain(['check', '--cwd', await writeSite({ [`${ID}/ko.md`]: broken + body })], KO);
    const found = rows(result.stderr).map((r) => r.split(' ')[1]);
    t.true(found.includes('body-link') && found.includes('html-dropped'), result.stderr);
  }
});

test('check should list each file\'s messages by line and column, whatever order they were found in', async (t) => {
  // Attachments are checked after the body: the attachment error on line 6 is found after the body's.
  const text = '---\ntitle: 제목\ndate: 2026-05-13T12:00:00+09:00\ndepartment: 시험정책과\ncategory: notice\nattachments: [{ file: files/gone.pdf, title: 없음 }]\n---\n\n[없음](files/none.pdf)\n\n<iframe src="https://x.example/"></iframe>\n';
  const result = await runMain(['check', '--cwd', await writeSite({ [`${ID}/ko.md`]: text })], KO);
  t.is(result.code, 1);
  t.deepEqual(rows(result.stderr), ['6:23 frontmatter-attachment', '9:1 body-link', '11:1 html-dropped'], result.stderr);
});
