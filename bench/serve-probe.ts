// `gongbo serve` as a person sees it: how long until the first page is served, and how long from
// saving a notice until the open page has been told to reload and the page it reloads shows the edit.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { writeFile } from 'node:fs/promises';
import { BenchFailure, peakRssOf } from './measure.js';

export interface ServeRun {
  /** From starting `gongbo serve` until the notice's page is answered with 200. */
  firstPageMs: number;
  /** From starting `gongbo serve` until its first build is done (it may answer before, from the previous one). */
  startedMs: number;
  /** From saving the notice until a 'reload' with a new generation came AND the page shows the edit. */
  saveToReloadMs: number;
  rssKiB: number | undefined;
}

export interface ServeEdit {
  /** The notice's source file, and what to save in it. */
  file: string;
  text: string;
  /** Path of the notice's page on the server, e.g. `/ko/<id>/`. */
  page: string;
  /** Text the page shows once the edit is built. */
  expect: string;
}

const EVENTS_PATH = '/__gongbo/events';
const START_TIMEOUT_MS = 15 * 60_000;
// Only there so a stuck server cannot hang the bench: today's engine rebuilds 2,000 notices in minutes.
const RELOAD_TIMEOUT_MS = 15 * 60_000;

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (d: string) => { body += d; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** Server-sent events as they arrive: each `{event, data}` goes to `onEvent` (also used by serve's tests). */
export function listenEvents(url: string, onEvent: (event: string, data: string) => void): { close: () => void } {
  const request = http.get(url, (response) => {
    let buffer = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length > 0) onEvent(event, data.join('\n'));
      }
    });
  });
  request.on('error', () => { /* closed by us, or the server stopped: the waits below time out */ });
  return { close: () => request.destroy() };
}

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new BenchFailure(`gongbo serve: ${what} took over ${ms / 1000} s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Start `gongbo serve --port 0` on `site`, wait for the notice's page, open the events stream, save
 * the edit and time it. The server is stopped before this returns, whatever happens.
 */
export async function probeServe(gongboBin: string, site: string, edit: ServeEdit): Promise<ServeRun> {
  const started = performance.now();
  // Spawned directly (not under /usr/bin/time), so that its own peak RSS can be read before it stops.
  const child = spawn(process.execPath, [gongboBin, 'serve', '--port', '0', '--quiet', '--cwd', site], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  const failed = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => reject(new BenchFailure(`gongbo serve stopped (exit code ${code ?? signal}) before the bench was done:\n${output.trimEnd()}`)));
    child.once('error', (error) => reject(new BenchFailure(`gongbo serve could not start: ${error.message}`)));
  });
  failed.catch(() => { /* read through the races below */ });
  let events: { close: () => void } | undefined;
  try {
    const base = await within(START_TIMEOUT_MS, 'starting', Promise.race([failed, new Promise<string>((resolve) => {
      const seen = (d: Buffer) => {
        output += d.toString();
        const match = /Serving (http:\/\/[^\s/]+\/)/.exec(output);
        if (match) resolve(match[1]!);
      };
      child.stdout!.on('data', seen);
      child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
    })]));
    const pageUrl = new URL(edit.page, base).href;
    const first = await Promise.race([failed, get(pageUrl)]);
    if (first.status !== 200) throw new BenchFailure(`gongbo serve answered ${first.status} for ${pageUrl}:\n${first.body.slice(0, 500)}`);
    const firstPageMs = performance.now() - started;

    // The stream first tells the generation now served; a save must bring a newer one. While serve
    // is still starting (answering from its previous build), the save waits for its first build: a
    // save made during that build would time the build, not the save.
    let current: number | undefined;
    let starting = false;
    let onReload: ((generation: number) => void) | undefined;
    const connected = new Promise<void>((resolve) => {
      events = listenEvents(new URL(EVENTS_PATH, base).href, (event, data) => {
        if (event !== 'reload') return;
        const parsed = JSON.parse(data) as { generation: number; starting?: boolean };
        if (current === undefined || starting) {
          starting = current === undefined && parsed.starting === true;
          current = parsed.generation;
          if (!starting) resolve();
        } else onReload?.(parsed.generation);
      });
    });
    await within(START_TIMEOUT_MS, 'opening the events stream and starting', Promise.race([failed, connected]));
    const startedMs = performance.now() - started;
    const reloaded = new Promise<void>((resolve) => {
      onReload = (generation) => { if (generation !== current) resolve(); };
    });
    const saved = performance.now();
    await writeFile(edit.file, edit.text);
    await within(RELOAD_TIMEOUT_MS, 'sending a reload after the save', Promise.race([failed, reloaded]));
    // The page the browser reloads must show the edit; a reload that serves the old page is no reload.
    for (;;) {
      const page = await Promise.race([failed, get(pageUrl)]);
      if (page.status === 200 && page.body.includes(edit.expect)) break;
      if (performance.now() - saved > RELOAD_TIMEOUT_MS) throw new BenchFailure(`gongbo serve: ${pageUrl} did not show "${edit.expect}" ${RELOAD_TIMEOUT_MS / 1000} s after the save and the reload event`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const saveToReloadMs = performance.now() - saved;
    return { firstPageMs, startedMs, saveToReloadMs, rssKiB: child.pid !== undefined ? peakRssOf(child.pid) : undefined };
  } finally {
    events?.close();
    child.removeAllListeners('exit');
    await stop(child);
  }
}
