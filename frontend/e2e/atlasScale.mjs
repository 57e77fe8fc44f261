/**
 * The Atlas page at its intended scale, shared by its end-to-end test and the benchmark
 * (scripts/bench.mjs): a synthetic /atlas answer of 2,000 channels and 20,000 links put in place of the
 * server's in the browser, and the frames the map draws while the user drags it around.
 */

/** The map has drawn (its first frame) with `version` of the atlas on it (null: any). */
export async function waitForAtlasMap(page, version = null, timeout = 60_000) {
  await page.waitForFunction(
    (wanted) => {
      const handle = window.__TWITCHGRAPH__?.atlas;
      const panel = document.querySelector('section[aria-labelledby="panel-title"]');
      return (
        handle &&
        handle.firstDrawnAt() !== null &&
        handle.nodeCount() > 0 &&
        (wanted === null || panel?.dataset.version === wanted)
      );
    },
    version,
    { timeout },
  );
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/**
 * A new page of `browser` on the Atlas page of `base`, its /atlas answered with `atlas` (any query),
 * once the map has drawn it.
 */
export async function openSyntheticAtlas(browser, base, atlas, { width = 1280, height = 900 } = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height });
  await page.route(/\/atlas(\?|$)/, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(atlas) }),
  );
  await page.goto(`${base}/?panel=atlas`);
  await waitForAtlasMap(page, atlas.version);
  return page;
}

/**
 * Drag the map around in circles for `durationMs` and count the frames it draws meanwhile, and how long
 * each took to draw. The drag is d3-zoom's mouse gesture, driven in the page: a mousedown on the canvas,
 * then one mousemove per animation frame (as Chromium delivers a real drag's moves, coalesced to the
 * frame rate), then a mouseup. Driven from Node instead, each move waits for a round trip to the browser,
 * and the figure would be that round trip's rate, not the page's.
 * @returns {Promise<{frames: number, seconds: number, framesPerSecond: number, moves: number,
 *   drawMedianMs: number, drawP95Ms: number, drawWorstMs: number}>}
 */
export async function panFrames(page, { durationMs = 3000, radius = 120 } = {}) {
  const measured = await page.evaluate(
    ({ duration, r }) =>
      new Promise((done) => {
        const canvas = document.querySelector('.atlas-map canvas');
        const handle = window.__TWITCHGRAPH__.atlas;
        const box = canvas.getBoundingClientRect();
        const [cx, cy] = [box.left + box.width / 2, box.top + box.height / 2];
        const fire = (target, type, angle) =>
          target.dispatchEvent(
            new MouseEvent(type, {
              clientX: cx + r * Math.cos(angle),
              clientY: cy + r * Math.sin(angle),
              button: 0,
              buttons: type === 'mouseup' ? 0 : 1,
              bubbles: true,
              cancelable: true,
              view: window,
            }),
          );
        fire(canvas, 'mousedown', 0);
        const start = performance.now();
        const frames0 = handle.frames();
        const draws = [];
        let last = frames0;
        let moves = 0;
        const tick = (now) => {
          const frames = handle.frames();
          if (frames !== last) draws.push(handle.lastDrawMs());
          last = frames;
          if (now - start >= duration) {
            fire(window, 'mouseup', moves / 12);
            done({ frames: frames - frames0, seconds: (now - start) / 1000, draws, moves });
            return;
          }
          moves += 1;
          fire(window, 'mousemove', moves / 12);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { duration: durationMs, r: radius },
  );
  const draws = [...measured.draws].sort((a, b) => a - b);
  const at = (q) => (draws.length ? draws[Math.min(draws.length - 1, Math.floor(q * draws.length))] : 0);
  return {
    frames: measured.frames,
    seconds: measured.seconds,
    framesPerSecond: measured.frames / measured.seconds,
    moves: measured.moves,
    drawMedianMs: at(0.5),
    drawP95Ms: at(0.95),
    drawWorstMs: draws.at(-1) ?? 0,
  };
}

/**
 * An /atlas answer of `n` channels in twelve communities laid out in rings, and `m` links mostly within
 * communities (deterministic: a fixed linear congruential sequence).
 */
export function syntheticAtlas(n, m) {
  let seed = 42;
  const random = () => {
    seed = (seed * 1664525 + 1013904223) % 2 ** 32;
    return seed / 2 ** 32;
  };
  const groups = 12;
  const nodes = Array.from({ length: n }, (_, i) => {
    const community = i % groups;
    const angle = (2 * Math.PI * community) / groups;
    const spread = 0.25 * Math.sqrt(random());
    const turn = 2 * Math.PI * random();
    return {
      login: `channel_${String(i).padStart(4, '0')}`,
      name: `Channel ${i}`,
      audience: Math.round(50_000 / (i + 1)) + 10,
      community,
      x: Math.max(-1, Math.min(1, 0.65 * Math.cos(angle) + spread * Math.cos(turn))),
      y: Math.max(-1, Math.min(1, 0.65 * Math.sin(angle) + spread * Math.sin(turn))),
      game: `Game ${i % 30}`,
      language: ['en', 'fr', 'de', 'es', 'ko'][i % 5],
    };
  });
  const seen = new Set();
  const links = [];
  while (links.length < m) {
    const a = Math.floor(random() * n);
    const sameGroup = random() < 0.8;
    let b = sameGroup
      ? (a + groups * (1 + Math.floor(random() * (n / groups - 1)))) % n
      : Math.floor(random() * n);
    if (b === a) b = (a + 1) % n;
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const shared = 2 + Math.floor(200 * random() ** 3);
    links.push({
      source: nodes[a].login,
      target: nodes[b].login,
      shared,
      jaccard: shared / 5000,
      weight: shared,
    });
  }
  const communities = Array.from({ length: groups }, (_, id) => ({
    id,
    size: nodes.filter((node) => node.community === id).length,
    label: `Channel ${id}, Channel ${id + groups} · Game ${id}`,
    top_games: [],
    languages: [],
  }));
  return {
    nodes,
    links,
    communities,
    modularity: 0.5,
    min_shared: 2,
    version: 'synthetic',
    computed_at: '2026-12-01T09:12:03Z',
    stale: false,
  };
}
