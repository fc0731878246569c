// Korean (and English) for what push, publish, serve, --out refusals and commander say at the terminal.
import test from 'ava';
import { mkdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { runPush } from '../src/push/push-command.js';
import { runPublish } from '../src/publish/publish-command.js';
import { createHolder, lockFileOf, serializeHolder } from '../src/write/lock-folder.js';
import { capture, close, CONFIG, frontMatter, listen, NOW, runMain, tempDir, writeSite } from './helpers.js';

const ID = 'notices/2026-05-13-test';
const KO = { LANG: 'ko_KR.UTF-8' };

const run = runMain;

/** Times and sizes vary from run to run: `1.2초` → `N초`, `3.4 kB` → `N kB`. */
const steady = (text: string) => text.replace(/\d+(?:\.\d+)?초/g, 'N초').replace(/\d+(?:\.\d+)? ([kKMG]?B)\b/g, 'N $1');

async function build(site: string): Promise<void> {
  const built = await run(['build', '--no-pdf', '--no-cards', '--quiet', '--cwd', site, '--now', NOW.toISOString()]);
  if (built.code !== 0) throw new Error(built.stderr);
}

/** A site of one published notice and the file: mirror `beta`, built. */
async function builtSite(config = CONFIG): Promise<string> {
  const site = await writeSite({ 'gongbo.config.yaml': config, [`${ID}/ko.md`]: frontMatter({ status: 'published' }) });
  await build(site);
  return site;
}

const lines = (text: string) => steady(text).split('\n');

test('push to a file: mirror should speak Korean line by line: the dry run, the push, and a failure', async (t) => {
  const site = await builtSite();
  const dry = await run(['push', '--dry-run', '--cwd', site], KO);
  t.is(dry.code, 0);
  const plan = lines(dry.stdout);
  t.is(plan[0], '미러 beta(시험 실행): 올릴 파일 283개(N MB), 지울 파일 0개, 그대로 둘 파일 0개, 마지막으로 manifest.json을 씁니다');
  t.true(plan.includes('  + assets/fonts/files/ (파일 248개, 새 파일 248개, N MB)'), dry.stdout);
  t.true(plan.includes('  + ko/2026-05-13-test/index.html (새 파일, N KB)'), dry.stdout);
  t.is(plan.at(-2), '시험 실행이므로 어느 미러도 바꾸지 않았습니다.');
  t.is(dry.stderr, '');

  const pushed = await run(['push', '--lang', 'ko', '--cwd', site]);
  t.is(pushed.code, 0);
  t.deepEqual(lines(pushed.stdout), ['미러 beta: 올린 파일 283개, 지운 파일 0개, 그대로 둔 파일 0개, N MB, N초 걸렸습니다', 'gongbo.config.yaml에 `site.deploy`가 없어 미러에만 보냈습니다. dist/은(는) 웹 서버에 직접 올리세요.', '']);

  // A folder of the mirror replaced by a link: push never writes through it, and says so.
  const folder = path.join(site, 'mirrors/beta/ko/2026-05-13-test');
  await rm(folder, { recursive: true });
  await symlink(await tempDir(), folder);
  const notice = path.join(site, ID, 'ko.md');
  await writeFile(notice, `${await readFile(notice, 'utf8')}\n덧붙인 문단입니다.\n`);
  await build(site);
  const failed = await run(['push', '--lang', 'ko', '--cwd', site]);
  t.is(failed.code, 1);
  t.is(failed.stdout, '');
  t.deepEqual(failed.stderr.split('\n'), [
    `미러 beta: ${path.join(site, 'mirrors/beta')}의 ko/2026-05-13-test은(는) 심볼릭 링크입니다. 링크를 따라가면 미러 밖의 파일에 닿을 수 있어서 push는 링크를 통해 읽거나 쓰거나 지우지 않습니다. 링크를 없애고(그 자리에 실제 폴더나 파일은 괜찮습니다) gongbo push를 다시 실행하세요`,
    '',
  ]);

  const unknown = await run(['push', '--mirror', 'bta', '--cwd', site], KO);
  t.is(unknown.code, 2);
  t.is(unknown.stderr, 'gongbo: gongbo.config.yaml에 `bta`(이)라는 미러가 없습니다. `beta`을(를) 쓰려던 것인가요? (미러: beta)\n');
  const english = await run(['push', '--mirror', 'bta', '--cwd', site]);
  t.is(english.stderr, 'gongbo: No mirror named `bta` in gongbo.config.yaml: did you mean `beta`? (mirrors: beta)\n');
});

test('a file: mirror under a file, not a folder, should say so and not ask to run push again', async (t) => {
  const blocker = path.join(await tempDir(), 'afile');
  await writeFile(blocker, 'not a folder');
  const site = await builtSite(CONFIG.replace('mirrors:\n', `mirrors:\n  portal: { url: "file:${blocker}/portal/", public_url: "https://portal.example.kr/" }\n`));
  const failed = await run(['push', '--mirror', 'portal', '--lang', 'ko', '--cwd', site]);
  t.is(failed.code, 1);
  t.deepEqual(failed.stderr.split('\n'), [
    `미러 portal: ${path.join(blocker, 'portal')} 경로 중간에 폴더가 아니라 파일이 있습니다(ENOTDIR). 미러의 \`url\`을 고치거나 그 파일을 옮긴 뒤 다시 push하세요`,
    '',
  ]);
});

test('a WebDAV mirror that cannot be reached should be explained in Korean, with no secret in any line', async (t) => {
  const secret = 'k-Secret-77';
  // A port that was just free: nothing listens there.
  const probe = http.createServer();
  const port = await listen(probe);
  await close(probe);
  // The token's value also in the address's path: scrubbed wherever it shows. (Credentials in the
  // address itself are refused by check: see publish.test.)
  const site = await builtSite(CONFIG.replace('mirrors:\n', `mirrors:\n  dav: { url: "http://127.0.0.1:${port}/${secret}/", public_url: "https://dav.example.kr/", auth: { token_env: DAV_TOKEN } }\n`));
  const stdout = capture();
  const stderr = capture();
  const code = await runPush({ cwd: site, mirror: ['dav'] }, { stdout: stdout.stream, stderr: stderr.stream, env: { ...KO, DAV_TOKEN: secret } },
    { retry: { minDelayMs: 1, maxDelayMs: 1, maxTotalMs: 30, requestTimeoutMs: 2000 } });
  t.is(code, 1);
  const said = stderr.text();
  t.false(said.includes(secret) || stdout.text().includes(secret), said);
  const shown = said.split('\n').filter((l) => !l.includes('다시 시도합니다'));
  t.regex(shown[0]!, /^미러 dav: http:\/\/127\.0\.0\.1:\d+\/\*\*\*\/에 연결할 수 없습니다: 연결이 거부됨 \(\d+번 시도하고 [\d.]+초 만에 그만두었습니다\)$/);
  t.is(shown[1], 'gongbo push를 다시 실행하면 나머지를 마저 보냅니다. 이미 도착한 파일은 다시 보내지 않습니다.');
  for (const retry of said.split('\n').filter((l) => l.includes('다시 시도합니다'))) {
    t.regex(retry, /^미러 dav: GET \S+ 요청이 실패해 [\d.]+초 뒤에 다시 시도합니다\(연결이 거부됨\)$/);
  }
});

test('publish should say in Korean what it built and sent', async (t) => {
  const site = await writeSite({ [`${ID}/ko.md`]: frontMatter({ status: 'published' }) });
  const stdout = capture();
  const stderr = capture();
  const clock = { now: () => NOW.getTime(), sleep: async () => {} };
  const code = await runPublish({ cwd: site, pdf: false }, { stdout: stdout.stream, stderr: stderr.stream, env: KO }, { clock, signal: new AbortController().signal });
  t.is(code, 0, stderr.text());
  const said = lines(stdout.text());
  t.regex(said[0]!, /^2026-11-29 12:00 \(KST\) 기준으로 보도자료 1건을 만들었습니다\(새로 만든 파일 \d+개, 그대로 쓴 파일 0개\)\.$/);
  t.deepEqual(said.slice(1), ['미러 beta: 올린 파일 283개, 지운 파일 0개, 그대로 둔 파일 0개, N MB, N초 걸렸습니다', 'gongbo.config.yaml에 `site.deploy`가 없어 미러에만 보냈습니다. dist/은(는) 웹 서버에 직접 올리세요.', '']);
  t.deepEqual(stderr.text().split('\n'), [
    `${ID}/ko.md`,
    '  1:1  경고  이 보도자료에는 영어판(`en.md`)이 없어 한 언어로만 게시합니다  translation-missing',
    '',
    '⚠ 경고 1개',
    '',
  ]);
});

test('publish with nothing changed should say no file was made, and count one file as one', async (t) => {
  const site = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ status: 'published' }, '본문입니다. [붙임](files/a.txt)'),
    [`${ID}/files/a.txt`]: 'hello\n',
  });
  const clock = { now: () => NOW.getTime(), sleep: async () => {} };
  const publish = async (env: NodeJS.ProcessEnv = {}) => {
    const stdout = capture();
    const stderr = capture();
    const code = await runPublish({ cwd: site, pdf: false }, { stdout: stdout.stream, stderr: stderr.stream, env }, { clock, signal: new AbortController().signal });
    t.is(code, 0, stderr.text());
    return stdout.text().split('\n')[0]!;
  };
  t.regex(await publish(), /^Built 1 notice as of 2026-11-29 12:00 \(KST\) \(\d{3} files made, 0 reused\)\.$/);
  t.regex(await publish(), /^Built 1 notice as of .* \(0 files made, \d{3} reused\)\.$/);
  // The attachment is copied again (its time changed), and nothing else is.
  await utimes(path.join(site, ID, 'files/a.txt'), new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
  t.regex(await publish(), /^Built 1 notice as of .* \(1 file made, \d{3} reused\)\.$/);
  t.regex(await publish(KO), /^2026-11-29 12:00 \(KST\) 기준으로 보도자료 1건을 만들었습니다\(새로 만든 파일 0개, 그대로 쓴 파일 \d{3}개\)\.$/);
});

