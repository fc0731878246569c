// `npm run bench -- site`: gongbo's build of a generated bilingual archive, beside Eleventy 3 (and Hugo
// when it is installed) building the same Markdown, each build a fresh process, runs alternated.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateNotices, LOCALES, NOW, PAGE_PATH, SOURCE_PATH, WRITERS, writeCorpus, type GeneratedNotice, type Sites } from './corpus.js';
import { BenchFailure, describeRssMethod, findHugo, median, runBuild, type Run } from './measure.js';
import { probeServe, type ServeRun } from './serve-probe.js';
import { formatTable, type Row } from './site-table.js';
import { measureMarkdownFloor, type MarkdownFloor } from './markdown-floor.js';

/** The repository this bench belongs to: its CLI is what is measured, whatever the engine does inside. */
const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GONGBO_BIN = path.join(PACKAGE_ROOT, 'bin', 'gongbo.js');
// Eleventy's package exports no package.json and no cmd.cjs: address them in node_modules.
const ELEVENTY_DIR = path.join(PACKAGE_ROOT, 'node_modules', '@11ty', 'eleventy');
const ELEVENTY_BIN = path.join(ELEVENTY_DIR, 'cmd.cjs');
const ELEVENTY_CONFIG = path.join(PACKAGE_ROOT, 'bench', 'eleventy', 'eleventy.config.mjs');

export interface SiteBenchOptions {
  notices: number;
  runs: number;
  /** Also build `memoryNotices` notices once, for the peak RSS of a large archive. */
  memory: boolean;
  memoryNotices: number;
  serve: boolean;
  keep: boolean;
}

type ToolName = 'gongbo' | 'eleventy' | 'hugo';

interface Tool {
  name: ToolName;
  command: string;
  args: (site: string) => string[];
  /** What a cold build starts without: output and caches, relative to the site. */
  clean: string[];
}

const TOOLS: Record<ToolName, Tool> = {
  gongbo: {
    name: 'gongbo', command: process.execPath,
    args: (site) => [GONGBO_BIN, 'build', '--no-pdf', '--quiet', '--now', NOW, '--cwd', site],
    clean: ['dist', '.gongbo-cache'],
  },
  eleventy: {
    name: 'eleventy', command: process.execPath,
    args: () => [ELEVENTY_BIN, `--config=${ELEVENTY_CONFIG}`, '--quiet'],
    clean: ['_site', '.cache'],
  },
  hugo: {
    name: 'hugo', command: 'hugo',
    args: (site) => ['--quiet', '--cacheDir', path.join(site, '.hugo-cache'), '--destination', 'public'],
    clean: ['public', 'resources', '.hugo-cache'],
  },
};

type Phase = 'cold' | 'noChange' | 'edit';
const PHASES: Phase[] = ['cold', 'noChange', 'edit'];
type Results = Record<ToolName, Record<Phase, Run[]>>;

/** Takes a folder out of a cold build's way (see setAsideIn). */
type SetAside = (folder: string) => Promise<void>;

/**
 * Moves what a cold build must start without into `dir` (renamed, on the same file system), which
 * goes with the bench's folder at the end. Not deleted before the run: on a file system mounted with
 * `discard` (ext4 on this machine's virtual disk), every file or folder created in the minute or two
 * after a large tree is deleted waits for the discards (measured: 350–900 µs instead of 30–60 µs per
 * file), and a cold build right after `rm -rf` of the last one measured the deletion (gongbo 37 s
 * against 26 s, Eleventy 5.6 s against 3.5 s).
 */
function setAsideIn(dir: string): SetAside {
  let count = 0;
  return async (folder) => {
    if (!existsSync(folder)) return;
    await mkdir(dir, { recursive: true });
    await rename(folder, path.join(dir, String(count++)));
  };
}

async function build(tool: Tool, site: string, phase: Phase, setAside: SetAside): Promise<Run> {
  if (phase === 'cold') {
    for (const dir of tool.clean) await setAside(path.join(site, dir));
  }
  return runBuild(`${tool.name} (${phase})`, tool.command, tool.args(site), site);
}

