// Loads the bundled CLI (lib/bundle/gongbo.cjs, made by scripts/bundle-cli.mjs) through a V8 code
// cache: compiling one file from its cache instead of loading some 800 ES modules is most of a short
// command's time (`gongbo --version`: about 0.31 → 0.13 s on 2 busy cores).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { HEAP_GROWING_FLAG } from './limit-heap-growth.js';

export interface BundledCli {
  /** Runs the command `argv` names (the arguments after `gongbo`). */
  main(): Promise<number>;
  /** Called once the command returned: keeps the compiled code for the next start when it is worth it. */
  finished(exitCode: number): void;
  /** Whether V8 compiled the bundle from a code cache (for tests and measurements). */
  readonly fromCache: boolean;
}

const INPUTS = '// gongbo-inputs ';
const MAGIC = 'gongbo-code-cache-1';

/**
 * The bundle at `file`, ready to run `argv`, or undefined when there is none or it is stale (older
 * than one of the lib/src/ files it was made from: `tsc` run alone after an edit); the caller then
 * runs the ES modules in lib/src/ as before.
 */
export function loadBundledCli(file: string, argv: string[]): BundledCli | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
    if (isStale(file, bytes)) return undefined;
  } catch {
    return undefined;
  }
  const dir = path.dirname(file);
  const key = cacheKey(bytes);
  const cacheFile = path.join(dir, `gongbo-${key.slice(0, 24)}.cache`);
  const cached = readCache(cacheFile, key);
  // A build sets this flag (src/limit-heap-growth.ts), and V8 rejects a cache made under other
  // flags: set before compiling, for every command (it only tunes the collector), the flags are the
  // same when a cache is made and when it is used.
  v8.setFlagsFromString(HEAP_GROWING_FLAG);
  // CommonJS's own wrapper, as Node's require would compile the file.
  // The bundle is pure ASCII (scripts/bundle-cli.mjs checks): read as Latin-1, 4 ms faster than UTF-8.
  const source = `(function (exports, require, module, __filename, __dirname) { ${bytes.toString('latin1')}\n});`;
  // No importModuleDynamically: the bundle has no import() (scripts/bundle-cli.mjs makes them require()).
  const script = new vm.Script(source, { filename: file, ...(cached ? { cachedData: cached.data } : {}) });
  const accepted = cached && !script.cachedDataRejected ? cached : undefined;
  const command = commandOf(argv);
  // Missing, rejected, or made by another command: V8 caches the functions a run compiled, so a
  // cache made by `--version` alone would leave a build to compile its own code every time.
  const writing = !accepted?.commands.includes(command);
  // V8 drops the bytecode of functions that have not run for a few collections: after a build, the
  // code that started the command (most of what a cache saves) was gone from the cache it made.
  // Kept in the run that makes a cache, and the flag set back before V8 hashes the flags into it.
  if (writing) v8.setFlagsFromString('--no-flush-bytecode');
  const module = { exports: {} as { main(argv: string[]): Promise<number> } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dir);
  return {
    main: () => module.exports.main(argv),
    fromCache: accepted !== undefined,
    finished(exitCode) {
      if (!writing) return;
      v8.setFlagsFromString('--flush-bytecode');
      if (exitCode === 0) writeCache(cacheFile, key, accepted ? [...accepted.commands, command] : [command], script);
    },
  };
}

/** The command a run used, as the cache records it: at most a handful of rewrites per bundle. */
function commandOf(argv: string[]): string {
  return argv.find((arg) => ['build', 'check', 'push', 'publish', 'serve', 'new'].includes(arg)) ?? '-';
}

function isStale(file: string, bytes: Buffer): boolean {
  const end = bytes.indexOf(10);
  const line = bytes.subarray(0, end).toString('utf8');
  if (!line.startsWith(INPUTS)) return true;
  const made = statSync(file).mtimeMs;
  const dir = path.dirname(file);
  return (JSON.parse(line.slice(INPUTS.length)) as string[]).some((input) => statSync(path.join(dir, input)).mtimeMs > made);
}

/**
 * Names everything a cache is only valid for. V8 checks its own version and flags, but of the
 * source only its length: a cache of another bundle of the same length must never reach it.
 * Node's options are part of it so that runs with and without NODE_OPTIONS do not overwrite each
 * other's cache in turn.
 */
function cacheKey(bundle: Buffer): string {
  return createHash('sha256').update(bundle).update('\0').update(process.version).update('\0')
    .update(process.versions.v8).update('\0').update(process.arch).update('\0')
    .update(JSON.stringify(process.execArgv)).update('\0').update(process.env.NODE_OPTIONS ?? '').digest('hex');
}

/**
 * The file: one line `magic key sha256(data) commands`, then V8's data. The checksum is ours
 * because V8 leaves it to debug builds: a truncated or damaged file is ignored, never compiled.
 */
function readCache(file: string, key: string): { data: Buffer; commands: string[] } | undefined {
  try {
    const bytes = readFileSync(file);
    const end = bytes.indexOf(10);
    const [magic, madeFor, sum, commands] = bytes.subarray(0, end).toString('latin1').split(' ');
    const data = bytes.subarray(end + 1);
    if (end < 0 || magic !== MAGIC || madeFor !== key || sum !== createHash('sha256').update(data).digest('hex')) return undefined;
    return { data, commands: (commands ?? '').split(',') };
  } catch {
    return undefined;
  }
}

/**
 * Written beside the bundle, whole or not at all (a temporary file renamed): two commands finishing
 * together each write a whole cache, and the last one stays. A folder we cannot write to (a
 * read-only install) only means no cache: the temporary file is opened before V8 is asked for the
 * data, which costs tens of milliseconds.
 */
function writeCache(file: string, key: string, commands: string[], script: vm.Script): void {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
    const data = script.createCachedData();
    writeFileSync(fd, `${MAGIC} ${key} ${createHash('sha256').update(data).digest('hex')} ${commands.join(',')}\n`);
    writeFileSync(fd, data);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch {
    try {
      if (fd !== undefined) closeSync(fd);
      rmSync(temp, { force: true });
    } catch {
      // Nothing more to undo.
    }
  }
}