test('push and publish without site.deploy should say, once, that the origin was not deployed', async (t) => {
  const site = await builtSite();
  const pushed = await run(['push', '--cwd', site]);
  t.is(pushed.code, 0, pushed.stderr);
  t.is(lines(pushed.stdout).at(-2), 'The origin has no `site.deploy`: only the mirrors were pushed. Deploy dist/ to the web server yourself.');
  const ko = await run(['push', '--cwd', site, '--mirror', 'beta'], KO);
  t.is(lines(ko.stdout).at(-2), 'gongbo.config.yaml에 `site.deploy`가 없어 미러에만 보냈습니다. dist/은(는) 웹 서버에 직접 올리세요.');
  t.notRegex((await run(['push', '--dry-run', '--cwd', site])).stdout, /site\.deploy/, 'a dry run pushes nothing');

  // Deployed: not a word of it.
  const www = path.join(await tempDir('gongbo-www-'), 'www');
  const deployed = await builtSite(CONFIG.replace('categories:', `  deploy: "file:${www}/"\ncategories:`));
  const both = await run(['push', '--cwd', deployed]);
  t.is(both.code, 0, both.stderr);
  t.notRegex(both.stdout, /site\.deploy/);
  t.notRegex((await run(['push', '--cwd', deployed, '--mirror', 'beta'])).stdout, /site\.deploy/);

  // publish --watch publishes twice (at start and at the lift) and says it once.
  const lift = NOW.getTime() + 3_600_000;
  const watched = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ status: 'published' }),
    'notices/2026-11-29-later/ko.md': frontMatter({ status: 'published', date: new Date(lift + 9 * 3_600_000).toISOString().replace('.000Z', '+09:00') }),
  });
  const clock = { ms: NOW.getTime(), now: () => clock.ms, sleep: async (ms: number) => { clock.ms += ms; } };
  const stdout = capture();
  const stderr = capture();
  let publishes = 0;
  const code = await runPublish({ cwd: watched, pdf: false, watch: true }, { stdout: stdout.stream, stderr: stderr.stream, env: {} }, {
    clock, signal: new AbortController().signal, watchSources: false, onWatch: (e) => { if (e.type === 'published') publishes++; },
  });
  t.is(code, 0, stderr.text());
  t.is(publishes, 2);
  t.is(stdout.text().split('\n').filter((l) => l.includes('site.deploy')).length, 1, stdout.text());
});