/** Edit notice `notice`'s Korean title and body in `tool`'s copy; the text its page must then show. */
async function editNotice(tool: ToolName, site: string, notice: GeneratedNotice, title: string): Promise<void> {
  const file = path.join(site, SOURCE_PATH[tool](notice.id, 'ko'));
  await writeFile(file, WRITERS[tool](notice, 'ko', title, `\n${title}: 본문 끝에 덧붙인 문단.\n`));
}

async function expectPage(tool: ToolName, site: string, notice: GeneratedNotice, title: string): Promise<void> {
  const page = path.join(site, PAGE_PATH[tool](notice.id, 'ko'));
  const html = await readFile(page, 'utf8').catch(() => '');
  if (!html.includes(title)) {
    throw new BenchFailure(`${tool}: after editing ${notice.id}/ko.md and rebuilding, ${page} does not show the new title "${title}"`);
  }
}

function machine(): string[] {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  let commit = 'unknown commit';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PACKAGE_ROOT, encoding: 'utf8' }).trim();
  } catch { /* not a git checkout */ }
  const eleventy = (JSON.parse(readFileSync(path.join(ELEVENTY_DIR, 'package.json'), 'utf8')) as { version: string }).version;
  return [
    `Machine: ${os.availableParallelism()} cores, ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `Node ${process.version}; gongbo at ${commit}; Eleventy ${eleventy}`,
  ];
}

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function list<T>(runs: T[], pick: (r: T) => number | undefined, format: (n: number) => string): string {
  return runs.map((r) => { const v = pick(r); return v === undefined ? '?' : format(v); }).join(', ');
}

function medianOf<T>(runs: T[], pick: (r: T) => number | undefined): number | undefined {
  const values = runs.map(pick).filter((v): v is number => v !== undefined);
  return values.length > 0 ? median(values) : undefined;
}

export async function runSiteBench(options: SiteBenchOptions): Promise<void> {
  const hugoVersion = findHugo();
  const toolNames: ToolName[] = hugoVersion ? ['gongbo', 'eleventy', 'hugo'] : ['gongbo', 'eleventy'];
  console.log(`gongbo site bench: ${options.notices} bilingual notices, ${options.runs} run${options.runs === 1 ? '' : 's'} of each build, alternated; medians reported.`);
  for (const line of machine()) console.log(line);
  console.log(`Load average at start: ${loadAverage()} (other work on the machine makes every figure noisier and slower)`);
  console.log(hugoVersion ? `Hugo: ${hugoVersion}` : 'Hugo: not on PATH, skipped (install it to add a Hugo column).');
  console.log(`Measuring ${describeRssMethod()}.`);

  const root = await mkdtemp(path.join(os.tmpdir(), 'gongbo-bench-site-'));
  const setAsideDir = path.join(root, 'set-aside');
  const setAside = setAsideIn(setAsideDir);
  console.log('Cold builds start with the last build\'s output and caches moved aside, removed at the end (see setAsideIn).');
  let keep = options.keep;
  try {
    const notices = generateNotices(options.notices);
    const sites = await writeCorpus(path.join(root, 'main'), notices, PACKAGE_ROOT, hugoVersion);
    const bytes = LOCALES.map((l) => notices.reduce((sum, n) => sum + Buffer.byteLength(WRITERS.gongbo(n, l)), 0) / notices.length);
    console.log(`Corpus in ${root}: Markdown of ${(bytes[0]! / 1024).toFixed(1)} KiB (ko) and ${(bytes[1]! / 1024).toFixed(1)} KiB (en) a notice on average.\n`);

    const results = await buildRuns(toolNames, sites, notices, options.runs, setAside);
    const serveRuns = options.serve ? await serveRunsOf(sites, notices, options.runs) : [];
    const memory = options.memory ? await memoryRun(root, options.memoryNotices, setAside) : undefined;
    // After the builds, on the same bodies: what no build with this Markdown stack goes below.
    const floor = measureMarkdownFloor(notices, ELEVENTY_DIR);
    const cores = os.availableParallelism();
    console.log(`\nMarkdown to HTML alone, ${floor.files} files on one thread (fastest of 3): unified (remark-parse, remark-gfm, remark-rehype, hast-util-to-html) ${seconds(floor.unifiedMs)}, markdown-it (Eleventy's) ${seconds(floor.markdownItMs)}.`);
    console.log(`With every core busy, gongbo's Markdown stack alone takes at least ${seconds(floor.unifiedMs / cores)} here: what a cold build cannot go below.`);

    console.log(`\nLoad average at end: ${loadAverage()}\n`);
    console.log(formatTable(rows(results, serveRuns, memory, floor, options, hugoVersion !== undefined), hugoVersion !== undefined));
    console.log('\nEach run (seconds; peak RSS in MiB):');
    for (const tool of toolNames) {
      for (const phase of PHASES) {
        const runs = results[tool][phase];
        console.log(`  ${tool.padEnd(8)} ${phase.padEnd(8)} ${list(runs, (r) => r.ms, (v) => (v / 1000).toFixed(2))}   RSS ${list(runs, (r) => r.rssKiB, (v) => (v / 1024).toFixed(0))}`);
      }
    }
    if (serveRuns.length > 0) {
      console.log(`  gongbo   serve    first page ${serveRuns.map((r) => (r.firstPageMs / 1000).toFixed(2)).join(', ')}; save to reload ${serveRuns.map((r) => (r.saveToReloadMs / 1000).toFixed(3)).join(', ')}`);
    }
  } catch (error) {
    if (error instanceof BenchFailure) keep = true;
    throw error;
  } finally {
    if (keep) console.error(`\nThe generated sites are kept in ${root}`);
    else await rm(root, { recursive: true, force: true });
    if (keep) await rm(setAsideDir, { recursive: true, force: true });
  }
}

