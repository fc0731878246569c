// The push protocol for one mirror: read its state, plan, upload in waves, delete, write the manifest last.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MirrorConfig } from '../model.js';
import { MANIFEST, type Manifest } from '../write/write-site.js';
import { isSubscriptionDocument, planPush, serializeManifest, type PlannedUpload, type PushPlan } from './plan-push.js';
import { JOURNAL, parseJournal, PushJournal, type JournalState } from './push-journal.js';
import { acquireMirrorLock, LOCK, removeStaleLock, type HeldLock, type LockTiming } from './mirror-lock.js';
import { MirrorError } from './push-errors.js';
import { targetLabel } from './format-push.js';
import { errorParam } from '../i18n/phrased-error.js';
import { phrase, render, type Phrase } from '../i18n/say.js';
import { pingHubs } from './ping-hubs.js';
import { runPool } from './run-pool.js';
import type { MirrorFile } from './select-mirror-files.js';
import type { MirrorTransport, RetryNotice } from './transport.js';

/** What a push reports while it runs. Every text in it is free of secrets; `message` is English, `said` any language. */
export type PushEvent =
  | { type: 'plan'; mirror: string; plan: PushPlan; dryRun: boolean }
  | { type: 'file'; mirror: string; action: 'upload' | 'delete' | 'manifest'; path: string; bytes: number; done: number; total: number }
  | { type: 'retry'; mirror: string; notice: RetryNotice }
  | { type: 'warning'; mirror: string; message: string; said: Phrase }
  /** Another push holds the mirror's lock: this one waits (said once). */
  | { type: 'waiting'; mirror: string; message: string; said: Phrase }
  | { type: 'done'; mirror: string; result: MirrorPushResult };

export interface MirrorPushResult {
  mirror: string;
  /** Where the mirror is, without credentials. */
  location: string;
  ok: boolean;
  dryRun: boolean;
  /** What push meant to change (what `--dry-run` prints); absent when the mirror could not be read. */
  plan?: PushPlan;
  /** Files sent (the manifest not counted). */
  uploaded: number;
  deleted: number;
  unchanged: number;
  /** Bytes of the files sent, the manifest and journal not counted. */
  bytes: number;
  ms: number;
  /** Feed URLs announced to the WebSub hubs. */
  pinged: string[];
  /** In English; the `warning` events carry them in any language. */
  warnings: string[];
  /** Why the push of this mirror failed; its message names the mirror and holds no secret. */
  error?: MirrorError;
}

export interface PushMirrorOptions {
  mirror: MirrorConfig;
  /** What the mirror should hold, from `selectMirrorFiles`. */
  files: readonly MirrorFile[];
  /** The built site the files are read from. */
  distDir: string;
  transport: MirrorTransport;
  /** WebSub hubs to ping when a subscription feed changed. */
  hubs: readonly string[];
  dryRun: boolean;
  /** Requests in flight at once. */
  concurrency: number;
  /** Least time between two journal writes. */
  journalIntervalMs: number;
  hubTimeoutMs?: number | undefined;
  /** How long to wait for another push's lock, and when a lock is stale. */
  lock: LockTiming;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: PushEvent) => void) | undefined;
}

