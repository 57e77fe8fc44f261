/**
 * Measured in Debian's Chromium against the real app on the default demo world (bench/frontend.py runs
 * this and prints the figures):
 *   - first graph: from the start of navigation to the first frame of the explorer's graph drawn for the
 *     biggest channel, in a fresh browser profile (cold cache) each run, after one warm-up run;
 *   - frames per second with 2,000+ nodes on screen while the layout runs.
 * Prints one line: BENCH <json>.
 *
 * Usage: node scripts/bench.mjs [--runs N] [--no-fps]
 */
import { parseArgs } from 'node:util';
import { api, launchBrowser, startApp } from '../e2e/support.mjs';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, 'no-fps': { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
const FPS_NODES = 2000;
const FPS_WINDOW_MS = 3000;

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
  console.log(`BENCH ${JSON.stringify({ streamer: top.login, firstGraphMs, fps })}`);
} finally {
  await app.stop();
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