async function buildRuns(toolNames: ToolName[], sites: Sites, notices: GeneratedNotice[], runs: number, setAside: SetAside): Promise<Results> {
  const results = Object.fromEntries(toolNames.map((t) => [t, { cold: [], noChange: [], edit: [] }])) as unknown as Results;
  const edited = notices[Math.floor(notices.length / 2)]!;
  for (let run = 0; run < runs; run++) {
    // Who goes first alternates, so that neither always runs on a machine the other just warmed.
    const order = run % 2 === 0 ? toolNames : [...toolNames].reverse();
    const title = `벤치 수정 제목 ${run + 1}회차`;
    for (const phase of PHASES) {
      for (const tool of order) {
        if (phase === 'edit') await editNotice(tool, sites[tool], edited, title);
        const result = await build(TOOLS[tool], sites[tool], phase, setAside);
        if (phase === 'edit') await expectPage(tool, sites[tool], edited, title);
        results[tool][phase].push(result);
        process.stdout.write(`  run ${run + 1}/${runs} ${tool} ${phase}: ${seconds(result.ms)}, peak RSS ${result.rssKiB === undefined ? '?' : `${(result.rssKiB / 1024).toFixed(0)} MiB`}\n`);
      }
    }
  }
  return results;
}

async function serveRunsOf(sites: Sites, notices: GeneratedNotice[], runs: number): Promise<ServeRun[]> {
  // Another notice than the one the builds edited, so that each save really changes it.
  const edited = notices[Math.floor(notices.length / 3)]!;
  const out: ServeRun[] = [];
  for (let run = 0; run < runs; run++) {
    const title = `벤치 미리보기 수정 ${run + 1}회차`;
    const result = await probeServe(GONGBO_BIN, sites.gongbo, {
      file: path.join(sites.gongbo, SOURCE_PATH.gongbo(edited.id, 'ko')),
      text: WRITERS.gongbo(edited, 'ko', title, `\n${title}: 본문 끝에 덧붙인 문단.\n`),
      page: `/ko/${edited.id}/`,
      expect: title,
    });
    out.push(result);
    process.stdout.write(`  serve ${run + 1}/${runs}: first page ${seconds(result.firstPageMs)}, save to reload ${seconds(result.saveToReloadMs)}, peak RSS ${result.rssKiB === undefined ? '?' : `${(result.rssKiB / 1024).toFixed(0)} MiB`}\n`);
  }
  return out;
}

interface MemoryRun {
  notices: number;
  gongbo: Run;
  eleventy: Run;
}

