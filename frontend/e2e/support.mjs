/**
 * What the end-to-end tests and the benchmark share: the real app on demo data, and Debian's Chromium
 * driven by playwright-core (no browser download: executablePath points at the system's Chromium).
 *
 * Environment:
 *   TWITCHGRAPH_PYTHON  the interpreter with the backend installed (default: ../.venv/bin/python, else python3)
 *   E2E_BASE_URL        test a server that is already running instead of starting one
 *   CHROMIUM_PATH       the browser (default /usr/bin/chromium)
 *   SCREENSHOT_DIR      where screenshots go (default <repo>/test-output/screenshots)
 *   E2E_OPERATOR_TOKEN  with E2E_BASE_URL: that server's operator token (the viewer pages' tests)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
// The viewer-profiling tests' server counts days and hours in this time zone (set, not left to its
// default, so that the tests know which local days the sample files fall on).
export const PROFILE_TIME_ZONE = 'Europe/Paris';

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
 * @param {{streamers?: number|null, chatters?: number|null, serveArgs?: (demo: string) => string[]}}
 *   [world] null: the demo-data defaults; `serveArgs`: more options of `serve`, given the demo folder
 * @returns {Promise<{base: string, stop: () => Promise<void>, log: () => string, env?: object,
 *   demo?: string}>} `env`: the server's environment (its data folder), to run other commands on it
 */
export async function startApp({ streamers = 200, chatters = 5000, serveArgs = () => [] } = {}) {
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
  const made = spawnSync(python(), ['-m', 'cli', 'demo-data', demo, ...sizes], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`demo-data failed:\n${made.stderr}`);

  const env = { ...process.env, TWITCHGRAPH_DATA_DIR: join(work, 'data'), GRAPH_BACKEND: 'falkordb' };
  return { ...(await serve(work, env, ['--populate', demo, ...serveArgs(demo)])), env, demo };
}

/** `python -m cli <args>` with `env`; throws with its output when it fails. */
export function runCli(args, env, what = args[0]) {
  return run(args, env, what);
}

/**
 * The commands `python -m cli --help` lists (null when it does not run), to skip tests of commands
 * that are not there yet.
 * @returns {Set<string>|null}
 */
export function backendCommands() {
  const help = spawnSync(python(), ['-m', 'cli', '--help'], { cwd: REPO, encoding: 'utf8' });
  if (help.status !== 0) return null;
  const commands = help.stdout.split('Commands:')[1] ?? '';
  return new Set([...commands.matchAll(/^ {2}([a-z][a-z0-9-]*)/gm)].map((match) => match[1]));
}

/** The local date ("YYYY-MM-DD") in `timeZone` of a sample file named after its UTC start. */
export function sampleDate(fileName, timeZone) {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.json\.gz$/.exec(fileName);
  if (!match) return null;
  const [, y, mo, d, h, mi, se] = match.map(Number);
  const start = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(start);
}

function run(args, env, what) {
  const result = spawnSync(python(), ['-m', 'cli', ...args], { cwd: REPO, env, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${what} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

/**
 * The real app with viewer profiles: `demo-samples` into a temporary folder, `process-day` on each of
 * its days in order, then `twitchgraph serve` with `TWITCHGRAPH_OPERATOR_TOKEN` set to `token`.
 * @param {{token: string, days?: number, channels?: number, viewers?: number, seed?: number}} options
 * @returns {Promise<{base: string, stop: () => Promise<void>, log: () => string, samples: string|null,
 *   dates: string[], serveWithout: () => Promise<{base: string, stop: () => Promise<void>}>}>}
 *   `samples`: the sample folder; `dates`: the processed days; `serveWithout()`: a second server on the
 *   same data with no operator token (viewer pages disabled), to stop before the first
 */
export async function startProfilingApp({ token, days = 3, channels = 10, viewers = 300, seed = 1 }) {
  if (process.env.E2E_BASE_URL) {
    const base = process.env.E2E_BASE_URL.replace(/\/$/, '');
    return { base, stop: async () => {}, log: () => '', samples: null, dates: [] };
  }
  if (!existsSync(join(FRONTEND, 'dist', 'index.html'))) {
    throw new Error('frontend/dist is not built: run `npm run build` in frontend/ first');
  }
  const work = mkdtempSync(join(tmpdir(), 'twitchgraph-e2e-profiles-'));
  const samples = join(work, 'samples');
  const env = {
    ...process.env,
    TWITCHGRAPH_DATA_DIR: join(work, 'data'),
    GRAPH_BACKEND: 'falkordb',
    TWITCHGRAPH_TIMEZONE: PROFILE_TIME_ZONE,
  };
  try {
    const sizes = ['--days', String(days), '--channels', String(channels), '--viewers', String(viewers)];
    run(['demo-samples', samples, ...sizes, '--seed', String(seed)], env, 'demo-samples');
    const dates = [...new Set(readdirSync(samples).map((name) => sampleDate(name, PROFILE_TIME_ZONE)))]
      .filter(Boolean)
      .sort();
    for (const date of dates) run(['process-day', samples, '--day', date], env, `process-day --day ${date}`);
    const app = await serve(work, { ...env, TWITCHGRAPH_OPERATOR_TOKEN: token }, []);
    const serveWithout = () => {
      const tokenless = { ...env };
      delete tokenless.TWITCHGRAPH_OPERATOR_TOKEN;
      return serve(mkdtempSync(join(tmpdir(), 'twitchgraph-e2e-tokenless-')), tokenless, []);
    };
    return { ...app, samples, dates, serveWithout };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

/**
 * `twitchgraph serve` on a free port with `env`, serving frontend/dist; `work` is removed on stop.
 * @returns {Promise<{base: string, stop: () => Promise<void>, log: () => string}>}
 */
async function serve(work, environment, args) {
  const port = await freePort();
  const logPath = join(work, 'serve.log');
  const logFd = openSync(logPath, 'w');
  const env = { ...environment, FRONTEND_DIST: join(FRONTEND, 'dist') };
  const server = spawn(python(), ['-m', 'cli', 'serve', '--port', String(port), ...args], {
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

/** A new page of ``browser`` at ``url``, sized, with its problems watched from the first request. */
export async function openPage(browser, url, { width = 1280, height = 900 } = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height });
  const problems = watchProblems(page);
  await page.goto(url);
  return { page, problems };
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
