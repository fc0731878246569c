// Shared test helpers: fixture paths, temporary sites and folders, reading what a build wrote.
import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { main } from '../src/cli.js';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `test/fixtures/` in the source tree (tests run from `lib/test/`). */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures');

/**
 * The sample notices in the repository's `notices/` that tests build on, by id: a notice an author
 * adds there while trying gongbo (the README's build reads that folder) must not change what the
 * tests expect, nor one with an error in it fail them.
 */
export const SAMPLE_NOTICES = [
  '2026-03-12-national-ai-research-hub-call',
  '2026-05-20-ai-semiconductor-investment-results',
  '2026-07-08-data-center-safety-inspection',
  '2026-08-19-quantum-testbed-pilot',
  '2026-10-02-digital-inclusion-week',
  '2027-01-15-2027-rnd-budget-plan',
] as const;

/** One folder per test process holds every temporary folder, and goes when the process ends. */
const ROOT = mkdtempSync(path.join(os.tmpdir(), 'gongbo-tests-'));
process.on('exit', () => rmSync(ROOT, { recursive: true, force: true }));

/**
 * A fresh copy of `test/fixtures/<name>` for one test: a build writes its cache into the site, and
 * a test building the fixture in place raced with another copying it (a cache file vanished mid-copy).
 */
export function fixture(name: string): string {
  const copy = path.join(mkdtempSync(path.join(ROOT, `${name}-`)), name);
  cpSync(path.join(FIXTURES, name), copy, { recursive: true, filter: (from) => !/(?:^|[\\/])(?:\.gongbo-cache|dist|\.dist\.[^\\/]*)$/.test(path.relative(FIXTURES, from)) });
  return copy;
}

export async function tempDir(prefix = 'gongbo-test-'): Promise<string> {
  return mkdtemp(path.join(ROOT, prefix));
}

export const NOW = new Date('2026-11-29T12:00:00+09:00');

export async function readText(dir: string, file: string): Promise<string> {
  return readFile(path.join(dir, file), 'utf8');
}

/** A minimal config for throwaway sites. */
export const CONFIG = `site:
  url: https://example.go.kr/news/
  publisher: { ko: 시험부, en: Ministry of Testing }
categories: [press-release, notice]
mirrors:
  beta: { url: "file:mirrors/beta/", public_url: "https://beta.example.kr/" }
`;

/** Write a site from a map of relative paths to contents; returns its folder. */
export async function writeSite(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('gongbo-site-');
  for (const [name, content] of Object.entries({ 'gongbo.config.yaml': CONFIG, ...files })) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

/** A valid front matter block with `overrides` replacing or adding lines (`key: value` text). */
export function frontMatter(overrides: Record<string, string | null> = {}, body = '본문입니다.'): string {
  const fields: Record<string, string | null> = {
    title: '시험 보도자료',
    date: '2026-05-13T12:00:00+09:00',
    department: '시험정책과',
    category: 'press-release',
    ...overrides,
  };
  const lines = Object.entries(fields).filter(([, v]) => v !== null).map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join('\n')}\n---\n${body}\n`;
}

/** Every file under `dir`, relative to it with `/`, sorted. */
export async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

/** `listFiles`, at once: none when `dir` does not exist (a mirror nothing was pushed to yet). */
export function listFilesSync(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFilesSync(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  }).sort();
}

/** Listen on a free loopback port; resolves to the port. */
export async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Close `server` now, keep-alive connections included. */
export function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The pid of a process that has exited. */
export async function deadPid(): Promise<number> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** A stream that keeps what is written to it, as text. */
export function capture() {
  let text = '';
  const stream = new Writable({ write(chunk, _encoding, done) { text += String(chunk); done(); } });
  return { stream, text: () => text };
}

/** Run the `gongbo` command in this process (empty environment unless given): exit code, stdout, stderr. */
export async function runMain(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = capture();
  const stderr = capture();
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * A WebSub hub on loopback: `pings` as `METHOD content-type body`, one per request, and `feeds`,
 * the `hub.url` of each publish ping, in order.
 */
export async function startHub() {
  const pings: string[] = [];
  const feeds: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += String(chunk)));
    req.on('end', () => {
      pings.push(`${req.method} ${req.headers['content-type']} ${body}`);
      const form = new URLSearchParams(body);
      if (req.method === 'POST' && form.get('hub.mode') === 'publish') feeds.push(form.get('hub.url') ?? '');
      res.writeHead(204).end();
    });
  });
  return { pings, feeds, port: await listen(server), close: () => close(server) };
}