/** Push one mirror. Never rejects: a failure is `result.error`, so the other mirrors carry on. */
export async function pushMirror(options: PushMirrorOptions): Promise<MirrorPushResult> {
  const { mirror, transport, files } = options;
  const started = performance.now();
  const emit = (event: PushEvent) => options.onEvent?.(event);
  const result: MirrorPushResult = {
    mirror: mirror.name, location: transport.location, ok: false, dryRun: options.dryRun,
    uploaded: 0, deleted: 0, unchanged: 0, bytes: 0, ms: 0, pinged: [], warnings: [],
  };
  const target = targetLabel(mirror.name);
  const warn = (said: Phrase) => {
    const message = render(said, 'en');
    result.warnings.push(message);
    emit({ type: 'warning', mirror: mirror.name, message, said });
  };
  let lock: HeldLock | undefined;
  try {
    // Warnings about what the mirror holds are said once, from the read the push goes by.
    const early: Phrase[] = [];
    let { plan, journalBytes, held, state } = await readMirror(options, (said) => early.push(said));
    result.plan = plan;
    result.unchanged = plan.unchanged.length;
    if (options.dryRun) {
      early.forEach(warn);
      emit({ type: 'plan', mirror: mirror.name, plan, dryRun: true });
      return finish(result, started, emit);
    }
    const leftovers = await transport.findLeftovers?.() ?? [];
    if (needsWrites(plan, journalBytes) || leftovers.length > 0) {
      // A push with nothing to send writes nothing, not even a lock. One that writes holds the
      // lock, and reads the mirror again under it: another push may have changed it meanwhile.
      lock = await acquireMirrorLock({
        mirror: mirror.name, transport, timing: options.lock, signal: options.signal,
        onWait: (said) => emit({ type: 'waiting', mirror: mirror.name, message: render(said, 'en'), said }),
        onTakeover: warn,
      });
      // Only pushes write these names, and none but this one runs: they are leftovers of killed pushes.
      for (const file of await transport.findLeftovers?.() ?? []) await transport.delete(file);
      let unsure: string[];
      ({ plan, journalBytes, held, state, unsure } = await readMirror(options, warn));
      // A journal means a push was cut off: any of the files it had not finished, and the manifest
      // it writes last, may have been caught halfway to its temporary name.
      if (journalBytes) await transport.dropUploads?.([...unsure, MANIFEST]);
      result.plan = plan;
      result.unchanged = plan.unchanged.length;
    } else {
      early.forEach(warn);
      // A push killed after its last change, or that could not remove its lock, left only the lock:
      // its rerun has nothing to send, and would otherwise leave the partner's mirror locked.
      await removeStaleLock({ mirror: mirror.name, transport, timing: options.lock, onRemoved: warn });
    }
    emit({ type: 'plan', mirror: mirror.name, plan, dryRun: false });

    const uploads = plan.waves.flat();
    const total = uploads.length + plan.delete.length + (plan.writeManifest ? 1 : 0);
    let done = 0;
    const changes = uploads.length + plan.delete.length > 0;
    const planned: Record<string, string | null> = {};
    for (const u of uploads) planned[u.file.path] = u.file.sha256;
    for (const p of plan.delete) planned[p] = null;
    // What this push learnt beyond the manifest (from an earlier journal, or by verifying) must
    // survive another interruption: the manifest is still the one of before.
    const known: Record<string, string | null> = {};
    for (const [file, sha] of state) if (held.files.get(file) !== sha) known[file] = sha;
    for (const file of held.files.keys()) if (!state.has(file)) known[file] = null;
    const log = new PushJournal(transport, { known, planned }, options.journalIntervalMs);
    if (changes) await log.begin();

    for (const wave of plan.waves) {
      await runPool(wave, options.concurrency, async (upload) => {
        lock?.check();
        const data = await readBuilt(options.distDir, upload, mirror.name);
        await transport.put(upload.file.path, data);
        log.record(upload.file.path);
        result.uploaded++;
        result.bytes += data.byteLength;
        emit({ type: 'file', mirror: mirror.name, action: 'upload', path: upload.file.path, bytes: data.byteLength, done: ++done, total });
      });
      // runPool returns once the whole wave has arrived, so the next wave may link to any of it.
    }
    // Feeds and listings that go, before the pages they name (see deleteWaves).
    for (const wave of plan.deleteWaves) {
      await runPool(wave, options.concurrency, async (file) => {
        lock?.check();
        await transport.delete(file);
        log.record(file);
        result.deleted++;
        emit({ type: 'file', mirror: mirror.name, action: 'delete', path: file, bytes: 0, done: ++done, total });
      });
    }
    if (plan.delete.length > 0) await transport.prune?.(emptiedFolders(plan.delete, files));
    if (plan.writeManifest) {
      lock?.check();
      const bytes = Buffer.from(serializeManifest(plan.manifest), 'utf8');
      await transport.put(MANIFEST, bytes);
      emit({ type: 'file', mirror: mirror.name, action: 'manifest', path: MANIFEST, bytes: bytes.byteLength, done: ++done, total });
    }
    if (changes || journalBytes) await log.finish();

    const feeds = uploads.filter((u) => u.file.feed && isSubscriptionDocument(u.file.path)).map((u) => new URL(u.file.path, mirror.publicUrl).href);
    if (feeds.length > 0 && options.hubs.length > 0) {
      for (const warning of await pingHubs({ hubs: options.hubs, feeds, timeoutMs: options.hubTimeoutMs, signal: options.signal })) warn(warning);
      result.pinged = feeds;
    }
    result.ok = true;
  } catch (error) {
    result.error = error instanceof MirrorError
      ? error
      : new MirrorError(mirror.name, 'io', phrase('push.failed', { target, message: errorParam(error) }), { cause: error });
  } finally {
    try {
      await lock?.release();
    } catch (error) {
      if (result.ok) {
        // Every file arrived, but a lock left on the mirror makes the next push wait, or refuse: not done yet.
        result.ok = false;
        result.error = new MirrorError(mirror.name, error instanceof MirrorError ? error.kind : 'io',
          phrase('push.lock.notReleased', { target, path: transport.lock.path, message: errorParam(error) }), { cause: error });
      } else {
        warn(phrase('push.lock.notRemoved', { target, path: transport.lock.path, message: errorParam(error) }));
      }
    }
  }
  return finish(result, started, emit);
}

