// Running one build as a child process: its wall time, its peak memory, and its output when it fails.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A build in the bench failed: the bench prints this and exits 1. */
export class BenchFailure extends Error {}

export interface Run {
  ms: number;
  /** Peak resident set size in KiB, when it could be measured. */
  rssKiB: number | undefined;
}

const GNU_TIME = '/usr/bin/time';

/**
 * GNU time reports the peak RSS the kernel recorded for the child (and for any process it waited
 * for): exact, whatever the child does. Without it, polling /proc is the fallback.
 */
export const rssMethod: 'gnu-time' | 'proc-poll' | 'none' = (() => {
  const probe = spawnSync(GNU_TIME, ['-f', '%M', '-o', '/dev/null', 'true'], { stdio: 'ignore' });
  if (probe.status === 0) return 'gnu-time';
  try {
    readFileSync('/proc/self/status');
    return 'proc-poll';
  } catch {
    return 'none';
  }
})();

export function describeRssMethod(): string {
  return {
    'gnu-time': 'peak RSS from /usr/bin/time -f %M (the kernel\'s maxrss of the build process)',
    'proc-poll': 'peak RSS by polling /proc/<pid>/status VmHWM of the build\'s process tree every 20 ms (sum of each process\'s peak)',
    none: 'peak RSS not measured (no /usr/bin/time, no /proc)',
  }[rssMethod];
}

/** The peak RSS (VmHWM) of a live process, in KiB. */
export function peakRssOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // the process has exited
  }
  return tasks.flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

/** Follow a process tree while it runs; each process's peak, summed. */
function pollTree(root: number): { stop: () => number | undefined } {
  const peaks = new Map<number, number>();
  const sample = () => {
    const queue = [root];
    while (queue.length > 0) {
      const pid = queue.pop()!;
      const peak = peakRssOf(pid);
      if (peak !== undefined) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, peak));
      queue.push(...childrenOf(pid));
    }
  };
  sample();
  const timer = setInterval(sample, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return peaks.size > 0 ? [...peaks.values()].reduce((a, b) => a + b, 0) : undefined;
    },
  };
}

let timeDir: string | undefined;

/**
 * Run `command args` in `cwd`, timing it from spawn to exit. Output is kept and shown only when the
 * command fails, which throws a `BenchFailure`.
 */
export async function runBuild(label: string, command: string, args: string[], cwd: string): Promise<Run> {
  timeDir ??= await mkdtemp(path.join(os.tmpdir(), 'gongbo-bench-time-'));
  const rssFile = path.join(timeDir, 'rss');
  await rm(rssFile, { force: true });
  const [file, argv] = rssMethod === 'gnu-time' ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const poll = rssMethod === 'proc-poll' && child.pid !== undefined ? pollTree(child.pid) : undefined;
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c));
  }).catch((error: Error) => {
    throw new BenchFailure(`${label}: could not start ${command}: ${error.message}`);
  });
  const ms = performance.now() - started;
  const polled = poll?.stop();
  if (code !== 0) {
    throw new BenchFailure(`${label} failed (exit code ${code}): ${command} ${args.join(' ')}\n  in ${cwd}\n${output.trimEnd()}`);
  }
  let rssKiB = polled;
  if (rssMethod === 'gnu-time') {
    // GNU time writes a "Command exited with non-zero status" line first on failure; the last line is %M.
    const last = (await readFile(rssFile, 'utf8').catch(() => '')).trim().split('\n').pop();
    rssKiB = last && /^\d+$/.test(last) ? Number(last) : undefined;
  }
  return { ms, rssKiB };
}

export async function cleanUpMeasuring(): Promise<void> {
  if (timeDir) await rm(timeDir, { recursive: true, force: true });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Whether `hugo` runs, and its version line. */
export function findHugo(): string | undefined {
  const probe = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}
