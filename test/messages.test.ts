import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { messageLocale, messagesFile } from '../src/i18n/say.js';
import { CONFIG, frontMatter, runMain, writeSite } from './helpers.js';

const ID = 'notices/2026-05-13-test';

const run = runMain;

type Tree = { [key: string]: string | Tree };

/** Every message of a catalog by key, with i18next's plural endings (`_one`, `_other`) folded into one key. */
function flatten(tree: Tree, prefix = '', out = new Map<string, string[]>()): Map<string, string[]> {
  for (const [key, value] of Object.entries(tree)) {
    const name = `${prefix}${key}`;
    if (typeof value === 'string') {
      const base = name.replace(/_(zero|one|two|few|many|other)$/, '');
      out.set(base, [...(out.get(base) ?? []), value]);
    } else flatten(value, `${name}.`, out);
  }
  return out;
}

function placeholders(texts: string[]): string {
  return [...new Set(texts.flatMap((t) => [...t.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!)))].sort().join(',');
}

test('every message key should exist in Korean and English with the same placeholders', (t) => {
  const en = flatten(JSON.parse(readFileSync(messagesFile('en'), 'utf8')) as Tree);
  const ko = flatten(JSON.parse(readFileSync(messagesFile('ko'), 'utf8')) as Tree);
  t.true(en.size > 200, `${en.size} messages`);
  t.deepEqual([...ko.keys()].sort(), [...en.keys()].sort());
  for (const [key, texts] of en) {
    if (key.startsWith('aliases.')) continue; // synonyms, not sentences
    t.is(placeholders(ko.get(key)!), placeholders(texts), key);
    // Korean texts are written for the reader, not left in English.
    if (!/^(cli\.failure|cli\.usage\.now|cli\.new\.(badDate|and)|value\.scalar|attachment\.(instead|skippedSameName)|config\.(atLeast|fromZero))/.test(key)) {
      t.regex(ko.get(key)!.join(' '), /[가-힣]/, key);
    }
  }
});

test('the language should come from --lang, else LC_ALL, LC_MESSAGES, LANG, else English', (t) => {
  t.is(messageLocale({}), 'en');
  t.is(messageLocale({ LANG: 'ko_KR.UTF-8' }), 'ko');
  t.is(messageLocale({ LANG: 'ko' }), 'ko');
  t.is(messageLocale({ LANG: 'kok_IN' }), 'en');
  t.is(messageLocale({ LC_ALL: 'en_US.UTF-8', LANG: 'ko_KR.UTF-8' }), 'en');
  t.is(messageLocale({ LC_MESSAGES: 'ko_KR.UTF-8', LANG: 'en_US.UTF-8' }), 'ko');
  t.is(messageLocale({ LANG: 'ko_KR.UTF-8' }, 'en'), 'en');
  t.is(messageLocale({}, 'ko'), 'ko');
});

/** A notice written by someone who typed Korean where codes go, and one with a YAML mistake. */
async function brokenSite(): Promise<string> {
  return writeSite({
    [`${ID}/ko.md`]: '---\n제목: 시험 보도자료\ntitle: 시험\ndate: 2026-02-30T12:00:00+09:00\ndepartment: 시험정책과\ncategory: 보도자료\nstatus: 게시\n---\n본문\n',
    'notices/2026-05-14-quote/ko.md': frontMatter({ title: '과기정통부: 6G 시험망' }),
  });
}

