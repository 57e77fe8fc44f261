/**
 * End to end: the Atlas page and the explorer's channels in common, on the real app (twitchgraph serve on
 * a demo world) in Debian's headless Chromium. Every check compares the page with what the API itself
 * answers: the map's channels and colours with /atlas, the channel card with /overlap/<login>, the
 * community card with /communities/<id>, the explorer's card with /overlap/<login>?metric=share&limit=5.
 * The watched source: on the demo world (no processed day) the page says what to run; on a world of
 * viewer profiling (demo-samples, then process-day on each day) the map of the last D days is
 * /atlas?source=watched&days=D's. A synthetic atlas of 2,000 channels and 20,000 links (the API's answer
 * replaced in the browser) checks that the map keeps drawing as it zooms and pans. Screenshots at 1280 px
 * and 390 px go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OVERLAP_METRICS } from '../src/lib/atlas.js';
import { formatPercent } from '../src/lib/format.js';
import { communityColour } from '../src/lib/palette.js';
import { openSyntheticAtlas, panFrames, syntheticAtlas, waitForAtlasMap } from './atlasScale.mjs';
import {
  api,
  backendCommands,
  launchBrowser,
  openPage,
  screenshot,
  startApp,
  startProfilingApp,
} from './support.mjs';

const PHONE = { width: 390, height: 844 };

let app;
let browser;
let current; // the default atlas once current: the one the page shows
let biggest; // its biggest channel: {login, name, ...}

before(async () => {
  app = await startApp({ streamers: 200, chatters: 5000 });
  browser = await launchBrowser();
  current = await currentAtlas();
  biggest = current.nodes[0];
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

/** The default atlas, once the server's background job has caught up with the graph (not stale). */
async function currentAtlas() {
  const until = Date.now() + 120_000;
  for (;;) {
    const body = await api(app.base, '/atlas');
    if (!body.stale) return body;
    assert.ok(Date.now() < until, 'the atlas was not recomputed in time');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function open(path, size) {
  return openPage(browser, `${app.base}${path}`, size);
}

/** Wait until the map has drawn `version` (null: any) of the atlas. */
function waitForMap(page, version = current.version) {
  return waitForAtlasMap(page, version);
}

const mapNodes = (page) => page.evaluate(() => window.__TWITCHGRAPH__.atlas.nodes());

/** The channel card's rows as shown: [name, value]. */
function cardRows(page) {
  return page
    .locator('.atlas-card .overlap-bars li')
    .evaluateAll((rows) =>
      rows.map((row) => [
        row.querySelector('a').textContent,
        row.querySelector('.overlap-value').textContent,
      ]),
    );
}

/** What the card should show for `/overlap/<login>?metric=`: names, and numbers as the card formats them. */
async function expectedRows(login, metricId) {
  const metric = OVERLAP_METRICS.find((m) => m.id === metricId);
  const body = await api(app.base, `/overlap/${encodeURIComponent(login)}?limit=10&metric=${metricId}`);
  return body.channels.map((row) => [row.name, metric.format(row[metricId])]);
}

/** How far the page scrolls sideways (0: not at all). */
const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('the atlas', () => {
  test("draws the API's channels, each in its community's colour, with the legend of its communities", async () => {
    const { page, problems } = await open('/?panel=atlas');
    await waitForMap(page);
    const drawn = await mapNodes(page);
    const byLogin = (list) => [...list].map((n) => n.login).sort();
    assert.deepEqual(byLogin(drawn), byLogin(current.nodes));
    const expected = new Map(current.nodes.map((n) => [n.login, n.community]));
    for (const node of drawn) {
      assert.equal(node.community, expected.get(node.login), `${node.login}: community`);
      assert.equal(node.colour, communityColour(node.community), `${node.login}: colour`);
    }
    // One colour per community (up to twenty), and the canvas really has it where that community's
    // biggest dot is big enough to have pixels of its exact colour.
    const colours = new Map(current.communities.map((c) => [c.id, communityColour(c.id)]));
    if (current.communities.length <= 20) assert.equal(new Set(colours.values()).size, colours.size);
    const visible = current.communities
      .filter((c) => drawn.some((n) => n.community === c.id && n.r >= 4))
      .map((c) => colours.get(c.id));
    assert.ok(visible.length > 0, 'some community has a dot of 4 px or more');
    const found = await page.evaluate((wanted) => {
      const canvas = document.querySelector('.atlas-map canvas');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      const hex = (i) => `#${[0, 1, 2].map((k) => data[i + k].toString(16).padStart(2, '0')).join('')}`;
      const seen = new Set();
      for (let i = 0; i < data.length; i += 4) seen.add(hex(i));
      return wanted.filter((colour) => seen.has(colour));
    }, visible);
    assert.deepEqual(found, visible, 'every community with a big enough dot has pixels of its colour');
    assert.equal(
      await page.locator('.atlas-map canvas').getAttribute('data-link-count'),
      String(current.links.length),
    );

    // The legend: every community with its label and size, biggest first, then the channels with no link.
    const legend = await page
      .locator('.community-button')
      .evaluateAll((buttons) =>
        buttons.map((b) => [
          Number(b.dataset.community),
          b.querySelector('.community-label').textContent,
          b.querySelector('.legend-count').textContent,
        ]),
      );
    const communities = [...current.communities]
      .sort((a, b) => b.size - a.size || a.id - b.id)
      .map((c) => [c.id, c.label, c.size.toLocaleString('en-US')]);
    const unlinked = current.nodes.filter((n) => n.community === -1).length;
    if (unlinked) communities.push([-1, 'Not linked', unlinked.toLocaleString('en-US')]);
    assert.deepEqual(legend, communities);
    // The heading says the threshold the server chose.
    assert.match(
      await page.locator('.panel-heading p').textContent(),
      new RegExp(`share at least ${current.min_shared.toLocaleString('en-US')} chatters?;`),
    );
    // Labels never overlap.
    const labels = await page.evaluate(() => window.__TWITCHGRAPH__.atlas.labels());
    assert.ok(labels.length > 0, 'some channels are labelled');
    for (let i = 0; i < labels.length; i += 1) {
      for (let j = i + 1; j < labels.length; j += 1) {
        const [a, b] = [labels[i].box, labels[j].box];
        assert.ok(!(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1), 'labels overlap');
      }
    }
    await screenshot(page, 'atlas-1280');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("a click on the biggest channel opens its card: the API's channels in common, by each metric", async () => {
    const { page, problems } = await open('/?panel=atlas');
    await waitForMap(page);
    const canvas = page.locator('.atlas-map canvas');
    const box = await canvas.boundingBox();
    const spot = await page.evaluate((login) => window.__TWITCHGRAPH__.atlas.position(login), biggest.login);
    await page.mouse.click(box.x + spot.x, box.y + spot.y);
    await page.waitForURL((url) => url.searchParams.get('channel') === biggest.login);
    const card = page.locator('.atlas-card');
    assert.equal(await card.getByRole('heading', { level: 3 }).textContent(), biggest.name);
    await card.getByText(`${biggest.audience.toLocaleString('en-US')} chatters`).waitFor();

    const shared = await expectedRows(biggest.login, 'shared');
    assert.ok(shared.length > 0, `${biggest.login} has channels in common`);
    await page.waitForFunction(
      (n) => document.querySelectorAll('.atlas-card .overlap-bars li').length === n,
      shared.length,
    );
    assert.deepEqual(await cardRows(page), shared);
    await page.mouse.move(box.x + 2, box.y + box.height - 2); // the tooltip away: the map in full
    await page.waitForTimeout(100);
    await screenshot(page, 'atlas-card-1280');

    for (const metric of ['share', 'jaccard', 'lift']) {
      const expected = await expectedRows(biggest.login, metric);
      await card.getByRole('combobox', { name: 'Order by' }).selectOption(metric);
      await page.waitForURL((url) => url.searchParams.get('metric') === metric);
      await page.waitForFunction(
        (want) =>
          JSON.stringify(
            [...document.querySelectorAll('.atlas-card .overlap-bars li')].map((row) => [
              row.querySelector('a').textContent,
              row.querySelector('.overlap-value').textContent,
            ]),
          ) === want,
        JSON.stringify(expected),
        { timeout: 15_000 },
      );
      assert.deepEqual(await cardRows(page), expected, metric);
    }

    // A row selects its channel; the explorer link opens the explorer on the selected one.
    const [next] = await expectedRows(biggest.login, 'lift');
    const nextLogin = (
      await api(app.base, `/overlap/${encodeURIComponent(biggest.login)}?limit=10&metric=lift`)
    ).channels[0].login;
    await card.getByRole('link', { name: next[0], exact: true }).first().click();
    await page.waitForURL((url) => url.searchParams.get('channel') === nextLogin);
    assert.equal(await page.evaluate(() => window.__TWITCHGRAPH__.atlas.selected()), nextLogin);
    await page.locator('.atlas-card').getByRole('link', { name: 'Open in the explorer' }).click();
    await page.waitForURL(
      (url) => url.searchParams.get('panel') === 'explorer' && url.searchParams.get('streamer') === nextLogin,
    );
    await page.getByRole('application', { name: /Graph of/ }).waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the search box selects and centres a channel; filters dim the others and stay in the URL', async () => {
    const { page, problems } = await open('/?panel=atlas');
    await waitForMap(page);
    // A linked channel whose name is in no other's (typing it leaves it the first suggestion).
    const unique = (node) =>
      !current.nodes.some(
        (other) => other !== node && other.name.toLowerCase().includes(node.name.toLowerCase()),
      );
    const target = current.nodes.find((n) => n.community >= 0 && n !== biggest && unique(n)) ?? biggest;
    await page.getByRole('combobox', { name: 'Find a channel' }).fill(target.name);
    await page
      .getByRole('option', { name: new RegExp(`^${escapeRegExp(target.name)}`) })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('channel') === target.login);
    const box = await page.locator('.atlas-map canvas').boundingBox();
    const spot = await page.evaluate((login) => window.__TWITCHGRAPH__.atlas.position(login), target.login);
    assert.ok(Math.abs(spot.x - box.width / 2) < 2 && Math.abs(spot.y - box.height / 2) < 2, 'centred');

    const [language] = Object.entries(countBy(current.nodes, 'language')).sort((a, b) => b[1] - a[1])[0];
    await page.getByRole('combobox', { name: 'Language' }).selectOption(language);
    await page.waitForURL((url) => url.searchParams.get('language') === language);
    const dimmed = (await mapNodes(page))
      .filter((n) => n.dimmed)
      .map((n) => n.login)
      .sort();
    assert.deepEqual(
      dimmed,
      current.nodes
        .filter((n) => n.language !== language)
        .map((n) => n.login)
        .sort(),
    );
    // The URL alone gives the same view.
    const again = await open(new URL(page.url()).search ? `/${new URL(page.url()).search}` : '/');
    await waitForMap(again.page);
    assert.equal(await again.page.getByRole('combobox', { name: 'Language' }).inputValue(), language);
    assert.equal(await again.page.evaluate(() => window.__TWITCHGRAPH__.atlas.selected()), target.login);
    assert.deepEqual([...problems, ...again.problems], []);
    await again.page.close();
    await page.close();
  });

  test('a threshold and a weight of its own: the map is the API’s for them', async () => {
    const minShared = current.min_shared + 3;
    const expected = await api(app.base, `/atlas?min_shared=${minShared}&weight=jaccard`);
    const { page, problems } = await open('/?panel=atlas');
    await waitForMap(page);
    const input = page.getByRole('spinbutton', { name: 'Min. shared chatters' });
    assert.equal(await input.inputValue(), String(current.min_shared));
    await input.fill(String(minShared));
    await page.getByRole('combobox', { name: 'Link weight' }).selectOption('jaccard');
    await page.waitForURL(
      (url) =>
        url.searchParams.get('min_shared') === String(minShared) &&
        url.searchParams.get('weight') === 'jaccard',
    );
    await page.waitForFunction(
      (n) => document.querySelector('.atlas-map canvas')?.dataset.linkCount === String(n),
      expected.links.length,
    );
    const drawn = await mapNodes(page);
    const communities = new Map(expected.nodes.map((n) => [n.login, n.community]));
    assert.ok(drawn.every((n) => communities.get(n.login) === n.community));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('at 390 px: controls stacked, the map full width, the card below it, nothing sideways', async () => {
    const { page, problems } = await open('/?panel=atlas', PHONE);
    await waitForMap(page);
    assert.ok((await sideways(page)) <= 0, 'the atlas scrolls sideways at 390 px');
    const map = await page.locator('.atlas-map canvas').boundingBox();
    const main = await page.locator('main').boundingBox();
    assert.ok(map.width >= main.width - 40, `the map is ${map.width}px wide of ${main.width}`);
    await screenshot(page, 'atlas-390');
    await page.close();

    const card = await open(`/?panel=atlas&channel=${encodeURIComponent(biggest.login)}`, PHONE);
    await waitForMap(card.page);
    await card.page.locator('.atlas-card .overlap-bars li').first().waitFor();
    const mapBox = await card.page.locator('.atlas-map canvas').boundingBox();
    const cardBox = await card.page.locator('.atlas-card').boundingBox();
    assert.ok(cardBox.y >= mapBox.y + mapBox.height, 'the card is below the map');
    assert.ok(cardBox.x >= 0 && cardBox.x + cardBox.width <= PHONE.width, 'the card is on screen');
    assert.ok((await sideways(card.page)) <= 0, 'the card scrolls sideways at 390 px');
    await screenshot(card.page, 'atlas-card-390');
    assert.deepEqual([...problems, ...card.problems], []);
    await card.page.close();
  });

  test("the explorer's streamer card lists its five channels in common by share, linking to the atlas", async () => {
    const body = await api(app.base, `/overlap/${encodeURIComponent(biggest.login)}?metric=share&limit=5`);
    assert.ok(body.channels.length > 0 && body.channels.length <= 5, 'one to five channels in common');
    const { page, problems } = await open(`/?streamer=${encodeURIComponent(biggest.login)}`);
    const section = page.getByTestId('channels-in-common');
    await section
      .locator('li')
      .nth(body.channels.length - 1)
      .waitFor();
    const rows = await section
      .locator('li')
      .evaluateAll((items) =>
        items.map((li) => [
          li.querySelector('a').textContent,
          li.querySelector('.in-common-share').textContent,
        ]),
      );
    assert.deepEqual(
      rows,
      body.channels.map((row) => [row.name, formatPercent(row.share * 100)]),
    );
    await screenshot(page, 'explorer-in-common', { element: page.locator('.selected-node') });
    const [first] = body.channels;
    await section.getByRole('link', { name: first.name, exact: true }).click();
    await page.waitForURL(
      (url) => url.searchParams.get('panel') === 'atlas' && url.searchParams.get('channel') === first.login,
    );
    await waitForMap(page, null);
    await page.locator('.atlas-card').getByRole('heading', { name: first.name, exact: true }).waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('2,000 channels and 20,000 links: the map draws them and keeps redrawing as it zooms and pans', async () => {
    const synthetic = syntheticAtlas(2000, 20_000);
    const page = await openSyntheticAtlas(browser, app.base, synthetic);
    assert.equal(await page.evaluate(() => window.__TWITCHGRAPH__.atlas.nodeCount()), 2000);
    assert.equal(await page.locator('.atlas-map canvas').getAttribute('data-link-count'), '20000');
    await page.locator('.atlas-map canvas').focus();
    const before = await page.evaluate(() => window.__TWITCHGRAPH__.atlas.frames());
    const times = [];
    for (const key of ['+', '+', '+', '+', 'ArrowLeft', 'ArrowUp', '-', '-', '-', '-', '0', '+', '-']) {
      await page.keyboard.press(key);
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      times.push(await page.evaluate(() => window.__TWITCHGRAPH__.atlas.lastDrawMs()));
    }
    const frames = (await page.evaluate(() => window.__TWITCHGRAPH__.atlas.frames())) - before;
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `# 2,000 channels, 20,000 links: ${frames} frames, draw median ${sorted[sorted.length >> 1].toFixed(1)} ms, ` +
        `worst ${sorted.at(-1).toFixed(1)} ms`,
    );
    // Frames keep coming; how fast is a figure to read, not a floor (timing floors failed on slower builds).
    assert.ok(frames >= times.length, `${frames} frames for ${times.length} zoom and pan steps`);
    // Dragging: the view moves, and frames come while it does (the benchmark's measure, shorter).
    const centre = await page.evaluate(() => window.__TWITCHGRAPH__.atlas.position('channel_0000'));
    const pan = await panFrames(page, { durationMs: 1000 });
    console.log(
      `# panning: ${pan.framesPerSecond.toFixed(1)} frames/s, draw median ${pan.drawMedianMs.toFixed(1)} ms, ` +
        `p95 ${pan.drawP95Ms.toFixed(1)} ms`,
    );
    assert.ok(pan.frames > 0 && pan.moves > 0, `${pan.frames} frames for ${pan.moves} drag steps`);
    const moved = await page.evaluate(() => window.__TWITCHGRAPH__.atlas.position('channel_0000'));
    assert.ok(Math.hypot(moved.x - centre.x, moved.y - centre.y) > 1, 'the drag moved the map');
    await screenshot(page, 'atlas-2000-channels', { fullPage: false });
    await page.close();
  });

  test("the channel card's community opens the community card: the API's /communities/<id>, shown on the map", async () => {
    const community = biggest.community;
    assert.ok(community >= 0, `${biggest.login} is in a community`);
    const expected = await api(app.base, `/communities/${community}`);
    for (const size of [undefined, PHONE]) {
      const { page, problems } = await open(
        `/?panel=atlas&channel=${encodeURIComponent(biggest.login)}`,
        size,
      );
      await waitForMap(page);
      const card = page.locator('.atlas-card');
      await card.getByRole('button', { name: expected.label, exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('community') === String(community));
      const detail = page.locator('.community-card');
      await detail.getByRole('heading', { level: 3, name: expected.label }).waitFor();
      await detail.locator('.community-channels li').first().waitFor();
      const named = (list) =>
        list.map((v) => `${v.name} (${v.channels.toLocaleString('en-US')})`).join(', ') || '–';
      assert.equal(await detail.getByTestId('community-games').textContent(), named(expected.top_games));
      assert.equal(await detail.getByTestId('community-languages').textContent(), named(expected.languages));
      const shownChannels = await detail
        .locator('.community-channels li')
        .evaluateAll((items) => items.map((li) => li.dataset.login));
      assert.deepEqual(
        shownChannels,
        expected.channels.slice(0, 8).map((c) => c.login),
      );
      const bridges = await detail
        .locator('.community-bridges li')
        .evaluateAll((items) =>
          items.map((li) => [
            li.dataset.login,
            [...li.querySelectorAll('.bridge-community')].map((a) => Number(a.dataset.community)),
          ]),
        );
      assert.deepEqual(
        bridges,
        expected.bridges.map((b) => [b.login, b.communities]),
      );
      // The map shows that community: every other channel dimmed.
      const dimmed = (await mapNodes(page))
        .filter((n) => n.dimmed)
        .map((n) => n.login)
        .sort();
      assert.deepEqual(
        dimmed,
        current.nodes
          .filter((n) => n.community !== community)
          .map((n) => n.login)
          .sort(),
      );
      if (expected.channels.length > 8) {
        await detail.getByRole('button', { name: /^Show all/ }).click();
        assert.equal(await detail.locator('.community-channels li').count(), expected.channels.length);
        await detail.getByRole('button', { name: /^Show the first/ }).click();
      }
      assert.ok((await sideways(page)) <= 0, 'the community card scrolls sideways');
      await page.mouse.move(1, 1);
      await screenshot(page, size ? 'atlas-community-390' : 'atlas-community-1280');
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  test('a channel nobody is known by: a calm sentence, no failed request, no error', async () => {
    const login = 'no_such_streamer_here';
    const { page, problems } = await open(`/?panel=atlas&channel=${login}`);
    await waitForMap(page);
    const unseen = page.locator('.atlas-card').getByTestId('atlas-unseen');
    await unseen.waitFor();
    assert.equal(
      await unseen.textContent(),
      `No chatters seen for ${login} yet: no streamer by that name is in the graph.`,
    );
    assert.equal(await page.locator('.atlas-card [role="alert"]').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the watched source with no processed day says what to run, and goes back to the chatters', async () => {
    const health = await api(app.base, '/pipeline/health');
    assert.deepEqual(health.days, [], 'the demo world has no processed day');
    const { page, problems } = await open('/?panel=atlas');
    await waitForMap(page);
    await page.getByRole('radio', { name: /^Watched, last 7 days/ }).check();
    await page.waitForURL(
      (url) => url.searchParams.get('source') === 'watched' && url.searchParams.get('days') === '7',
    );
    const message = page.getByTestId('atlas-no-days');
    await message.waitFor();
    assert.match(await message.textContent(), /No day of viewer profiling has been processed yet/);
    assert.match(await message.textContent(), /twitchgraph process-day SAMPLEDIR --all/);
    assert.equal(await page.locator('.atlas-map canvas').count(), 0);
    await page.getByRole('button', { name: 'Map the chatters instead' }).click();
    await page.waitForURL((url) => !url.searchParams.has('source'));
    await waitForMap(page);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

// A world of viewer profiling: the watched source's map is the API's for the window chosen.
const commands = process.env.E2E_BASE_URL ? null : backendCommands();
const profilingSkip = process.env.E2E_BASE_URL
  ? 'E2E_BASE_URL is set: the test prepares its own server'
  : !commands?.has('demo-samples') || !commands?.has('process-day')
    ? 'the backend has no demo-samples or process-day command'
    : false;

describe('the atlas of watched audiences', { skip: profilingSkip }, () => {
  let profiled;
  let watchedBrowser;

  before(async () => {
    profiled = await startProfilingApp({ token: 'atlas-e2e', days: 3, channels: 10, viewers: 300, seed: 1 });
    watchedBrowser = await launchBrowser();
  });

  after(async () => {
    await watchedBrowser?.close();
    await profiled?.stop();
  });

  test("switching to the last D processed days draws /atlas?source=watched&days=D's map, and its card", async () => {
    assert.equal(profiled.dates.length, 3, 'three processed days');
    const expected = await api(profiled.base, '/atlas?source=watched&days=2');
    assert.ok(expected.nodes.length > 0, 'viewers were seen in the last two days');
    const chatters = await api(profiled.base, '/atlas');
    const page = await watchedBrowser.context.newPage();
    const problems = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${profiled.base}/?panel=atlas`);
    await waitForAtlasMap(page, null);
    await page.getByRole('radio', { name: /^Watched/ }).check();
    const slider = page.getByRole('slider', { name: 'Days of viewer profiling' });
    await slider.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(
      (url) => url.searchParams.get('source') === 'watched' && url.searchParams.get('days') === '2',
    );
    await page.waitForFunction(() => document.querySelector('section.panel')?.dataset.source === 'watched/2');
    await page.waitForFunction(
      (n) => document.querySelector('.atlas-map canvas')?.dataset.linkCount === String(n),
      expected.links.length,
    );
    await page.waitForFunction(() => !document.querySelector('section.panel[aria-busy="true"]'));
    const drawn = await page.evaluate(() => window.__TWITCHGRAPH__.atlas.nodes());
    assert.deepEqual(
      drawn.map((n) => [n.login, n.community]).sort(),
      expected.nodes.map((n) => [n.login, n.community]).sort(),
    );
    // Not the chatters' map by accident: audiences differ (the watched ones count lurkers too).
    const audience = (atlas) => atlas.nodes.map((n) => `${n.login}:${n.audience}`).sort();
    assert.notDeepEqual(audience(expected), audience(chatters));
    const covered = await page.getByTestId('atlas-window').textContent();
    assert.match(covered, /viewers of 2 processed days/);

    // The channel card asks /overlap with the same window.
    const [top] = expected.nodes;
    const overlap = await api(
      profiled.base,
      `/overlap/${encodeURIComponent(top.login)}?limit=10&metric=shared&source=watched&days=2`,
    );
    await page.getByRole('combobox', { name: 'Find a channel' }).fill(top.name);
    await page
      .getByRole('option', { name: new RegExp(`^${escapeRegExp(top.name)}`) })
      .first()
      .click();
    await page.waitForURL((url) => url.searchParams.get('channel') === top.login);
    const card = page.locator('.atlas-card');
    await card.getByText(`${overlap.audience.toLocaleString('en-US')} viewers`).waitFor();
    if (overlap.channels.length) {
      await page.waitForFunction(
        (n) => document.querySelectorAll('.atlas-card .overlap-bars li').length === n,
        overlap.channels.length,
      );
      assert.deepEqual(
        await cardRows(page),
        overlap.channels.map((row) => [row.name, OVERLAP_METRICS[0].format(row.shared)]),
      );
    }
    await screenshot(page, 'atlas-watched-1280');
    assert.deepEqual(problems, []);
    await page.close();
  });
});

function countBy(list, key) {
  const counts = {};
  for (const item of list) if (item[key]) counts[item[key]] = (counts[item[key]] ?? 0) + 1;
  return counts;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
