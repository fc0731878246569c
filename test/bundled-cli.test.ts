// bin/gongbo.js runs the bundled CLI (lib/bundle/gongbo.cjs) through a V8 code cache: the same
// program as lib/src/, only faster to start. Each test runs the bin in a copy of the package layout
// (bin/ and the bundle copied, the rest linked) so that the caches it writes are its own.
import test from 'ava';
import { spawn } from 'node:child_process';
import { cp, copyFile, mkdir, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles, SAMPLE_NOTICES, tempDir } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUNDLE = path.join(ROOT, 'lib', 'bundle', 'gongbo.cjs');
const NOW = '2026-11-29T12:00:00+09:00';

interface Run { code: number | null; stdout: string; stderr: string }

/** A package folder running gongbo: with `bundle` its own copy of lib/bundle/gongbo.cjs (or that text), else none. */
async function install(bundle?: Buffer | true): Promise<string> {
  const dir = await tempDir('gongbo-install-');
  await mkdir(path.join(dir, 'bin'));
  await copyFile(path.join(ROOT, 'bin', 'gongbo.js'), path.join(dir, 'bin', 'gongbo.js'));
  await mkdir(path.join(dir, 'lib'));
  await symlink(path.join(ROOT, 'lib', 'src'), path.join(dir, 'lib', 'src'));
  for (const name of ['package.json', 'locales', 'assets', 'node_modules']) await symlink(path.join(ROOT, name), path.join(dir, name));
  if (bundle !== undefined) {
    await mkdir(path.join(dir, 'lib', 'bundle'));
    await writeFile(path.join(dir, 'lib', 'bundle', 'gongbo.cjs'), bundle === true ? await readFile(BUNDLE) : bundle);
  }
  return dir;
}

function run(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return node([path.join(dir, 'bin', 'gongbo.js'), ...args], env);
}

function node(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function caches(dir: string): Promise<string[]> {
  return (await readdir(path.join(dir, 'lib', 'bundle'))).filter((name) => name.endsWith('.cache'));
}

/** Whether V8 compiled the installed bundle from a cache, asked of the loader in a fresh process. */
async function startsFromCache(dir: string, args: string[] = ['--version']): Promise<boolean> {
  const loader = path.join(ROOT, 'lib', 'src', 'bundled-cli.js');
  const script = `import { loadBundledCli } from ${JSON.stringify(loader)};
const cli = loadBundledCli(${JSON.stringify(path.join(dir, 'lib', 'bundle', 'gongbo.cjs'))}, ${JSON.stringify(args)});
cli.finished(await cli.main());
console.error('fromCache=' + cli.fromCache);`;
  // A file, not `node -e`: Node's options are part of the cache's name.
  const file = path.join(await tempDir('gongbo-start-'), 'start.mjs');
  await writeFile(file, script);
  const result = await node([file]);
  return /fromCache=true/.test(result.stderr);
}

async function sampleSite(): Promise<string> {
  const site = await tempDir('gongbo-sample-');
  await copyFile(path.join(ROOT, 'gongbo.config.yaml'), path.join(site, 'gongbo.config.yaml'));
  for (const id of SAMPLE_NOTICES) await cp(path.join(ROOT, 'notices', id), path.join(site, 'notices', id), { recursive: true });
  return site;
}

async function tree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const file of await listFiles(dir)) files.set(file, await readFile(path.join(dir, file)));
  return files;
}

test('the bin should run the bundle when there is one, and leave a code cache beside it', async (t) => {
  const dir = await install(true);
  const result = await run(dir, ['--version']);
  t.is(result.code, 0, result.stderr);
  // Only the bundled path writes a cache: a bin that fell back to lib/src/ would leave none.
  t.is((await caches(dir)).length, 1);
  t.true(await startsFromCache(dir));
});

test('the bundled and the lib CLI should build the sample site into identical dist/ trees', async (t) => {
  const [bundled, lib] = [await install(true), await install()];
  const [siteA, siteB] = [await sampleSite(), await sampleSite()];
  const args = (site: string) => ['build', '--no-pdf', '--now', NOW, '--cwd', site, '--out', path.join(site, 'dist')];
  const a = await run(bundled, args(siteA));
  const b = await run(lib, args(siteB));
  t.is(a.code, 0, a.stderr);
  t.is(b.code, 0, b.stderr);
  t.is((await caches(bundled)).length, 1, 'the build ran the bundle');
  t.is(a.stderr, b.stderr);
  // The build says where and how long it took: the rest is the same.
  const same = (out: string, site: string) => out.replace(path.relative(process.cwd(), site), 'SITE').replace(/\d+\.\d s/, 'N s');
  t.is(same(a.stdout, siteA), same(b.stdout, siteB));
  const [treeA, treeB] = [await tree(path.join(siteA, 'dist')), await tree(path.join(siteB, 'dist'))];
  t.deepEqual([...treeA.keys()], [...treeB.keys()]);
  t.true(treeA.size > 20);
  for (const [file, bytes] of treeA) t.true(bytes.equals(treeB.get(file)!), file);
});

