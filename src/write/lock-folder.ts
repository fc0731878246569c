// One writer at a time: a lock file beside a folder names its holder, and is taken over when that holder died.
import { randomBytes } from 'node:crypto';
import { rmSync, readFileSync } from 'node:fs';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PhrasedError } from '../i18n/phrased-error.js';
import { phrase, render, type Phrase } from '../i18n/say.js';
import type { Locale } from '../model.js';

/** Who holds a lock, as written in the lock file. */
export interface LockHolder {
  /** The gongbo command holding it: `build`, `serve`, `push`. */
  command: string;
  /** The user running it. */
  owner: string;
  host: string;
  pid: number;
  /** When the lock was taken, ISO 8601. */
  since: string;
  /** Makes each lock file's text unique, so a takeover removes exactly the lock it judged stale. */
  token: string;
}

/** A lock stayed held by a live process for longer than the caller would wait. */
export class FolderLockedError extends PhrasedError {
  override name = 'FolderLockedError';
  constructor(said: Phrase, readonly lockFile: string, readonly holder: LockHolder | undefined) {
    super(said);
  }
}

export interface FolderLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Delete the lock file, if it is still this lock's. Safe to call twice. */
  release(): Promise<void>;
}

export interface LockFolderOptions {
  /** Named in the lock file and in the message a waiting process prints. */
  command: string;
  /** Milliseconds to wait for a live holder before giving up. Default `30_000`; `0` gives up at once. */
  wait?: number;
  /** Called once, when the lock is held by another live process and waiting begins. */
  onWait?: (holder: LockHolder | undefined) => void;
}

/**
 * A lock file whose text cannot be read is one being written (or whose writer was killed between
 * creating and filling it): after this long it is taken for a dead one.
 */
const UNREADABLE_GRACE_MS = 10_000;
const MAX_POLL_MS = 500;

/** Lock texts this process holds (locks and takeover guards), released on exit at the latest. */
const held = new Map<string, string>();
const heldTokens = new Set<string>();
let exitHook = false;

/** The lock file of `folder`: `.<name>.lock` beside it, so replacing the folder whole leaves it alone. */
export function lockFileOf(folder: string): string {
  const resolved = path.resolve(folder);
  return path.join(path.dirname(resolved), `.${path.basename(resolved)}.lock`);
}

export function createHolder(command: string): LockHolder {
  let owner = '';
  try {
    owner = os.userInfo().username;
  } catch {
    // No user name (a uid without a passwd entry, as in some containers): the pid and host still say who.
  }
  return { command, owner, host: os.hostname(), pid: process.pid, since: new Date().toISOString(), token: randomBytes(8).toString('hex') };
}

export function serializeHolder(holder: LockHolder): string {
  return `${JSON.stringify(holder)}\n`;
}

/** The holder a lock file's text names, or `undefined` when it is not one (being written, damaged). */
export function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.command === 'string' && typeof value.host === 'string' && Number.isInteger(value.pid)
      && typeof value.since === 'string' && typeof value.token === 'string') {
      return { owner: '', ...value } as LockHolder;
    }
  } catch {
    // Not JSON: fall through.
  }
  return undefined;
}

/** `true` when a process `pid` runs on this machine (one we may not signal still runs). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A holder is stale when it ran on this machine and its process is gone. Our own pid counts as gone
 * unless this process holds that very lock: in containers a killed build's pid is often the next
 * build's. A holder on another machine is never judged stale: its pid means nothing here.
 */
export function isStale(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return false;
  if (holder.pid === process.pid) return !heldTokens.has(holder.token);
  return !isProcessAlive(holder.pid);
}

/** "gongbo build (pid 123 on host, user ana, since 2026-…)", as a message parameter. */
export function holderPhrase(holder: LockHolder): Phrase {
  const said = { command: holder.command, pid: holder.pid, host: holder.host, since: holder.since };
  return holder.owner ? phrase('folderLock.holderOf', { ...said, owner: holder.owner }) : phrase('folderLock.holder', said);
}

/** The holder in `locale`, for messages. */
export function describeHolder(holder: LockHolder, locale: Locale = 'en'): string {
  return render(holderPhrase(holder), locale);
}

/** Create `file` holding `text` only if it does not exist; `false` when it does. */
export async function createLockFile(file: string, text: string): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true });
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  return true;
}

