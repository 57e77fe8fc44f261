/**
 * What the end-to-end tests and the benchmark share: the real app on demo data, and Debian's Chromium
 * driven by playwright-core (no browser download: executablePath points at the system's Chromium).
 *
 * Environment:
 *   TWITCHGRAPH_PYTHON  the interpreter with the backend installed (default: ../.venv/bin/python, else python3)
 *   E2E_BASE_URL        test a server that is already running instead of starting one
 *   CHROMIUM_PATH       the browser (default /usr/bin/chromium)
 *   SCREENSHOT_DIR      where screenshots go (default <repo>/test-output/screenshots)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const FRONTEND = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = resolve(FRONTEND, '..');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOTS = process.env.SCREENSHOT_DIR || join(REPO, 'test-output', 'screenshots');

// The flags this machine needs: no sandbox as root, no GPU, and none of Chromium's own network traffic
// (there is no network here but the package registries; it would only be refused, many times over).
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const START_TIMEOUT_MS = 180_000;

function python() {
  if (process.env.TWITCHGRAPH_PYTHON) return process.env.TWITCHGRAPH_PYTHON;
  const venv = join(REPO, '.venv', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * `twitchgraph serve` on a fresh demo world in a temporary folder, serving frontend/dist.
 * @param {{streamers?: number|null, chatters?: number|null}} [world] null: the demo-data defaults
 * @returns {Promise<{base: string, stop: () => Promise<void>, log: () => string}>}
 */
export async function startApp({ streamers = 200, chatters = 5000 } = {}) {
  if (process.env.E2E_BASE_URL) {
    return { base: process.env.E2E_BASE_URL.replace(/\/$/, ''), stop: async () => {}, log: () => '' };
  }
  if (!existsSync(join(FRONTEND, 'dist', 'index.html'))) {
    throw new Error('frontend/dist is not built: run `npm run build` in frontend/ first');
  }
  const work = mkdtempSync(join(tmpdir(), 'twitchgraph-e2e-'));
  const demo = join(work, 'demo');
  const sizes = [];
  if (streamers) sizes.push('--streamers', String(streamers));
  if (chatters) sizes.push('--chatters', String(chatters));
  const made = spawnSync(python(), ['-m', 'backend', 'demo-data', demo, ...sizes], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`demo-data failed:\n${made.stderr}`);

  const port = await freePort();
  const logPath = join(work, 'serve.log');
  const logFd = openSync(logPath, 'w');
  const env = {
    ...process.env,
    TWITCHGRAPH_DATA_DIR: join(work, 'data'),
    FRONTEND_DIST: join(FRONTEND, 'dist'),
    GRAPH_BACKEND: 'falkordb',
  };
  const server = spawn(python(), ['-m', 'backend', 'serve', '--port', String(port), '--populate', demo], {
    cwd: REPO,
    env,
    stdio: ['ignore', logFd, logFd],
  });
  const base = `http://127.0.0.1:${port}`;
  const log = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');
  let exited = null;
  server.once('exit', (code) => {
    exited = code ?? -1;
  });
  const stop = async () => {
    if (exited === null) {
      server.kill('SIGTERM');
      await new Promise((done) => {
        const timer = setTimeout(() => {
          server.kill('SIGKILL');
          done();
        }, 30_000);
        server.once('exit', () => {
          clearTimeout(timer);
          done();
        });
      });
    }
    rmSync(work, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== null) break;
    try {
      const response = await fetch(`${base}/health`);
      if (response.ok) return { base, stop, log };
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  const output = log();
  await stop();
  throw new Error(`twitchgraph serve did not come up on ${base}:\n${output}`);
}

/** Debian's Chromium in a fresh profile, headless, with the flags above. */
export async function launchBrowser({ width = 1280, height = 900 } = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'twitchgraph-chromium-'));
  // playwright-core sets --user-data-dir itself from the profile folder it is given.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width, height },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

/** Every console error, uncaught exception and failed request of a page, to assert there are none. */
export function watchProblems(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') {
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
    }
  });
  return problems;
}

/** A PNG of the page (or of one element) in SCREENSHOTS. */
export async function screenshot(page, name, { fullPage = true, element = null } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  if (element) await element.screenshot({ path });
  else await page.screenshot({ path, fullPage });
  return path;
}

/** GET a route of the app as JSON (what the page should show). */
export async function api(base, path) {
  const response = await fetch(`${base}${path}`);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Wait until the graph `name` has drawn nodes and its layout has (nearly) come to rest. */
export async function waitForGraph(page, name, { settled = true, minNodes = 1, timeout = 30_000 } = {}) {
  await page.waitForFunction(
    ([graph, min]) => {
      const handle = window.__TWITCHGRAPH__?.[graph];
      return handle && handle.firstDrawMs() !== null && handle.nodeCount() >= min;
    },
    [name, minNodes],
    { timeout },
  );
  if (settled) {
    await page.waitForFunction((graph) => window.__TWITCHGRAPH__[graph].alpha() < 0.03, name, { timeout });
    await page.waitForTimeout(300); // the view's last steps towards its fit
  }
}
