// `npm run bench -- pdf`: PDFs per second, cold and warm, on the sample site and on a generated archive of 200 notices.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkSite } from '../src/build.js';
import { createI18n } from '../src/i18n/create-i18n.js';
import { PACKAGE_ROOT } from '../src/package-root.js';
import { compileNotice, createProcessors, publicVersions, type CompiledNotice } from '../src/transform/compile-notice.js';
import type { RenderContext } from '../src/render/html/layout.js';
import { renderPdfs, type PdfProgress } from '../src/render/pdf/render-pdfs.js';
import { startPdfRenderer } from '../src/render/pdf/start-pdf-renderer.js';

/** "Now" for every build here: after every sample notice, so all of them are published. */
const NOW = Date.parse('2026-11-29T12:00:00+09:00');

interface Site {
  root: string;
  notices: CompiledNotice[];
  ctx: RenderContext;
}

/** Load and compile a site the way `buildSite` does, without writing anything. */
async function compileSite(root: string): Promise<Site> {
  const checked = await checkSite({ cwd: root });
  if (!checked.ok || !checked.config) throw new Error(`The site in ${root} has errors: run \`gongbo check --cwd ${root}\``);
  const t = createI18n(root);
  const processors = createProcessors(t);
  const notices: CompiledNotice[] = [];
  for (const notice of checked.notices) {
    const versions = publicVersions(notice, NOW);
    if (Object.keys(versions).length === 0) continue;
    const compiled = compileNotice({ ...notice, versions }, processors);
    if (!compiled) throw new Error(`${notice.dir} could not be compiled: run \`gongbo check --cwd ${root}\``);
    notices.push(compiled);
  }
  return { root, notices, ctx: { config: checked.config, t, pdf: true, feeds: { ko: [], en: [] } } };
}

/**
 * A site of `count` notices made from the sample notices (real releases of two to three pages),
 * each copy with its own id and a numbered title so that no two PDFs are alike.
 */
async function generateArchive(count: number): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gongbo-bench-'));
  await cp(path.join(PACKAGE_ROOT, 'gongbo.config.yaml'), path.join(root, 'gongbo.config.yaml'));
  const samples = (await readdir(path.join(PACKAGE_ROOT, 'notices'))).filter((id) => Date.parse(id.slice(0, 10)) <= NOW).sort();
  for (let n = 0; n < count; n++) {
    const sample = samples[n % samples.length]!;
    const id = `${sample}-${String(n).padStart(3, '0')}`;
    await cp(path.join(PACKAGE_ROOT, 'notices', sample), path.join(root, 'notices', id), { recursive: true });
    for (const language of ['ko', 'en']) {
      const file = path.join(root, 'notices', id, `${language}.md`);
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text !== undefined) await writeFile(file, text.replace(/^title: "(.*)"$/m, `title: "$1 (${n + 1})"`));
    }
  }
  return root;
}

function rate(count: number, ms: number): string {
  return `${count} PDFs in ${(ms / 1000).toFixed(2)} s = ${(count / (ms / 1000)).toFixed(1)} PDFs/s`;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

/** Cold (browser start included), warm (browser running, no cache), and a rebuild from the cache. */
async function benchSite(label: string, site: Site, warmRuns: number): Promise<void> {
  const pdfs = site.notices.reduce((sum, n) => sum + Object.keys(n.versions).length, 0);
  console.log(`\n${label}: ${site.notices.length} notices, ${pdfs} PDFs`);
  const renderer = await startPdfRenderer();
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'gongbo-bench-cache-'));
  try {
    const cold = await timed(() => renderPdfs(site.notices, site.ctx, { renderer }));
    console.log(`  cold (Chromium starting):       ${rate(pdfs, cold.ms)}`);
    const bytes = cold.value.reduce((sum, o) => sum + ('data' in o ? o.data.length : 0), 0);
    console.log(`  size: ${(bytes / pdfs / 1024).toFixed(0)} KiB per PDF on average`);
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run < warmRuns; run++) {
      // The last warm run fills the cache, so that the rebuild below has every PDF.
      const warm = await timed(() => renderPdfs(site.notices, site.ctx, { renderer, ...(run === warmRuns - 1 ? { cacheDir } : {}) }));
      best = Math.min(best, warm.ms);
      console.log(`  warm (Chromium running), run ${run + 1}: ${rate(pdfs, warm.ms)}`);
    }
    console.log(`  warm, best run:                 ${rate(pdfs, best)} (${renderer.concurrency} pages, ${os.availableParallelism()} cores)`);
    console.log(`  browser starts: ${renderer.launches} (a new browser every 150 PDFs)`);
  } finally {
    await renderer.close();
  }

  const progress: PdfProgress[] = [];
  // No renderer given: renderPdfs would start Chromium on the first cache miss, and there is none.
  const rebuild = await timed(() => renderPdfs(site.notices, site.ctx, { cacheDir, onProgress: (p) => progress.push(p) }));
  const hits = progress.filter((p) => p.cached).length;
  console.log(`  rebuild from the cache:         ${pdfs} PDFs in ${rebuild.ms.toFixed(0)} ms, ${hits}/${pdfs} cache hits${hits === pdfs ? ', Chromium not started' : ''}`);
  await rm(cacheDir, { recursive: true, force: true });
}

/** Edit one notice of the archive and show that a rebuild prints exactly its PDFs. */
async function benchEdit(root: string): Promise<void> {
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'gongbo-bench-cache-'));
  try {
    const before = await compileSite(root);
    await renderPdfs(before.notices, before.ctx, { cacheDir });
    // A notice in both languages: editing both of its files must print exactly its two PDFs.
    const bilingual = before.notices.filter((n) => Object.keys(n.versions).length === 2);
    const edited = bilingual[Math.floor(bilingual.length / 2)]!;
    for (const language of ['ko', 'en']) {
      const file = path.join(root, edited.dir, `${language}.md`);
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text !== undefined) await writeFile(file, `${text.trimEnd()}\n\n${language === 'ko' ? '(수정) 문의처 안내를 덧붙였다.' : '(Edited) Contact details were added.'}\n`);
    }
    const after = await compileSite(root);
    const printed: string[] = [];
    const run = await timed(() => renderPdfs(after.notices, after.ctx, {
      cacheDir, onProgress: (p) => { if (!p.cached) printed.push(p.path); },
    }));
    const expected = Object.keys(edited.versions).map((l) => `${l}/${edited.id}/${edited.id}.${l}.pdf`).sort();
    const exact = JSON.stringify(printed.sort()) === JSON.stringify(expected);
    console.log(`\nEdit one notice (${edited.id}), rebuild with the cache:`);
    console.log(`  printed ${printed.length} PDFs in ${(run.ms / 1000).toFixed(2)} s: ${printed.join(', ')}`);
    console.log(`  ${exact ? 'exactly that notice\'s PDFs: OK' : `EXPECTED ${expected.join(', ')}`}`);
    if (!exact) process.exitCode = 1;
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

/** The PDF bench; `archiveNotices` notices in the generated archive (200 by default). */
export async function runPdfBench(archiveNotices: number): Promise<void> {
  console.log(`gongbo PDF bench: Node ${process.version}, ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}`);
  console.log(`(load average now: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; other work on the machine lowers every figure)`);
  await benchSite('Sample site', await compileSite(PACKAGE_ROOT), 3);
  const archive = await generateArchive(archiveNotices);
  try {
    await benchSite('Generated archive', await compileSite(archive), 1);
    await benchEdit(archive);
  } finally {
    await rm(archive, { recursive: true, force: true });
  }
}