async function memoryRun(root: string, count: number, setAside: SetAside): Promise<MemoryRun> {
  console.log(`\nCold builds of ${count} notices, once each, for peak memory:`);
  const sites = await writeCorpus(path.join(root, 'memory'), generateNotices(count), PACKAGE_ROOT, undefined);
  const gongbo = await build(TOOLS.gongbo, sites.gongbo, 'cold', setAside);
  process.stdout.write(`  gongbo cold: ${seconds(gongbo.ms)}\n`);
  const eleventy = await build(TOOLS.eleventy, sites.eleventy, 'cold', setAside);
  process.stdout.write(`  eleventy cold: ${seconds(eleventy.ms)}\n`);
  return { notices: count, gongbo, eleventy };
}

function rows(results: Results, serve: ServeRun[], memory: MemoryRun | undefined, floor: MarkdownFloor, options: SiteBenchOptions, withHugo: boolean): Row[] {
  const time = (tool: ToolName, phase: Phase) => (tool === 'hugo' && !withHugo ? undefined : medianOf(results[tool][phase], (r) => r.ms));
  const rss = (tool: ToolName, phase: Phase) => (tool === 'hugo' && !withHugo ? undefined : medianOf(results[tool][phase], (r) => r.rssKiB));
  const cold = time('gongbo', 'cold');
  const noChange = time('gongbo', 'noChange');
  const edit = time('gongbo', 'edit');
  const n = options.notices.toLocaleString('en-US');
  const out: Row[] = [
    { label: `cold build, ${n} notices, no PDFs`, kind: 'time', gongbo: cold, eleventy: time('eleventy', 'cold'), hugo: time('hugo', 'cold'), target: { text: '≤ 1.0× Eleventy', met: (g, e) => (e === undefined ? undefined : g / e <= 1.0) } },
    { label: 'no-change rebuild', kind: 'time', gongbo: noChange, eleventy: time('eleventy', 'noChange'), hugo: time('hugo', 'noChange'), target: { text: `≤ 0.1× cold (is ${cold && noChange ? (noChange / cold).toFixed(2) : '?'}×)`, met: (g) => (cold ? g / cold <= 0.1 : undefined) } },
    { label: 'one notice edited (title and body)', kind: 'time', gongbo: edit, eleventy: time('eleventy', 'edit'), hugo: time('hugo', 'edit'), target: { text: '≤ 0.5 s', met: (g) => g <= 500 } },
  ];
  out.push({
    label: `Markdown → HTML alone, ${floor.files.toLocaleString('en-US')} bodies, one thread (unified / markdown-it)`, kind: 'time', gongbo: floor.unifiedMs, eleventy: floor.markdownItMs,
  });
  if (serve.length > 0) {
    out.push(
      { label: 'serve: start to first page', kind: 'time', gongbo: median(serve.map((r) => r.firstPageMs)) },
      { label: 'serve: save to reload showing the edit', kind: 'time', gongbo: median(serve.map((r) => r.saveToReloadMs)), target: { text: '≤ 0.3 s', met: (g) => g <= 300 } },
    );
  }
  out.push(
    { label: 'peak RSS, cold build', kind: 'memory', gongbo: rss('gongbo', 'cold'), eleventy: rss('eleventy', 'cold'), hugo: rss('hugo', 'cold') },
    { label: 'peak RSS, no-change rebuild', kind: 'memory', gongbo: rss('gongbo', 'noChange'), eleventy: rss('eleventy', 'noChange'), hugo: rss('hugo', 'noChange') },
    { label: 'peak RSS, one notice edited', kind: 'memory', gongbo: rss('gongbo', 'edit'), eleventy: rss('eleventy', 'edit'), hugo: rss('hugo', 'edit') },
  );
  if (serve.length > 0) {
    out.push({ label: 'peak RSS, serve (after one save)', kind: 'memory', gongbo: medianOf(serve, (r) => r.rssKiB) });
  }
  if (memory) {
    const m = memory.notices.toLocaleString('en-US');
    out.push(
      { label: `cold build, ${m} notices (one run)`, kind: 'time', gongbo: memory.gongbo.ms, eleventy: memory.eleventy.ms },
      { label: `peak RSS, cold build of ${m} notices`, kind: 'memory', gongbo: memory.gongbo.rssKiB, eleventy: memory.eleventy.rssKiB, target: { text: '≤ 512 MiB', met: (g) => g <= 512 * 1024 } },
    );
  }
  return out;
}
