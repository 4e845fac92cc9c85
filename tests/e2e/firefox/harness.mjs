/**
 * Real-browser harness for Firefox (DESIGN.md "Real-browser tests"): Debian's firefox-esr,
 * driven by puppeteer-core over WebDriver BiDi, with the built Firefox extension installed.
 *
 * The network is the same stand-in the Chromium tests use:
 * - http://arxiv.org pages come from the fixture server of harness.mjs, which Firefox reaches
 *   as its HTTP proxy (it then sends absolute URLs, which that server already understands);
 * - https (the event page's /html and export API fetches, figure images, the search page's
 *   stylesheets) goes through a small CONNECT proxy here that terminates TLS with a throwaway
 *   self-signed certificate made by openssl for this run, and answers with the routes of
 *   arxiv-routes.mjs, fed through a small Playwright-shaped adapter so that both browsers
 *   are answered by one piece of code.
 */
import { createServer } from 'node:http';
import { TLSSocket } from 'node:tls';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { ROOT } from '../harness.mjs';
import { routeArxiv } from '../arxiv-routes.mjs';

export const FIREFOX_EXTENSION = join(ROOT, '.output', 'firefox-mv3');
/** Pinned with extensions.webextensions.uuids, so moz-extension:// addresses are known up front. */
export const ADDON_UUID = '5e2b4f0a-7c1d-4a8e-9b3f-2d6c8e1a4f70';
const STANDIN_CSS = readFileSync(join(import.meta.dirname, '..', 'arxiv-standin.css'), 'utf8');

export function findFirefox() {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Firefox not found: run `bash .ci/setup` (Debian package "firefox-esr").');
  return found;
}

