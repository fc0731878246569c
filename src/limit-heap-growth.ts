// Keeps a build's heaps near what they hold: by default V8 lets a heap grow to 4× its live objects between collections.
import v8 from 'node:v8';

/**
 * How much a heap may grow past its live objects before V8 collects it, in percent. A build makes
 * far more garbage than it keeps (every page and feed document is a string thrown away once
 * written), and V8, which chooses up to 400 % when collecting is cheap, let an archive's build
 * reach 1.3 GB around 200 MB of live objects. Measured on a cold build of 10,000 notices (2 cores):
 * 50 % peaked at 515 MiB, 30 % at 458 MiB for 9 % more CPU (323 → 352 s), under the 512 MiB bound.
 */
export const HEAP_GROWING_PERCENT = 30;

/**
 * The V8 flag that sets it. bin/gongbo.js sets it too, before compiling the bundled CLI: V8 accepts
 * a code cache only under the flags it was made with, and a cache is made after a build has set it.
 */
export const HEAP_GROWING_FLAG = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;

/**
 * Set V8's growing factor for every heap of the process (the main thread and the pool's workers,
 * also those started later). A process-wide setting, set once, and left set: a process that builds
 * (the CLI, `serve`) builds again.
 */
export function limitHeapGrowth(): void {
  if (limited) return;
  limited = true;
  v8.setFlagsFromString(HEAP_GROWING_FLAG);
}

let limited = false;