test('a Korean report of a broken notice should read line by line in Korean, with positions, hints and rule ids', async (t) => {
  const site = await brokenSite();
  const result = await run(['check', '--lang', 'ko', '--cwd', site]);
  t.is(result.code, 1);
  t.is(result.stderr, [
    `${ID}/ko.md`,
    '  2:1-2:3    오류  머리말에 알 수 없는 항목 `제목`이(가) 있습니다. `title`(제목)을(를) 쓰세요  frontmatter-unknown-field',
    '  4:7-4:32   오류  `date`의 시각이 올바르지 않습니다. 2026년 2월에는 30일이 없습니다(28일까지 있습니다)  frontmatter-date',
    '  6:11-6:15  오류  `category`의 `보도자료`은(는) 알 수 없는 분류(gongbo.config.yaml의 `categories` 참고)입니다. `press-release`(보도자료)을(를) 쓰세요  frontmatter-category',
    '  7:9-7:11   오류  `status`의 `게시`은(는) 알 수 없는 상태입니다. `published`(게시)을(를) 쓰세요  frontmatter-status',
    '',
    'notices/2026-05-14-quote/ko.md',
    '  2:8-2:9  오류  2번째 줄: `title`의 값에 ": "나 " #"가 있거나 YAML이 쓰는 기호로 시작해서 그대로는 읽을 수 없습니다. `title: "과기정통부: 6G 시험망"`처럼 전체를 큰따옴표로 감싸세요(YAML: Nested mappings are not allowed in compact mappings)  frontmatter-yaml',
    '',
    '✖ 오류 5개',
    '',
  ].join('\n'));
  // Validation is remembered by source bytes: a second run replays the messages, in the language asked for then.
  const again = await run(['check', '--cwd', site]);
  t.regex(again.stderr, /Unknown field `제목` in the front matter: use `title` \(제목\)/);
  t.regex(again.stderr, /`category` `보도자료` is not a known category .*: use `press-release` \(보도자료\)/);
  t.regex(again.stderr, /Line 2: the value of `title` cannot be read as it is written/);
  t.regex(again.stderr, /✖ 5 errors/);
});

test('LANG should choose Korean, and --lang en (before or after the command) should win over it', async (t) => {
  const site = await brokenSite();
  const korean = await run(['check', '--cwd', site], { LANG: 'ko_KR.UTF-8' });
  t.regex(korean.stderr, /2026년 2월에는 30일이 없습니다/);
  t.regex(korean.stderr, /✖ 오류 5개/);
  for (const args of [['--lang', 'en', 'check', '--cwd', site], ['check', '--cwd', site, '--lang=en']]) {
    const english = await run(args, { LANG: 'ko_KR.UTF-8' });
    t.regex(english.stderr, /February 2026 has no day 30 \(it has 28 days\)/, args.join(' '));
    t.notRegex(english.stderr, /[가-힣]{2,}니다/, args.join(' '));
  }
  const bad = await run(['check', '--cwd', site, '--lang', 'fr']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--lang fr: use ko or en/);
});

test('check --format json should keep rule ids and positions and give the message in the chosen language', async (t) => {
  const site = await brokenSite();
  const korean = JSON.parse((await run(['check', '--format', 'json', '--cwd', site], { LC_ALL: 'ko_KR.UTF-8' })).stdout) as Array<Record<string, unknown>>;
  const english = JSON.parse((await run(['check', '--format', 'json', '--cwd', site])).stdout) as Array<Record<string, unknown>>;
  t.deepEqual(korean.map(({ message: _, ...rest }) => rest), english.map(({ message: _, ...rest }) => rest));
  t.like(korean.find((m) => m.rule === 'frontmatter-status'), { line: 7, column: 9, message: '`status`의 `게시`은(는) 알 수 없는 상태입니다. `published`(게시)을(를) 쓰세요' });
  t.like(english.find((m) => m.rule === 'frontmatter-status'), { line: 7, column: 9, message: '`status` `게시` is not a known status: use `published` (게시)' });
});

test('a site\'s own category names (its locales) should be understood as that category', async (t) => {
  const site = await writeSite({
    'gongbo.config.yaml': CONFIG.replace('categories: [press-release, notice]', 'categories: [press-release, notice, event]'),
    'locales/ko.json': JSON.stringify({ category: { event: '행사 안내' } }),
    'locales/en.json': JSON.stringify({ category: { event: 'Events' } }),
    [`${ID}/ko.md`]: frontMatter({ category: '행사 안내' }),
    [`${ID}/en.md`]: frontMatter({ category: 'events' }),
  });
  const result = await run(['check', '--cwd', site]);
  t.regex(result.stderr, /ko\.md\n.*`category` `행사 안내` is not a known category .*: use `event` \(행사 안내\)/);
  t.regex(result.stderr, /en\.md\n.*`category` `events` is not a known category .*: use `event` \(events\)/);
});

