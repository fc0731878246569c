import test from 'ava';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createNotice } from '../src/new/create-notice.js';
import { checkSite } from '../src/build.js';
import { runMain, writeSite } from './helpers.js';

test('a new notice should pass check with no errors and be a draft', async (t) => {
  const cwd = await writeSite({});
  const result = await createNotice({ cwd, slug: 'ai-hub-call', date: '2026-12-01' });
  t.deepEqual(result, { ok: true, id: '2026-12-01-ai-hub-call', files: ['notices/2026-12-01-ai-hub-call/ko.md', 'notices/2026-12-01-ai-hub-call/en.md'] });
  const checked = await checkSite({ cwd });
  t.true(checked.ok);
  const messages = checked.files.flatMap((f) => f.messages);
  t.true(messages.every((m) => m.fatal === false && m.ruleId === 'frontmatter-placeholder'), 'only reminders of what to fill in');
  t.true(messages.some((m) => /`title` still has the template's `제목을 입력하세요`/.test(m.reason)));
  t.is(checked.notices[0]!.versions.ko!.meta.status, 'draft');
  t.is(checked.notices[0]!.versions.ko!.meta.date.iso, '2026-12-01T12:00:00+09:00');
  const ko = await readFile(path.join(cwd, 'notices/2026-12-01-ai-hub-call/ko.md'), 'utf8');
  t.regex(ko, /# 배포 일시 .* \/ Release time/);
});

test('new should fill the department and category from the config defaults', async (t) => {
  const cwd = await writeSite({
    'gongbo.config.yaml': 'site:\n  url: https://x.go.kr/\n  publisher: { ko: 가, en: A }\ncategories: [press-release, notice]\ndefaults:\n  department: { ko: 대변인실, en: Spokesperson }\n  category: notice\n',
  });
  await createNotice({ cwd, slug: 'x', date: '2026-12-01T09:30:00+09:00', languages: ['en'] });
  const en = await readFile(path.join(cwd, 'notices/2026-12-01-x/en.md'), 'utf8');
  t.regex(en, /^department: Spokesperson$/m);
  t.regex(en, /^category: notice$/m);
  t.regex(en, /^date: 2026-12-01T09:30:00\+09:00$/m);
  await t.throwsAsync(readFile(path.join(cwd, 'notices/2026-12-01-x/ko.md')));
});

test('new should refuse an existing id, a bad slug, an unknown category and a bad date', async (t) => {
  const cwd = await writeSite({});
  await createNotice({ cwd, slug: 'dup', date: '2026-12-01' });
  t.like(await createNotice({ cwd, slug: 'dup', date: '2026-12-01' }), { ok: false, problem: 'Notice `2026-12-01-dup` already exists in notices/: pick another slug, or edit it there' });
  t.regex((await createNotice({ cwd, slug: 'Bad_Slug' }) as { problem: string }).problem, /not a usable slug/);
  t.regex((await createNotice({ cwd, slug: 'ok', category: 'speech' }) as { problem: string }).problem, /Category `speech` is not in the config/);
  t.regex((await createNotice({ cwd, slug: 'ok', date: '2026-02-30' }) as { problem: string }).problem, /February 2026 has no day 30/);
});

test('a notice published with the template\'s text still in it should fail check', async (t) => {
  const cwd = await writeSite({});
  await createNotice({ cwd, slug: 'hasty', date: '2026-12-01', languages: ['ko'] });
  const file = path.join(cwd, 'notices/2026-12-01-hasty/ko.md');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(file, (await readFile(file, 'utf8')).replace('status: draft', 'status: published'));
  const checked = await checkSite({ cwd });
  t.false(checked.ok);
  const errors = checked.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => m.reason));
  t.true(errors.some((r) => r.includes('`044-000-0000`')));
  t.true(errors.some((r) => r.includes('`press@example.go.kr`')));
  t.true(errors.some((r) => r.includes("The text still has the template's example")));
});

test('new --category with a category\'s name, not its code, should say which code it means', async (t) => {
  const cwd = await writeSite({
    'gongbo.config.yaml': 'site:\n  url: https://x.go.kr/\n  publisher: { ko: 가, en: A }\ncategories: [press-release, call-for-proposals]\n',
  });
  t.like(await createNotice({ cwd, slug: 'x', date: '2026-12-01', category: '공모' }), {
    ok: false, problem: 'Category `공모` is not in the config: did you mean `call-for-proposals` (공모)? Use `--category call-for-proposals`',
  });
  t.like(await createNotice({ cwd, slug: 'x', date: '2026-12-01', category: 'Call for proposals' }), {
    ok: false, problem: 'Category `Call for proposals` is not in the config: did you mean `call-for-proposals` (Call for proposals)? Use `--category call-for-proposals`',
  });
  t.like(await createNotice({ cwd, slug: 'x', date: '2026-12-01', category: 'press-releas' }), {
    ok: false, problem: 'Category `press-releas` is not in the config: did you mean `press-release`? (categories: press-release, call-for-proposals)',
  });
  const ko = await runMain(['new', 'x', '--date', '2026-12-01', '--category', '공모', '--cwd', cwd], { LANG: 'ko_KR.UTF-8' });
  t.is(ko.code, 2);
  t.is(ko.stderr, 'gongbo new: 분류 `공모`이(가) 설정 파일에 없습니다. `call-for-proposals`(공모)을(를) 쓰려던 것인가요? `--category call-for-proposals`로 쓰세요\n');
  t.deepEqual(await readdir(cwd), ['gongbo.config.yaml'], 'nothing created');
});
