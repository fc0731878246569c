// Runs a gongbo process in its own process group, and kills it with SIGKILL when asked.
import { lstatSync, readdirSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

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
      void endGroup(child.pid!).then((orphans) => resolve({ code, signal, killed: killed && signal === 'SIGKILL', stdout, stderr, ms, orphans }));
    });
  });
  return { child, kill, done };
}

export function runChild(args: string[], options: ChildOptions = {}): Promise<ChildRun> {
  return startChild(args, options).done;
}

/** How long a child of a killed gongbo may take to notice its closed pipe and exit on its own. */
const ORPHAN_GRACE_MS = 2000;

/**
 * Whether the process group `pgid` still has members once they had `ORPHAN_GRACE_MS` to exit; if
 * so, SIGKILL them (they are ours) and say so.
 */
async function endGroup(pgid: number): Promise<number> {
  try {
    process.kill(-pgid, 0);
  } catch {
    return 0;
  }
  // A child that exits when its parent dies (Pagefind's service on the closed pipe, Chromium) does
  // so a few milliseconds later, then is a zombie until init reaps it: it did not outlive the build.
  const until = performance.now() + ORPHAN_GRACE_MS;
  while (runningInGroup(pgid)) {
    if (performance.now() > until) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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

/**
 * Count changes under `dir` whose path `match`es; `stop` ends watching and returns the count.
 * One plain watcher per folder rather than `fs.watch`'s `recursive`: on Linux, Node 20 walks a new
 * folder with `readdirSync` outside any callback, so a folder that appears and vanishes at once (the
 * build's temp and spare folders do) throws an uncaught ENOENT that kills the harness.
 */
export function countChanges(dir: string, match: (name: string) => boolean, onChange?: (count: number) => void): { stop(): number } {
  let count = 0;
  let stopped = false;
  const watchers = new Map<string, FSWatcher>();
  const follow = (folder: string) => {
    if (stopped || watchers.has(folder)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, (_event, name) => {
        if (!name) return;
        const full = path.join(folder, String(name));
        const relative = path.relative(dir, full);
        if (match(relative)) {
          count++;
          onChange?.(count);
        }
        if (isFolder(full)) follow(full);
      });
    } catch {
      return; // gone before it could be watched
    }
    watcher.on('error', () => watchers.delete(folder));
    watchers.set(folder, watcher);
    let names: string[] = [];
    try {
      names = readdirSync(folder);
    } catch {
      // gone meanwhile
    }
    for (const name of names) {
      const full = path.join(folder, name);
      if (isFolder(full)) follow(full);
    }
  };
  follow(dir);
  return {
    stop() {
      stopped = true;
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      return count;
    },
  };
}

function isFolder(file: string): boolean {
  try {
    return lstatSync(file).isDirectory();
  } catch {
    return false;
  }
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
