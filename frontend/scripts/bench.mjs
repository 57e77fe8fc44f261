/**
 * Measured in Debian's Chromium against the real app on the default demo world (bench/frontend.py runs
 * this and prints the figures):
 *   - first graph: from the start of navigation to the first frame of the explorer's graph drawn for the
 *     biggest channel, in a fresh browser profile (cold cache) each run, after one warm-up run;
 *   - frames per second with 2,000+ nodes on screen while the layout runs;
 *   - the Atlas page's first map: from the start of navigation to the first frame of the map of the
 *     demo world's default atlas (computed by the server beforehand), in a fresh profile each run, after
 *     one warm-up run;
 *   - the Atlas page's frames per second while the map is dragged around for PAN_MS, with 2,000 channels
 *     and 20,000 links on it (e2e/atlasScale.mjs: a synthetic /atlas answer put in place of the server's).
 * Prints one line: BENCH <json>.
 *
 * Usage: node scripts/bench.mjs [--runs N] [--no-fps]
 */
import { parseArgs } from 'node:util';
import { openSyntheticAtlas, panFrames, syntheticAtlas } from '../e2e/atlasScale.mjs';
import { api, launchBrowser, startApp } from '../e2e/support.mjs';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, 'no-fps': { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
const FPS_NODES = 2000;
const FPS_WINDOW_MS = 3000;
const ATLAS_CHANNELS = 2000;
const ATLAS_LINKS = 20_000;
const PAN_MS = 3000;
const ATLAS_CURRENT_TIMEOUT_MS = 300_000;

const app = await startApp({ streamers: null, chatters: null });
try {
  const [name] = (await api(app.base, '/top-streamers-by-followers/1')).streamers.map((s) => s.name);
  const [top] = (await api(app.base, `/search?q=${encodeURIComponent(name)}&limit=1`)).streamers;

  const firstGraphMs = [];
  for (let run = 0; run <= runs; run += 1) {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${app.base}/?streamer=${encodeURIComponent(top.login)}`);
      const handle = await page.waitForFunction(
        () => window.__TWITCHGRAPH__?.explorer?.firstDrawMs() ?? null,
        null,
        {
          timeout: 60_000,
        },
      );
      const ms = await handle.jsonValue();
      if (run > 0) firstGraphMs.push(ms); // run 0 warms the server's caches
    } finally {
      await browser.close();
    }
  }

  let fps = null;
  if (!values['no-fps']) fps = await framesPerSecond(app.base);
  const atlas = await atlasFigures(app.base);
  console.log(`BENCH ${JSON.stringify({ streamer: top.login, firstGraphMs, fps, atlas })}`);
} finally {
  await app.stop();
}

/**
 * The Atlas page: its first map on the demo world (each run in a fresh browser, run 0 a warm-up), then
 * frames per second while dragging a map of ATLAS_CHANNELS channels and ATLAS_LINKS links.
 */
async function atlasFigures(base) {
  // The server computes the default atlas in the background after it starts: measured once it is current.
  const until = Date.now() + ATLAS_CURRENT_TIMEOUT_MS;
  let current = await api(base, '/atlas');
  while (current.stale) {
    if (Date.now() > until) throw new Error('the default atlas was not recomputed in time');
    await new Promise((done) => setTimeout(done, 500));
    current = await api(base, '/atlas');
  }
  const firstMapMs = [];
  for (let run = 0; run <= runs; run += 1) {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${base}/?panel=atlas`);
      const handle = await page.waitForFunction(
        () => window.__TWITCHGRAPH__?.atlas?.firstDrawnAt() ?? null,
        null,
        {
          timeout: 60_000,
        },
      );
      const ms = await handle.jsonValue();
      if (run > 0) firstMapMs.push(ms);
    } finally {
      await browser.close();
    }
  }
  const browser = await launchBrowser();
  try {
    const page = await openSyntheticAtlas(browser, base, syntheticAtlas(ATLAS_CHANNELS, ATLAS_LINKS));
    const channels = await page.evaluate(() => window.__TWITCHGRAPH__.atlas.nodeCount());
    const pan = await panFrames(page, { durationMs: PAN_MS });
    return {
      channels: current.nodes.length,
      links: current.links.length,
      firstMapMs,
      pan: { channels, ...pan },
    };
  } finally {
    await browser.close();
  }
}

/** Open the biggest channels, up to 1,000 neighbours per relationship, until 2,000 nodes are on screen. */
async function framesPerSecond(base) {
  const names = (await api(base, '/top-streamers-by-followers/20')).streamers.map((s) => s.name);
  const seen = new Set();
  const logins = [];
  for (const name of names) {
    const [found] = (await api(base, `/search?q=${encodeURIComponent(name)}&limit=1`)).streamers;
    const hood = await api(base, `/neighbourhood/${encodeURIComponent(found.id)}?limit=1000`);
    hood.nodes.forEach((node) => seen.add(node.id));
    logins.push(found.login);
    if (seen.size >= FPS_NODES) break;
  }
  const query = new URLSearchParams({ streamer: logins[0], limit: '1000' });
  logins.slice(1).forEach((login) => query.append('expand', `Stream:${login}`));
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${base}/?${query}`);
    await page.waitForFunction((n) => (window.__TWITCHGRAPH__?.explorer?.nodeCount() ?? 0) >= n, seen.size, {
      timeout: 60_000,
    });
    return await page.evaluate(
      (windowMs) =>
        new Promise((done) => {
          const times = [];
          const step = (now) => {
            times.push(now);
            if (now - times[0] < windowMs) requestAnimationFrame(step);
            else {
              const gaps = times
                .slice(1)
                .map((t, i) => t - times[i])
                .sort((a, b) => a - b);
              done({
                nodes: window.__TWITCHGRAPH__.explorer.nodeCount(),
                framesPerSecond: (times.length - 1) / ((now - times[0]) / 1000),
                p95FrameMs: gaps[Math.floor(gaps.length * 0.95)],
                stillMoving: window.__TWITCHGRAPH__.explorer.alpha() > 0.001,
              });
            }
          };
          requestAnimationFrame(step);
        }),
      FPS_WINDOW_MS,
    );
  } finally {
    await browser.close();
  }
}