function addonId() {
  const manifestPath = join(FIREFOX_EXTENSION, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error('Build the Firefox extension first: npm run build:firefox');
  return JSON.parse(readFileSync(manifestPath, 'utf8')).browser_specific_settings.gecko.id;
}

/** A throwaway key and self-signed certificate for arxiv.org and its subdomains (openssl). */
function makeCertificate(dir) {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=arxiv.org',
      '-addext', 'subjectAltName=DNS:arxiv.org,DNS:*.arxiv.org'],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/**
 * The part of a Playwright BrowserContext that routeArxiv uses (`route`, `on('request')`),
 * answered from Node's https requests. Later routes win, as in Playwright.
 */
function routingContext() {
  const routes = [];
  const listeners = [];
  return {
    route(pattern, handler) {
      routes.unshift({ pattern, handler });
    },
    on(event, listener) {
      if (event === 'request') listeners.push(listener);
    },
    /** Answer one request; resolves once the response is written. */
    async handle(req, res) {
      const url = `https://${req.headers.host}${req.url}`;
      // The event page's fetches carry its moz-extension:// origin; the page's images do not.
      const fromExtension = `${req.headers.origin ?? ''}`.startsWith('moz-extension://');
      const request = {
        url: () => url,
        serviceWorker: () => (fromExtension ? {} : null),
        resourceType: () => (req.headers['sec-fetch-dest'] === 'image' ? 'image' : fromExtension ? 'fetch' : 'other'),
        headers: () => req.headers,
      };
      for (const listener of listeners) listener(request);
      const hit = routes.find((r) => r.pattern.test(url));
      if (!hit) {
        if (/\.css(\?|$)/.test(req.url ?? '')) {
          res.writeHead(200, { 'content-type': 'text/css' });
          res.end(STANDIN_CSS);
        } else {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('not bundled');
        }
        return;
      }
      await hit.handler({
        request: () => request,
        fulfill: async ({ status = 200, contentType, headers = {}, body = '' }) => {
          res.writeHead(status, { ...(contentType ? { 'content-type': contentType } : {}), ...headers });
          res.end(body);
        },
        // A dropped connection is what the browser sees when the network is down.
        abort: async () => {
          req.socket.destroy();
        },
      });
    },
  };
}

/**
 * Start the https side of the stand-in: a CONNECT proxy for *.arxiv.org. `routeOptions` go to
 * routeArxiv (see arxiv-routes.mjs). Resolves to { port, routes, close }.
 */
export async function startArxivProxy(routeOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pith-tls-'));
  const tls = makeCertificate(dir);
  rmSync(dir, { recursive: true, force: true });
  const context = routingContext();
  const routes = await routeArxiv(context, routeOptions);
  const inner = createServer((req, res) => {
    context.handle(req, res).catch((error) => {
      res.destroy(error);
    });
  });
  const sockets = new Set();
  const proxy = createServer((req, res) => {
    res.writeHead(405);
    res.end();
  });
  proxy.on('connect', (req, socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const host = (req.url ?? '').split(':')[0];
    // Only arXiv is answered; anything else Firefox tries fails at once, as offline.
    if (!/(^|\.)arxiv\.org$/.test(host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const secure = new TLSSocket(socket, { isServer: true, key: tls.key, cert: tls.cert, ALPNProtocols: ['http/1.1'] });
    secure.on('error', () => undefined);
    inner.emit('connection', secure);
  });
  await new Promise((ok) => proxy.listen(0, '127.0.0.1', ok));
  const { port } = proxy.address();
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((ok) => proxy.close(ok));
    inner.close();
  };
  return { port, routes, close };
}

/** Prefs that send arxiv.org to the stand-ins and keep Firefox's own traffic quiet. */
function firefoxPrefs({ httpPort, httpsPort, extra = {} }) {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': httpPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': httpsPort,
    'network.proxy.share_proxy_settings': false,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': false,
    'extensions.webextensions.uuids': JSON.stringify({ [addonId()]: ADDON_UUID }),
    // Firefox's own traffic: remote settings, captive portal, connectivity checks, updates.
    'services.settings.server': 'data:,#remote-settings-disabled',
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'app.update.auto': false,
    'app.normandy.enabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'toolkit.telemetry.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'extensions.update.enabled': false,
    'extensions.systemAddon.update.enabled': false,
    'browser.newtabpage.enabled': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    ...extra,
  };
}

/**
 * Launch Firefox with the built extension. `httpPort`: the fixture server; `httpsPort`: the
 * CONNECT proxy. `prefs`: extra prefs (a short event-page idle timeout, for instance).
 */
export async function launchFirefox({ httpPort, httpsPort, prefs = {} }) {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    acceptInsecureCerts: true,
    defaultViewport: { width: 1280, height: 900 },
    args: ['--remote-allow-system-access'],
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: firefoxPrefs({ httpPort, httpsPort, extra: prefs }),
  });
  await browser.installExtension(FIREFOX_EXTENSION);
  const origin = `moz-extension://${ADDON_UUID}`;

  /** A new tab on an extension page: BiDi navigate without waiting, then poll until it is loaded. */
  async function openExtensionPage(path, readySelector) {
    const page = await browser.newPage();
    await browser.connection.send('browsingContext.navigate', { context: page.mainFrame()._id, url: `${origin}/${path}`, wait: 'none' });
    const deadline = Date.now() + 15_000;
    for (;;) {
      const ready = await page
        .evaluate((sel) => location.href.startsWith('moz-extension:') && document.readyState !== 'loading' && !!document.querySelector(sel), readySelector)
        .catch(() => false);
      if (ready) return page;
      if (Date.now() > deadline) {
        const seen = await page.evaluate(() => `${location.href}: ${document.body?.textContent?.slice(0, 300) ?? ''}`).catch((e) => String(e));
        throw new Error(`${path} did not show ${readySelector} (${seen})`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    browser,
    origin,
    openExtensionPage,
    close: async () => {
      await browser.close().catch(() => undefined);
    },
  };
}

/** Open an arxiv.org page in a new tab and wait for the first rendered card. */
export async function openArxivPage(browser, path, { waitForCard = true } = {}) {
  const page = await browser.newPage();
  await page.goto(`http://arxiv.org${path}`, { waitUntil: 'domcontentloaded' });
  if (waitForCard) await page.waitForSelector('pith-card[data-rendered]', { timeout: 15_000 });
  return page;
}

/** Wait until `fn` (run in the page) returns a truthy value. */
export function waitInPage(page, fn, arg, timeout = 15_000) {
  return page.waitForFunction(fn, { timeout, polling: 100 }, arg);
}