/** What the mirror holds, by its manifest and any journal of an interrupted push, and the plan from there. */
async function readMirror(options: PushMirrorOptions, warn: (said: Phrase) => void) {
  const { mirror, transport, files } = options;
  const [manifestBytes, journalBytes] = await Promise.all([transport.get(MANIFEST), transport.get(JOURNAL)]);
  const held = readRemoteManifest(manifestBytes, mirror.name, warn);
  let journal = parseJournal(journalBytes);
  if (journalBytes && !journal) {
    // Cut short while being written: a push was interrupted, but what it did is unknown. Every
    // file the manifest doesn't vouch for is checked on the mirror rather than sent blindly.
    warn(phrase('push.journalUnreadable', { target: targetLabel(mirror.name), journal: JOURNAL }));
    journal = { known: {}, done: [], planned: Object.fromEntries(files.filter((f) => held.files.get(f.path) !== f.sha256).map((f) => [f.path, f.sha256])) };
  }
  const state = new Map(held.files);
  const unsure = journal ? await applyJournal(journal, state, files, options) : [];
  const plan = planPush(files, { files: state, manifestText: journal ? undefined : held.text });
  refuseLostPdfs(mirror.name, plan.delete, files);
  return { plan, journalBytes, held, state, unsure };
}

/** `<lang>/<id>/<id>.<lang>.pdf` and its social card `….card.png`. */
const NOTICE_PRINT = /^([a-z]{2})\/([^/]+)\/\2\.\1\.(pdf|card\.png)$/;

/**
 * A build made with `--no-pdf` (or `--no-cards`) has no PDF or card for notices whose pages it has:
 * pushed, it would delete the partner's PDFs of notices that are still published. Refused before
 * anything is written; a notice that is gone takes its PDF with it as usual.
 */
function refuseLostPdfs(mirror: string, deletions: readonly string[], files: readonly MirrorFile[]): void {
  const pages = new Set(files.map((f) => f.path));
  const lost = deletions.filter((file) => {
    const match = NOTICE_PRINT.exec(file);
    return match !== null && pages.has(`${match[1]}/${match[2]}/index.html`);
  });
  if (lost.length === 0) return;
  throw new MirrorError(mirror, 'config', phrase('push.lostPdfs', { target: targetLabel(mirror), files: lost.length, example: lost[0]! }));
}

function needsWrites(plan: PushPlan, journalBytes: Uint8Array | undefined): boolean {
  return plan.waves.length > 0 || plan.delete.length > 0 || plan.writeManifest || journalBytes !== undefined;
}

function finish(result: MirrorPushResult, started: number, emit: (event: PushEvent) => void): MirrorPushResult {
  if (result.dryRun && !result.error) result.ok = true;
  result.ms = performance.now() - started;
  emit({ type: 'done', mirror: result.mirror, result });
  return result;
}

