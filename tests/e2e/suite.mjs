/**
 * The frame every real-browser test file shares: one fixture server for the file, and
 * `launch()` for a Chromium on it with the built extension in a fresh profile (an empty
 * library, default settings). A browser launched inside a test is closed after that test, so
 * no test depends on what another one saved; one launched in a `before` hook lives for the file.
 */
import { after, afterEach, beforeEach } from 'node:test';
import { launchBrowser, startFixtureServer } from './harness.mjs';

/**
 * arXiv's own hosts answer 503, so the worker never reaches the network. Register it first:
 * routes a test adds later win for what they match.
 */
export async function routeArxivDown(context) {
  await context.route(/^https:\/\/(export\.)?arxiv\.org\//, (route) => route.fulfill({ status: 503, body: '' }));
}

export function browserSuite() {
  // Started by the first launch, not in a root `before`: Node 20 does not wait for one root
  // hook before starting the next, so a file's own `before` could launch before it was up.
  let serverStarting = null;
  let server;
  let inTest = false;
  const forTest = [];
  const forFile = [];
  beforeEach(() => {
    inTest = true;
  });
  afterEach(async () => {
    inTest = false;
    await Promise.all(forTest.splice(0).map((b) => b.close()));
  });
  after(async () => {
    await Promise.all(forFile.splice(0).map((b) => b.close()));
    await (await serverStarting)?.close();
  });
  return {
    /** The fixture server (there once a browser was launched). */
    get server() {
      return server;
    },
    /** A browser on the fixture server; `arxivDown` (default) routes arXiv's hosts to 503 first. */
    async launch({ arxivDown = true } = {}) {
      const inThisTest = inTest;
      server = await (serverStarting ??= startFixtureServer());
      const browser = await launchBrowser({ port: server.port });
      (inThisTest ? forTest : forFile).push(browser);
      if (arxivDown) await routeArxivDown(browser.context);
      return browser;
    },
  };
}

/**
 * For tests that open the same listing again in one profile and read full cards: papers seen on
 * an earlier visit stay full cards instead of one-line rows (issue 11's collapseSeen, tested in
 * triage.test.mjs). Without it, whether they shrank depended on the seen flush beating the
 * page's close.
 */
export async function keepSeenCardsFull(browser) {
  await browser.worker.evaluate(() => chrome.storage.sync.set({ settings: { version: 1, collapseSeen: false } }));
}