/** The lock file's text and the holder it names; `undefined` when there is no lock file. */
export async function readLockFile(file: string): Promise<{ text: string; holder: LockHolder | undefined } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return { text, holder: parseHolder(text) };
}

async function isDead(file: string, lock: { text: string; holder: LockHolder | undefined }): Promise<boolean> {
  if (lock.holder) return isStale(lock.holder);
  try {
    return Date.now() - (await stat(file)).mtimeMs > UNREADABLE_GRACE_MS;
  } catch {
    return false;
  }
}

/**
 * Create `file` as ours. The token counts as held before the file exists: another waiter of this
 * process that reads the new file must see a live holder, not a dead one with our pid.
 */
async function claim(file: string, text: string, token: string): Promise<boolean> {
  heldTokens.add(token);
  let created = false;
  try {
    created = await createLockFile(file, text);
  } finally {
    if (!created) heldTokens.delete(token);
  }
  if (created) remember(file, text);
  return created;
}

function remember(file: string, text: string): void {
  held.set(file, text);
  if (exitHook) return;
  exitHook = true;
  // Finally blocks do not run on process.exit(): drop what we still hold, so no one waits for a dead lock.
  process.once('exit', () => {
    for (const [lockFile, lockText] of held) {
      try {
        if (readFileSync(lockFile, 'utf8') === lockText) rmSync(lockFile, { force: true });
      } catch {
        // Already gone.
      }
    }
  });
}

function forget(file: string, token: string): void {
  held.delete(file);
  heldTokens.delete(token);
}

async function removeIfStill(file: string, text: string): Promise<void> {
  const current = await readLockFile(file).catch(() => undefined);
  if (current?.text === text) await rm(file, { force: true });
}

/**
 * Remove the dead lock whose text is `deadText`. Waiters race here, so one at a time goes through a
 * guard file (itself create-if-absent) and removes the lock only if it is still the dead one: a
 * waiter that read the dead lock late must not remove the live lock another waiter just took.
 */
async function takeOver(file: string, deadText: string, command: string): Promise<void> {
  const guard = `${file}.takeover`;
  const holder = createHolder(command);
  const text = serializeHolder(holder);
  if (!(await claim(guard, text, holder.token))) {
    // A waiter killed in the middle of a takeover leaves its guard: remove it once it is dead too.
    const other = await readLockFile(guard);
    if (other && (await isDead(guard, other))) await removeIfStill(guard, other.text);
    return;
  }
  try {
    await removeIfStill(file, deadText);
  } finally {
    await rm(guard, { force: true });
    forget(guard, holder.token);
  }
}

/**
 * Lock `folder` for writing: create its lock file if absent; if a live process holds it, wait up to
 * `options.wait` ms for it to go, then throw a FolderLockedError naming the holder; if a dead one
 * does, take it over.
 */
export async function lockFolder(folder: string, options: LockFolderOptions): Promise<FolderLock> {
  const wait = options.wait ?? 30_000;
  if (!(typeof wait === 'number' && Number.isFinite(wait) && wait >= 0)) {
    throw new TypeError(`Expected \`options.wait\` to be a finite number >= 0, got \`${String(wait)}\` (${typeof wait})`);
  }
  const file = lockFileOf(folder);
  const deadline = Date.now() + wait;
  let delay = 25;
  let told = false;
  for (;;) {
    const holder = createHolder(options.command);
    const text = serializeHolder(holder);
    if (await claim(file, text, holder.token)) {
      let released: Promise<void> | undefined;
      return {
        file,
        holder,
        release() {
          released ??= removeIfStill(file, text).finally(() => forget(file, holder.token));
          return released;
        },
      };
    }
    const current = await readLockFile(file);
    if (!current) continue; // released between our attempt and our look: try again
    if (await isDead(file, current)) {
      await takeOver(file, current.text, options.command);
      continue;
    }
    // Told before giving up too: on a busy machine the first look can outlast a short wait.
    if (!told && wait > 0) {
      told = true;
      options.onWait?.(current.holder);
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const holder = current.holder ? holderPhrase(current.holder) : phrase('folderLock.unreadable');
      throw new FolderLockedError(
        phrase('folderLock.gaveUp', { folder, holder, seconds: Number((wait / 1000).toFixed(1)), file }),
        file, current.holder,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, remaining)));
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
}