test('--version, --help, a usage error and a bad notice should print the same and exit the same through both', async (t) => {
  const [bundled, lib] = [await install(true), await install()];
  const site = await sampleSite();
  const notice = path.join(site, 'notices', (await readdir(path.join(site, 'notices')))[0]!, 'ko.md');
  await writeFile(notice, (await readFile(notice, 'utf8')).replace(/^date: .*$/m, 'date: 2026-02-30T12:00:00+09:00'));
  const cases: [string[], NodeJS.ProcessEnv][] = [
    [['--version'], {}],
    [['--help'], { LANG: 'ko_KR.UTF-8' }],
    [['build', '--help'], { LANG: 'en_US.UTF-8' }],
    [['build', '--bogus'], { LANG: 'ko_KR.UTF-8' }],
    [['check', '--cwd', site, '--now', NOW], { LANG: 'ko_KR.UTF-8' }],
    [['check', '--cwd', site, '--now', NOW, '--lang', 'en', '--format', 'json'], {}],
  ];
  for (const [args, env] of cases) {
    const a = await run(bundled, args, env);
    const b = await run(lib, args, env);
    t.deepEqual(a, b, args.join(' '));
  }
  const bad = await run(bundled, ['check', '--cwd', site, '--now', NOW], { LANG: 'ko_KR.UTF-8' });
  t.is(bad.code, 1);
  t.regex(bad.stderr, /2월/);
  t.is((await caches(bundled)).length, 1, 'the commands ran the bundle');
});

test('a code cache made for another bundle of the same length should never be used', async (t) => {
  const original = await readFile(BUNDLE, 'latin1');
  // Same length, other code: -v becomes -V.
  const other = original.replace('"-v, --version"', '"-V, --version"');
  t.not(other, original);
  t.is(other.length, original.length);
  const [mine, theirs] = [await install(true), await install(Buffer.from(other, 'latin1'))];
  const right = await run(mine, ['--help']);
  t.is(right.code, 0);
  t.regex(right.stdout, /-v, --version/);
  t.regex((await run(theirs, ['--help'])).stdout, /-V, --version/);
  // Their cache, under my cache's name.
  const [name] = await caches(mine);
  await copyFile(path.join(theirs, 'lib', 'bundle', (await caches(theirs))[0]!), path.join(mine, 'lib', 'bundle', name!));
  t.deepEqual(await run(mine, ['--help']), right);
  // Rewritten for this bundle.
  t.true(await startsFromCache(mine, ['--help']));
});

test('a damaged code cache should be ignored and replaced', async (t) => {
  const dir = await install(true);
  const right = await run(dir, ['--help']);
  const file = path.join(dir, 'lib', 'bundle', (await caches(dir))[0]!);
  const bytes = await readFile(file);
  for (let i = Math.floor(bytes.length / 2); i < bytes.length; i += 97) bytes[i] = bytes[i]! ^ 0x5a;
  await writeFile(file, bytes);
  t.deepEqual(await run(dir, ['--help']), right);
  await writeFile(file, bytes.subarray(0, 1000));
  t.deepEqual(await run(dir, ['--help']), right);
  t.true(await startsFromCache(dir, ['--help']));
});

test('a cache made by a build should be accepted by the next start (the build changes a V8 flag)', async (t) => {
  const dir = await install(true);
  const site = await sampleSite();
  const result = await run(dir, ['build', '--no-pdf', '--now', NOW, '--cwd', site, '--out', path.join(site, 'dist')]);
  t.is(result.code, 0, result.stderr);
  t.true(await startsFromCache(dir));
});

test('a cache made by --version should be made again after the first build, which compiles far more', async (t) => {
  const dir = await install(true);
  await run(dir, ['--version']);
  const file = path.join(dir, 'lib', 'bundle', (await caches(dir))[0]!);
  const small = (await stat(file)).size;
  const site = await sampleSite();
  t.is((await run(dir, ['build', '--no-pdf', '--now', NOW, '--cwd', site, '--out', path.join(site, 'dist')])).code, 0);
  t.true((await stat(file)).size > small * 1.3);
  const header = (await readFile(file)).subarray(0, 200).toString('latin1').split('\n')[0]!;
  t.regex(header, / -,build$/);
});

test('a bundle older than the compiled files it was made from should not run (tsc alone after an edit)', async (t) => {
  const dir = await install(true);
  const past = new Date(Date.now() - 10 * 24 * 3600 * 1000);
  await utimes(path.join(dir, 'lib', 'bundle', 'gongbo.cjs'), past, past);
  const result = await run(dir, ['--version']);
  t.is(result.code, 0);
  t.is(result.stdout.trim(), JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).version);
  t.deepEqual(await caches(dir), []);
});

test('a cache that cannot be written should change nothing a user sees (a read-only install)', async (t) => {
  const dir = await install(true);
  const right = await run(dir, ['--help']);
  const [name] = await caches(dir);
  // A folder where the cache would go: it can be neither read nor replaced, as root too.
  await rm(path.join(dir, 'lib', 'bundle', name!));
  await mkdir(path.join(dir, 'lib', 'bundle', name!));
  t.deepEqual(await run(dir, ['--help']), right);
  t.deepEqual(await readdir(path.join(dir, 'lib', 'bundle')), ['gongbo.cjs', name!].sort());
});
