// Finds the Chromium that prints PDFs: the system's first, else the one inside @sparticuz/chromium.
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';

export interface ChromiumBinary {
  executablePath: string;
  /** Where the binary came from, named in error messages: `PUPPETEER_EXECUTABLE_PATH`, `PATH` or `@sparticuz/chromium`. */
  source: string;
  /** Flags this build of Chromium needs on top of gongbo's own. */
  args: string[];
}

/** Names a system Chromium or Chrome goes by on PATH, in order of preference. */
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/**
 * @sparticuz/chromium's flags are tuned for AWS Lambda. These ones would hurt here: one process
 * serialises our page pool; the web-security ones would lower the wall around untrusted content;
 * headless mode is set by the launcher.
 */
const UNWANTED_SPARTICUZ_ARGS = [
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--headless',
];

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Thrown when no Chromium can be found or started; `cause` holds the underlying failure. */
export class ChromiumNotFoundError extends Error {
  override name = 'ChromiumNotFoundError';
}

/**
 * Locate Chromium in `env`: `PUPPETEER_EXECUTABLE_PATH` (which must work when it is set), then the
 * names above on `PATH`, then the binary shipped in the npm package `@sparticuz/chromium`, which it
 * decompresses into the temporary folder on first use.
 */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumBinary> {
  const configured = env.PUPPETEER_EXECUTABLE_PATH;
  if (configured) {
    if (await isExecutableFile(configured)) return { executablePath: configured, source: 'PUPPETEER_EXECUTABLE_PATH', args: [] };
    throw new ChromiumNotFoundError(
      `PUPPETEER_EXECUTABLE_PATH is \`${configured}\`, which is not an executable file: point it at a Chromium or Chrome binary, or unset it`,
    );
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of PATH_NAMES) {
      const candidate = path.join(dir, name);
      if (await isExecutableFile(candidate)) return { executablePath: candidate, source: 'PATH', args: [] };
    }
  }
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    const executablePath = await chromium.executablePath();
    const args = chromium.args.filter((arg) => !UNWANTED_SPARTICUZ_ARGS.some((unwanted) => arg === unwanted || arg.startsWith(`${unwanted}=`)));
    return { executablePath, source: '@sparticuz/chromium', args };
  } catch (error) {
    throw new ChromiumNotFoundError(
      'No Chromium found to render PDFs: none on PATH (chromium, google-chrome) and the one in @sparticuz/chromium could not be unpacked. '
      + 'Set PUPPETEER_EXECUTABLE_PATH to a Chromium or Chrome binary, or build with --no-pdf',
      { cause: error },
    );
  }
}
