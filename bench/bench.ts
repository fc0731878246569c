// `npm run bench -- <mode>`: `site` times whole builds against Eleventy (and Hugo); `pdf` times PDFs.
import { parseArgs } from 'node:util';
import { BenchFailure, cleanUpMeasuring } from './measure.js';

const USAGE = `Usage: npm run bench -- <mode> [options]

  site   build a generated bilingual archive with gongbo (via \`gongbo build\`, no PDFs), Eleventy 3
         and Hugo (when on PATH); print cold, no-change, one-edit and \`serve\` times, peak RSS, and
         gongbo's figures as ratios to Eleventy, as a Markdown table
           --notices <n>         notices in the archive (default 2000)
           --runs <n>            runs of each build, alternated; medians reported (default 3)
           --memory              also a cold build of 10,000 notices for its peak RSS
           --memory-notices <n>  notices for --memory (default 10000)
           --no-serve            skip the \`gongbo serve\` figures
           --keep                keep the generated sites (printed at the end)
  pdf    PDFs per second on the sample site and a generated archive, and a one-edit rebuild
           --notices <n>         notices in the generated archive (default 200)

Example: npm run bench -- site --notices 2000`;

function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} ${value}: use a whole number of at least 1`);
  return n;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      notices: { type: 'string' },
      runs: { type: 'string' },
      memory: { type: 'boolean', default: false },
      'memory-notices': { type: 'string' },
      'no-serve': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [mode, ...rest] = positionals;
  if (values.help || mode === undefined) {
    console.log(USAGE);
    return 0;
  }
  if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
  if (mode === 'site') {
    const { runSiteBench } = await import('./site-bench.js');
    await runSiteBench({
      notices: count(values.notices, 2000, 'notices'),
      runs: count(values.runs, 3, 'runs'),
      memory: values.memory,
      memoryNotices: count(values['memory-notices'], 10_000, 'memory-notices'),
      serve: !values['no-serve'],
      keep: values.keep,
    });
    return 0;
  }
  if (mode === 'pdf') {
    // Loaded only here: the PDF bench uses the library directly, the site bench only the CLI.
    const { runPdfBench } = await import('./pdf-bench.js');
    await runPdfBench(count(values.notices ?? process.env.BENCH_NOTICES, 200, 'notices'));
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  }
  throw new UsageError(`unknown mode \`${mode}\`: use site or pdf`);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`bench: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof BenchFailure) {
    console.error(`\nbench: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await cleanUpMeasuring();
}
