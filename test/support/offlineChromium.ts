import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';

/** Debian's chromium (apt-get install chromium); CHROMIUM_PATH for another binary. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface OfflineChromium {
  browser: Browser;
  context: BrowserContext;
  /** Each URL the pages tried to reach on another host (HTTP, websocket, anything routable), once: stopped, and listed here. */
  foreign: string[];
  close(): Promise<void>;
}

/**
 * Headless Chromium that can reach this machine only: host resolution fails for every name but
 * localhost and 127.0.0.1, Chromium's own background traffic (updates, sync, safe browsing) is
 * off, and every request to another host is aborted and recorded in `foreign`, so a test can
 * assert that a page needs no internet. A missing browser fails the test, naming the fix.
 */
export async function launchOfflineChromium(): Promise<OfflineChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" (.ci/run does), or set CHROMIUM_PATH`);
  }
  // Loaded here: only browser tests pay for it.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    // playwright-core adds --headless itself; the rest keeps Chromium from calling home.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const foreign: string[] = [];
  const isLocal = (url: string) => {
    const { protocol, hostname } = new URL(url);
    return protocol === 'data:' || protocol === 'blob:' || LOCAL_HOSTS.has(hostname);
  };
  const check = (url: string) => {
    if (isLocal(url)) return true;
    if (!foreign.includes(url)) foreign.push(url);
    return false;
  };
  await context.route('**/*', (route) => (check(route.request().url()) ? route.continue() : route.abort('blockedbyclient')));
  // Also what routing does not see (a worker's requests, websockets).
  context.on('request', (request) => check(request.url()));
  context.on('page', (page) => page.on('websocket', (socket) => check(socket.url())));
  return { browser, context, foreign, close: () => browser.close() };
}