test('--help should be in the chosen language; `new --languages` names the files and `new --lang ko,en` still does', async (t) => {
  const help = await run(['check', '--help'], { LANG: 'ko_KR.UTF-8' });
  t.is(help.code, 0);
  t.regex(help.stdout, /^사용법: gongbo check/);
  t.regex(help.stdout, /모든 보도자료와 설정을 검사해/);
  t.regex(help.stdout, /--lang <ko\|en> +gongbo 안내 메시지의 언어/);
  const site = await writeSite({});
  const made = await run(['new', 'first-call', '--languages', 'en', '--date', '2026-05-13', '--cwd', site, '--lang', 'ko']);
  t.is(made.code, 0, made.stderr);
  t.is(made.stdout, 'notices/2026-05-13-first-call/en.md을(를) 만들었습니다.\n초안입니다. 내용을 쓰고 `status: published`로 바꾼 뒤 `gongbo check`를 실행하세요.\n');
  const old = await run(['new', 'second-call', '--lang', 'ko,en', '--date', '2026-05-13', '--cwd', site]);
  t.is(old.code, 0, old.stderr);
  t.regex(old.stdout, /^Created notices\/2026-05-13-second-call\/ko\.md and notices\/2026-05-13-second-call\/en\.md\./);
  t.regex(old.stderr, /it is now spelt `--languages ko,en`/);
  const refused = await run(['new', 'Bad_Slug', '--cwd', site, '--lang', 'ko']);
  t.is(refused.code, 2);
  t.regex(refused.stderr, /^gongbo new: `Bad_Slug`은\(는\) 쓸 수 있는 이름이 아닙니다/);
});

test('every command\'s --help should say defaults and choices in the chosen language', async (t) => {
  const commands = ['build', 'check', 'push', 'publish', 'serve', 'new'];
  for (const command of commands) {
    const ko = await run([command, '--help'], { LANG: 'ko_KR.UTF-8' });
    t.is(ko.code, 0, command);
    t.notRegex(ko.stdout, /\b(default|choices):/, `gongbo ${command} --help in Korean`);
  }
  // commander wraps lines to the terminal's width: compared with every run of spaces as one.
  const help = async (...args: string[]) => (await run([...args, '--help'])).stdout.replace(/\s+/g, ' ');
  const build = await help('build', '--lang', 'ko');
  t.regex(build, /--out <dir> 결과물 폴더\(사이트 폴더 기준\) \(기본값: "dist"\)/);
  t.regex(build, /--cwd <dir> 사이트 폴더\(notices\/와 gongbo\.config\.yaml이 있는 곳\) \(기본값: "\."\)/);
  t.regex(build, /--wait <seconds> 같은 결과물 폴더에 쓰는 다른 gongbo를 기다릴 시간 \(기본값: 30\)/);
  t.regex(await help('serve', '--lang', 'ko'), /--port <n> 사용할 포트 \(기본값: 4000\)/);
  t.regex(await help('check', '--lang', 'ko'), /--format <format> 보고 형식 \(고를 수 있는 값: "text", "json", 기본값: "text"\)/);
  t.regex(await help('check', '--lang', 'en'), /--format <format> report format \(choices: "text", "json", default: "text"\)/);
  t.regex(await help('build', '--lang', 'en'), /--cwd <dir> site folder \(holding notices\/ and gongbo\.config\.yaml\) \(default: "\."\)/);
});

test('every rule id gongbo reports has a one-line summary in both languages (serve and check show it)', (t) => {
  const sources = new URL('../../src/', import.meta.url);
  const ids = new Set<string>();
  for (const entry of readdirSync(sources, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(/ruleId: '([a-z-]+)'/g)) ids.add(match[1]!);
  }
  t.true(ids.size > 20, `only ${ids.size} rule ids found: did the source layout change?`);
  for (const locale of ['ko', 'en']) {
    const rules = (JSON.parse(readFileSync(new URL(`../../locales/${locale}.json`, import.meta.url), 'utf8')) as { rules: Record<string, string> }).rules;
    const missing = [...ids].filter((id) => typeof rules[id] !== 'string' || rules[id]!.trim() === '');
    t.deepEqual(missing, [], `locales/${locale}.json lacks rules.* for these`);
  }
});
