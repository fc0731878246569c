// The output folder's lock: one writer at a time, a dead holder's lock taken over, a live one named.
import test from 'ava';
import { readFile, writeFile, mkdir, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHolder, FolderLockedError, lockFileOf, lockFolder, serializeHolder, type LockHolder } from '../src/write/lock-folder.js';
import { deadPid, tempDir } from './helpers.js';

function holder(fields: Partial<LockHolder>): LockHolder {
  return { ...createHolder('build'), ...fields };
}

test('should create the lock beside the folder, naming its holder, and remove it on release', async (t) => {
  const out = path.join(await tempDir(), 'dist');
  const lock = await lockFolder(out, { command: 'build' });
  t.is(lock.file, path.join(path.dirname(out), '.dist.lock'));
  const written = JSON.parse(await readFile(lock.file, 'utf8')) as LockHolder;
  t.like(written, { command: 'build', host: os.hostname(), pid: process.pid });
  t.false(Number.isNaN(Date.parse(written.since)));
  await lock.release();
  await lock.release();
  t.deepEqual(await readdir(path.dirname(out)), []);
});

test('should take over the lock of a dead process on this machine', async (t) => {
  const out = path.join(await tempDir(), 'dist');
  await writeFile(lockFileOf(out), serializeHolder(holder({ pid: await deadPid() })));
  const lock = await lockFolder(out, { command: 'build', wait: 0 });
  t.is((JSON.parse(await readFile(lock.file, 'utf8')) as LockHolder).pid, process.pid);
  await lock.release();
});

test('should take over a lock left with our own pid by an earlier process (pids are reused in containers)', async (t) => {
  const out = path.join(await tempDir(), 'dist');
  await writeFile(lockFileOf(out), serializeHolder(holder({ pid: process.pid })));
  const lock = await lockFolder(out, { command: 'build', wait: 0 });
  t.is((JSON.parse(await readFile(lock.file, 'utf8')) as LockHolder).token, lock.holder.token);
  await lock.release();
});

test('should fail after the wait with a message naming a live holder', async (t) => {
  const out = path.join(await tempDir(), 'dist');
  const live = holder({ pid: process.ppid, owner: 'ana', since: '2026-11-29T03:00:00.000Z' });
  await writeFile(lockFileOf(out), serializeHolder(live));
  let waited: LockHolder | undefined;
  const error = await t.throwsAsync(lockFolder(out, { command: 'build', wait: 100, onWait: (h) => { waited = h; } }), { instanceOf: FolderLockedError });
  t.is(error!.message, `${out} is being written by gongbo build (pid ${process.ppid} on ${os.hostname()}, user ana, since 2026-11-29T03:00:00.000Z); `
    + `gave up after waiting 0.1 s. Let it finish and try again; if that process is gone, delete ${lockFileOf(out)}`);
  t.deepEqual(waited, live);
  t.is(await readFile(lockFileOf(out), 'utf8'), serializeHolder(live), 'the holder keeps its lock');
});

test('should never take over the lock of another machine, whose pids mean nothing here', async (t) => {
  const out = path.join(await tempDir(), 'dist');
  await writeFile(lockFileOf(out), serializeHolder(holder({ pid: await deadPid(), host: `not-${os.hostname()}` })));
  await t.throwsAsync(lockFolder(out, { command: 'build', wait: 0 }), { instanceOf: FolderLockedError, message: /on not-/ });
});

test('waiters racing for a dead lock should hold it one at a time', async (t) => {
  const out = path.join(await tempDir(), 'dist');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(lockFileOf(out), serializeHolder(holder({ pid: await deadPid() })));
  let inside = 0;
  let most = 0;
  let done = 0;
  await Promise.all(Array.from({ length: 6 }, async () => {
    const lock = await lockFolder(out, { command: 'build', wait: 60_000 });
    inside += 1;
    most = Math.max(most, inside);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inside -= 1;
    done += 1;
    await lock.release();
  }));
  t.is(most, 1);
  t.is(done, 6);
  t.deepEqual(await readdir(path.dirname(out)), []);
});

test('should wait for a live holder and take the lock once it is released', async (t) => {
  const out = path.join(await tempDir(), 'dist');
  const first = await lockFolder(out, { command: 'serve' });
  let told: LockHolder | undefined;
  const lock = await lockFolder(out, { command: 'build', wait: 60_000, onWait: (h) => {
    told = h;
    void first.release();
  } });
  t.is(told?.token, first.holder.token);
  t.is(told?.command, 'serve');
  t.is((JSON.parse(await readFile(lock.file, 'utf8')) as LockHolder).token, lock.holder.token);
  await lock.release();
});

test('should reject a wait that is not a number of milliseconds', async (t) => {
  await t.throwsAsync(lockFolder(path.join(await tempDir(), 'dist'), { command: 'build', wait: -1 }), {
    instanceOf: TypeError, message: 'Expected `options.wait` to be a finite number >= 0, got `-1` (number)',
  });
});