/** A path a manifest from the mirror may name: anything else would reach outside the mirror. */
function isSafePath(file: string): boolean {
  return file !== MANIFEST && file !== JOURNAL && file.split('/')[0] !== LOCK && !file.startsWith('/') && !file.includes('\\')
    && file.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

function readRemoteManifest(bytes: Uint8Array | undefined, mirror: string, warn: (said: Phrase) => void): { files: Map<string, string>; text: string | undefined } {
  if (!bytes) return { files: new Map(), text: undefined };
  const text = Buffer.from(bytes).toString('utf8');
  try {
    const manifest = JSON.parse(text) as Manifest;
    if (manifest.version !== 1 || !Array.isArray(manifest.files)) throw new Error('not a version 1 manifest');
    const files = new Map<string, string>();
    for (const entry of manifest.files) {
      if (typeof entry?.path === 'string' && typeof entry.sha256 === 'string' && isSafePath(entry.path)) files.set(entry.path, entry.sha256);
      else warn(phrase('push.manifestEntry', { target: targetLabel(mirror), manifest: MANIFEST }));
    }
    return { files, text };
  } catch {
    warn(phrase('push.manifestUnreadable', { target: targetLabel(mirror), manifest: MANIFEST }));
    return { files: new Map(), text: undefined };
  }
}

/**
 * Bring `state` up to date with an interrupted push: what its journal says arrived is held; what
 * it planned but never recorded may or may not have arrived, so it is checked on the mirror (size
 * first, then content) instead of being sent again. Returns those unrecorded files.
 */
async function applyJournal(journal: JournalState, state: Map<string, string>, files: readonly MirrorFile[], options: PushMirrorOptions): Promise<string[]> {
  for (const [file, sha] of Object.entries(journal.known)) {
    if (!isSafePath(file)) continue;
    if (sha === null) state.delete(file);
    else if (typeof sha === 'string') state.set(file, sha);
  }
  const done = new Set(journal.done);
  for (const file of done) {
    if (!isSafePath(file) || !(file in journal.planned)) continue;
    const sha = journal.planned[file];
    if (sha === null || sha === undefined) state.delete(file);
    else state.set(file, sha);
  }
  const wanted = new Map(files.map((f) => [f.path, f]));
  const unsure = Object.keys(journal.planned).filter((p) => !done.has(p) && isSafePath(p));
  await runPool(unsure, options.concurrency, async (file) => {
    const want = wanted.get(file);
    // An empty hash marks "something may be there": planPush deletes it or sends the built one.
    if (!want) return void state.set(file, '');
    const stat = await options.transport.head(file);
    if (!stat) return void state.delete(file);
    if (stat.size !== undefined && stat.size !== want.size) return void state.set(file, '');
    const bytes = await options.transport.get(file);
    if (!bytes) return void state.delete(file);
    state.set(file, createHash('sha256').update(bytes).digest('hex'));
  });
  return unsure;
}

async function readBuilt(distDir: string, upload: PlannedUpload, mirror: string): Promise<Uint8Array> {
  const source = path.join(distDir, ...upload.file.source.split('/'));
  let data: Buffer;
  try {
    data = await readFile(source);
  } catch (error) {
    throw new MirrorError(mirror, 'io', phrase('push.builtUnreadable', { target: targetLabel(mirror), file: upload.file.source, code: (error as NodeJS.ErrnoException).code ?? 'error' }), { cause: error });
  }
  // A build swapping dist/ in during the push would mix two sites on the mirror: stop instead.
  if (createHash('sha256').update(data).digest('hex') !== upload.file.sha256) {
    throw new MirrorError(mirror, 'io', phrase('push.builtChanged', { target: targetLabel(mirror), file: upload.file.source }));
  }
  return data;
}

/** Folders of deleted files that hold none of the files the mirror keeps. */
function emptiedFolders(deleted: readonly string[], kept: readonly MirrorFile[]): string[] {
  const ancestors = (file: string) => file.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  const keep = new Set(kept.flatMap((f) => ancestors(f.path)));
  return [...new Set(deleted.flatMap(ancestors))].filter((dir) => !keep.has(dir));
}