test('commander\'s own errors should be in Korean, keeping the "did you mean" hint; English keeps its wording', async (t) => {
  const unknown = await run(['build', '--outt', 'x'], KO);
  t.is(unknown.code, 2);
  t.deepEqual(unknown.stderr.split('\n'), [
    "오류: 알 수 없는 옵션 '--outt'입니다",
    '(--out을(를) 쓰려던 것인가요?)',
    '(사용법은 `gongbo --help`로 볼 수 있습니다)',
    '',
  ]);
  t.deepEqual((await run(['bulid', '--lang', 'ko'])).stderr.split('\n').slice(0, 2), ["오류: 알 수 없는 명령 'bulid'입니다", '(build을(를) 쓰려던 것인가요?)']);
  t.is((await run(['new'], KO)).stderr.split('\n')[0], "오류: 꼭 필요한 인자 'slug'이(가) 빠졌습니다");
  t.is((await run(['check', '--format', 'xml'], KO)).stderr.split('\n')[0], "오류: 옵션 '--format <format>'에 'xml'을(를) 쓸 수 없습니다. text, json 가운데 하나를 쓰세요.");
  t.is((await run(['build', '--out'], KO)).stderr.split('\n')[0], "오류: 옵션 '--out <dir>'에 값이 없습니다");
  t.is((await run(['new', 'a', 'b'], KO)).stderr.split('\n')[0], "오류: 'new'에 인자가 너무 많습니다. 1개를 받는데 2개를 주었습니다.");
  const english = await run(['build', '--outt', 'x']);
  t.deepEqual(english.stderr.split('\n').slice(0, 2), ["error: unknown option '--outt'", '(Did you mean --out?)']);
});

