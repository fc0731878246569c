// Runs a gongbo process in its own process group, and kills it with SIGKILL when asked.
import { readdirSync, readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { watch } from 'node:fs';

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** `true` when this harness killed it (it had not exited by itself). */
  killed: boolean;
  stdout: string;
  stderr: string;
  ms: number;
  /** Processes of its group still alive after it died (e.g. a browser it started), killed since. */
  orphans: number;
}

export interface RunningChild {
  child: ChildProcess;
  /** SIGKILL the process itself, as the OOM killer or a power cut would (not its group). */
  kill(): void;
  done: Promise<ChildRun>;
}

/** Start `node args…`; `killAfterMs` sends SIGKILL after that long. */
export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  /** Node options before the script, e.g. `--import` of a fault hook. */
  execArgv?: string[];
  killAfterMs?: number;
  cwd?: string;
}

export function startChild(args: string[], options: ChildOptions = {}): RunningChild {
  const started = performance.now();
  // Its own group, so that anything it starts can be found (and ended) after it is killed.
  const child = spawn(process.execPath, [...(options.execArgv ?? []), ...args], {
    env: { ...process.env, NO_COLOR: '1', ...options.env }, cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += String(chunk)));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  let killed = false;
  const kill = () => {
    if (child.exitCode !== null || child.signalCode !== null || killed) return;
    killed = true;
    child.kill('SIGKILL');
  };
  const timer = options.killAfterMs === undefined ? undefined : setTimeout(kill, options.killAfterMs);
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      const orphans = endGroup(child.pid!);
      resolve({ code, signal, killed: killed && signal === 'SIGKILL', stdout, stderr, ms, orphans });
    });
  });
  return { child, kill, done };
}

export function runChild(args: string[], options: ChildOptions = {}): Promise<ChildRun> {
  return startChild(args, options).done;
}

/** Whether the process group `pgid` still has members; if so, SIGKILL them (they are ours) and say so. */
function endGroup(pgid: number): number {
  try {
    process.kill(-pgid, 0);
  } catch {
    return 0;
  }
  // A child that exited when its parent died (Pagefind's service on the closed pipe, Chromium) is a
  // zombie until init reaps it: it did not outlive the build.
  if (!runningInGroup(pgid)) return 0;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
  return 1;
}

/**
 * SIGKILL `running` at the `n`th change under `dir` whose path `match`es: a kill at a random point
 * of the writes themselves, however fast or slow the machine is (a delay from the start would mostly
 * land before or after the few hundred milliseconds a process spends writing).
 */
export function killAtChange(running: RunningChild, dir: string, match: (name: string) => boolean, n: number): void {
  const counter = countChanges(dir, match, (count) => {
    if (count >= n) {
      running.kill();
      counter.stop();
    }
  });
  void running.done.finally(() => counter.stop());
}

/** Count changes under `dir` whose path `match`es; `stop` ends watching and returns the count. */
export function countChanges(dir: string, match: (name: string) => boolean, onChange?: (count: number) => void): { stop(): number } {
  let count = 0;
  const watcher = watch(dir, { recursive: true }, (_event, name) => {
    if (!name || !match(String(name))) return;
    count++;
    onChange?.(count);
  });
  return {
    stop() {
      watcher.close();
      return count;
    },
  };
}

/** Whether a process of group `pgid` is still running (not a zombie), as /proc tells; `true` without /proc. */
function runningInGroup(pgid: number): boolean {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return true;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so split after its last ')'.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}
