// Chromium for tests that look at pages as a reader does: found as gongbo finds it, with its own profile.
// Not src/render/pdf/launch-browser.ts: that one walls off loopback too (a dead proxy), and these
// pages come from `gongbo serve` on 127.0.0.1.
import { rm } from 'node:fs/promises';
import puppeteer, { type Browser } from 'puppeteer';
import { findChromium } from '../src/render/pdf/find-chromium.js';
import { tempDir } from './helpers.js';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface TestBrowser {
  browser: Browser;
  /** Close the browser and remove its profile. */
  close(): Promise<void>;
}

/** `offline`: every host but this machine's fails to resolve, so a request leaving the site shows as an error. */
export async function launchBrowser(options: { offline?: boolean } = {}): Promise<TestBrowser> {
  const binary = await findChromium();
  const profile = await tempDir('gongbo-browser-profile-');
  const browser = await puppeteer.launch({
    executablePath: binary.executablePath,
    headless: 'shell',
    userDataDir: profile,
    args: [...(options.offline ? ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'] : []), ...ARGS],
  });
  return {
    browser,
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