test('--out refusals and the wait for another build should be in Korean', async (t) => {
  const site = await builtSite();
  const refused = await run(['build', '--lang', 'ko', '--out', 'notices', '--cwd', site]);
  t.is(refused.code, 2);
  t.is(refused.stderr, 'gongbo: --out notices은(는) 사이트의 `notices/` 안에 있습니다. 빌드는 결과물 폴더를 통째로 바꿉니다. `dist`처럼 결과물만 담을 폴더를 쓰세요.\n');
  await mkdir(path.join(site, 'other'));
  await writeFile(path.join(site, 'other/memo.txt'), '메모');
  const foreign = await run(['build', '--out', 'other', '--cwd', site], KO);
  t.is(foreign.stderr, 'gongbo: --out other에는 gongbo 빌드가 쓰지 않은 파일이 있습니다(gongbo의 manifest.json이(가) 없습니다). 빌드하면 이 파일들을 모두 바꿔 버립니다. 빈 폴더나 이 사이트의 이전 결과물 폴더를 쓰세요.\n');

  // A live process (this test's parent) holds the output folder.
  const holder = { ...createHolder('serve'), pid: process.ppid, owner: 'ana', since: '2026-11-29T03:00:00.000Z' };
  await writeFile(lockFileOf(path.join(site, 'dist')), serializeHolder(holder));
  // Two seconds, so that the wait surely begins before it ends, even on a busy machine.
  const waited = await run(['build', '--no-pdf', '--wait', '2', '--cwd', site], KO);
  t.is(waited.code, 3);
  const who = `gongbo serve(호스트 ${holder.host}의 프로세스 ${process.ppid}, 사용자 ana, 2026-11-29T03:00:00.000Z부터)`;
  t.deepEqual(waited.stderr.split('\n'), [
    `${who}이(가) dist에 다 쓸 때까지 최대 2초 기다립니다…`,
    `gongbo: ${who}이(가) ${path.join(site, 'dist')}에 쓰는 중이라 2초 기다리다 그만두었습니다. 끝나기를 기다렸다가 다시 하세요. 그 프로세스가 이미 없다면 ${lockFileOf(path.join(site, 'dist'))}을(를) 지우세요`,
    '',
  ]);
});

test('a site\'s broken locale files should be reported in Korean', async (t) => {
  const site = await writeSite({
    [`${ID}/ko.md`]: frontMatter(),
    'locales/ko.json': '{"listng": {"title": "목록"}, "listing": "목록"}',
  });
  const result = await run(['check', '--cwd', site], KO);
  t.is(result.code, 1);
  t.regex(result.stderr, /locales\/ko\.json\n.*경고 {2}`listng`은\(는\) gongbo가 쓰는 문자열이 아니어서 아무것도 바꾸지 않습니다\. `listing`을\(를\) 쓰려던 것인가요\? {2}locales-unknown-key/);
  t.regex(result.stderr, /오류 {2}`listing`은\(는\) gongbo 로캘에서 문자열 묶음입니다\. `"listing": \{"[a-z]+": "…"\}`처럼 안의 키를 하나씩 바꾸세요 {2}locales-shape/);
});
