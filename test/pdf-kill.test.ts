// A PDF build killed with SIGKILL: its Chromium goes with it, and its browser profile is removed by the next build.
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSite } from '../src/build.js';
import { findChromium } from '../src/render/pdf/find-chromium.js';
import { removeStaleProfiles } from '../src/render/pdf/launch-browser.js';
import { deadPid, fixture, NOW, tempDir } from './helpers.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/gongbo.js');

interface Proc { pid: number; ppid: number; state: string; cmdline: string }

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(name), ppid: Number(ppid), state: state!, cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ') });
    } catch {
      // Gone while we looked.
    }
  }
  return out;
}

function descendants(root: number): Proc[] {
  const all = processes();
  const found = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (found.has(p.ppid) && !found.has(p.pid)) {
        found.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => p.pid !== root && found.has(p.pid));
}

/** Running, not a zombie waiting for a parent that does not reap it. */
function running(pid: number): boolean {
  return processes().some((p) => p.pid === pid && p.state !== 'Z');
}

async function until<T>(what: string, check: () => T | undefined | false, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const hasProc = existsSync('/proc/self/stat');
const chromium = await findChromium().then(() => true, () => false);

(hasProc && chromium ? test.serial : test.skip)('a build killed with SIGKILL while printing should leave no Chromium running, and the next build should remove its profile', async (t) => {
  const site = path.join(await tempDir('gongbo-kill-'), 'site');
  await cp(fixture('pdf-site'), site, { recursive: true });
  const outside = path.join(site, 'notices/2026-04-15-outside-resources/ko.md');
  await writeFile(outside, (await readFile(outside, 'utf8')).replaceAll('__LISTENER__', '127.0.0.1:9'));
  const profiles = path.join(site, '.gongbo-cache', 'chromium');

  const build = spawn(process.execPath, [BIN, 'build', '--cwd', site, '--now', '2026-11-29T12:00:00+09:00', '--quiet'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => build.once('exit', resolve));
  t.teardown(() => build.kill('SIGKILL'));
  // Printing: the browser runs with its profile in the site's cache folder.
  const browser = await until('Chromium to start in the site\'s cache folder', () => {
    if (build.exitCode !== null) throw new Error(`The build ended (exit ${build.exitCode}) before Chromium was seen`);
    const names = existsSync(profiles) ? readdirSync(profiles) : [];
    return descendants(build.pid!).find((p) => names.some((n) => p.cmdline.includes(`--user-data-dir=${path.join(profiles, n)}`)));
  }, 60_000);
  await until('a page to print on', () => descendants(build.pid!).some((p) => p.cmdline.includes('--type=renderer')), 30_000);
  const family = descendants(build.pid!);
  t.true(family.some((p) => p.pid === browser.pid));
  const [profile] = await readdir(profiles);

  build.kill('SIGKILL');
  await exited;
  // Chromium notices its pipe to gongbo closed; give it time to exit, but no more than that.
  await until('every Chromium process to exit', () => family.every((p) => !running(p.pid)), 15_000).catch(() => undefined);
  t.deepEqual(family.filter((p) => running(p.pid)).map((p) => p.cmdline.slice(0, 120)), [], 'no process of the killed build survives it');
  t.true(existsSync(path.join(profiles, profile!)), 'a killed build cannot remove its own profile');

  // PDFs the killed build finished are cached: without them the next build starts Chromium for sure.
  await rm(path.join(site, '.gongbo-cache', 'pdf'), { recursive: true, force: true });
  const result = await buildSite({ cwd: site, now: NOW, pdf: true });
  t.true(result.ok);
  t.deepEqual(await readdir(profiles), [], 'the dead build\'s profile is gone, and this build removed its own');
});

test('removeStaleProfiles should remove only the profiles of dead processes of this machine', async (t) => {
  const dir = await tempDir('gongbo-profiles-');
  const host = os.hostname().replace(/[^A-Za-z0-9.-]/g, '_');
  const dead = await deadPid();
  const names = {
    dead: `${host}-${dead}-abc123`,
    parent: `${host}-${process.ppid}-abc123`,
    ours: `${host}-${process.pid}-abc123`,
    elsewhere: `not-${host}-${dead}-abc123`,
    other: 'notes',
  };
  for (const name of Object.values(names)) await mkdir(path.join(dir, name));
  await removeStaleProfiles(dir);
  t.deepEqual((await readdir(dir)).sort(), [names.parent, names.ours, names.elsewhere, names.other].sort());
});
