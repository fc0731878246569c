// Starts one headless Chromium for printing, locked down for a closed network, in a throwaway profile.
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import { ChromiumNotFoundError, findChromium, type ChromiumBinary } from './find-chromium.js';
import { isProcessAlive } from '../../write/lock-folder.js';

export interface LaunchedBrowser {
  browser: Browser;
  binary: ChromiumBinary;
  /** Close the browser and delete its profile folder. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Every request a page makes is answered by gongbo itself (see route-requests.ts), so Chromium never
 * needs the network: the dead proxy and the failing host resolver are a third wall behind request
 * interception, and the other flags stop the background traffic a fresh profile would start.
 */
const FLAGS = [
  '--no-sandbox', // we run as root in build containers, where Chromium's sandbox cannot start
  '--disable-gpu',
  '--disable-dev-shm-usage', // /dev/shm is tiny in containers; Chromium crashes when it fills up
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
  '--font-render-hinting=none', // same glyph metrics, hence same line breaks, on every machine
  '--proxy-server=127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

const MINIMUM_VERSION = 131;

/** A host name as it may stand in a folder name. */
function hostTag(): string {
  return os.hostname().replace(/[^A-Za-z0-9.-]/g, '_') || 'host';
}

/** `<host>-<pid>-<random>`: whose profile it is, so that only a dead process's is ever removed. */
const PROFILE_NAME = /^(.+)-(\d+)-[A-Za-z0-9]{6}$/;

/**
 * Delete the profiles in `dir` that processes of this machine which are gone left behind (a build
 * killed with SIGKILL cannot delete its own). Our own pid's are kept: another renderer of this
 * process may be running. Another machine's (a cache folder shared over the network) are kept too.
 */
export async function removeStaleProfiles(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const host = hostTag();
  await Promise.all(names.map(async (name) => {
    const match = PROFILE_NAME.exec(name);
    if (!match || match[1] !== host) return;
    const pid = Number(match[2]);
    if (pid === process.pid || isProcessAlive(pid)) return;
    await rm(path.join(dir, name), { recursive: true, force: true, maxRetries: 3 });
  }));
}

/**
 * Find Chromium (see findChromium) and start it; failures are ChromiumNotFoundError with the cause.
 * Its profile is made in `profilesDir` (default: the system's temporary folder), where the stale
 * profiles of killed builds are removed first.
 */
export async function launchBrowser(env: NodeJS.ProcessEnv = process.env, profilesDir?: string): Promise<LaunchedBrowser> {
  const binary = await findChromium(env);
  // A fresh profile per browser: nothing from an earlier run (cache, cookies, crash state) leaks in.
  let userDataDir: string;
  if (profilesDir === undefined) {
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'gongbo-chromium-'));
  } else {
    await removeStaleProfiles(profilesDir);
    await mkdir(profilesDir, { recursive: true });
    userDataDir = await mkdtemp(path.join(profilesDir, `${hostTag()}-${process.pid}-`));
  }
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: binary.executablePath,
      headless: 'shell',
      // Over a pipe, not a port: when gongbo dies, even by SIGKILL, the pipe closes and Chromium
      // exits with it; nothing is left printing for no one.
      pipe: true,
      userDataDir,
      args: [...binary.args.filter((arg) => !FLAGS.includes(arg)), ...FLAGS],
      protocolTimeout: 120_000,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new ChromiumNotFoundError(
      `Could not start Chromium (${binary.executablePath}, found via ${binary.source}) to render PDFs. `
      + 'Set PUPPETEER_EXECUTABLE_PATH to a working Chromium or Chrome, or build with --no-pdf',
      { cause: error },
    );
  }
  // The footer is drawn in CSS page margin boxes (see render-pdf-document.ts), which Chromium
  // prints from version 131 on; an older one would silently print PDFs without it.
  const version = await browser.version().catch(() => '');
  const major = Number(/\/(\d+)\./.exec(version)?.[1] ?? 0);
  if (major > 0 && major < MINIMUM_VERSION) {
    await browser.close().catch(() => undefined);
    await rm(userDataDir, { recursive: true, force: true });
    throw new ChromiumNotFoundError(
      `Chromium ${version} (${binary.executablePath}, found via ${binary.source}) is too old to print PDFs: gongbo needs version ${MINIMUM_VERSION} or later. `
      + 'Set PUPPETEER_EXECUTABLE_PATH to a newer Chromium or Chrome, or unset it to use the one from @sparticuz/chromium',
    );
  }
  // The blank tab Chromium opens at start would only hold a renderer process for nothing.
  for (const page of await browser.pages()) await page.close().catch(() => undefined);
  let closed: Promise<void> | undefined;
  return {
    browser,
    binary,
    close() {
      closed ??= (async () => {
        try {
          await browser.close();
        } catch {
          // A crashed browser cannot be closed politely; its process is gone either way.
          browser.process()?.kill('SIGKILL');
        }
        await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
      })();
      return closed;
    },
  };
}
