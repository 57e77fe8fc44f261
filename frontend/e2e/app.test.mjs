/**
 * End to end: the real app (twitchgraph serve on a demo world) in Debian's headless Chromium.
 * Every check compares the page with what the API itself answers. Screenshots of every panel go to
 * test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RANKINGS } from '../src/api/rankings.js';
import { formatShareOfTop } from '../src/lib/format.js';
import { compareNames } from '../src/lib/labels.js';
import { api, launchBrowser, openPage, runCli, screenshot, startApp, waitForGraph } from './support.mjs';

const COUNT = new Intl.NumberFormat('en-US');

let app;
let browser;
let top; // the biggest channel: {login, name}

before(async () => {
  app = await startApp({ streamers: 200, chatters: 5000 });
  browser = await launchBrowser();
  const [name] = (await api(app.base, '/top-streamers-by-followers/1')).streamers.map((s) => s.name);
  const [found] = (await api(app.base, `/search?q=${encodeURIComponent(name)}&limit=1`)).streamers;
  top = found;
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

function open(path, size) {
  return openPage(browser, `${app.base}${path}`, size);
}

/** The ids of the explorer's node list (every node of the graph is a button there). */
function listedNodeIds(page) {
  return page.$$eval('[data-node-id]', (buttons) => buttons.map((b) => b.dataset.nodeId).sort());
}

/** Whether two boxes ({x0, y0, x1, y1}) overlap. */
function overlap(a, b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** Until the explorer's view has stopped moving towards its fit (two looks 200 ms apart agree). */
async function viewAtRest(page) {
  const until = Date.now() + 10_000;
  let before = await page.evaluate(() => window.__TWITCHGRAPH__.explorer.view());
  for (;;) {
    await page.waitForTimeout(200);
    const now = await page.evaluate(() => window.__TWITCHGRAPH__.explorer.view());
    if (Math.abs(now.k - before.k) < 1e-3 && Math.abs(now.x - before.x) < 0.5) return;
    assert.ok(Date.now() < until, 'the view did not come to rest');
    before = now;
  }
}

/**
 * The explorer's picture checked against what it shows: every node inside the canvas (the view fits
 * the graph), the canvas above the fold (on a phone, where the page's top takes half the screen: no
 * taller than the screen), no two labels overlapping.
 */
async function checkExplorerView(page, ids, { aboveFold = true } = {}) {
  const canvas = page.getByRole('application', { name: /Graph of/ });
  const box = await canvas.boundingBox();
  const viewport = page.viewportSize();
  if (aboveFold) {
    assert.ok(
      box.y + box.height <= viewport.height,
      `the graph ends at ${box.y + box.height} px, past the fold`,
    );
  } else {
    assert.ok(box.height <= viewport.height, `the graph is ${box.height} px tall, more than the screen`);
  }
  const outside = [];
  for (const id of ids) {
    const at = await page.evaluate((node) => window.__TWITCHGRAPH__.explorer.position(node), id);
    if (at.x < 0 || at.y < 0 || at.x > box.width || at.y > box.height) outside.push(id);
  }
  assert.deepEqual(outside, [], 'every node is in view');
  const labels = await page.evaluate(() => window.__TWITCHGRAPH__.explorer.labels());
  assert.ok(labels.length > 0, 'some labels are drawn');
  for (let i = 0; i < labels.length; i += 1) {
    for (let j = i + 1; j < labels.length; j += 1) {
      assert.ok(!overlap(labels[i].box, labels[j].box), `${labels[i].text} overlaps ${labels[j].text}`);
    }
  }
}

/** What the Move cell of an API row says: an arrow and a number, "new", or words for screen readers. */
function expectedMove(row, compared) {
  if (!compared) return '';
  if (row.previous_position === null) return 'new';
  const by = row.previous_position - row.position;
  if (by === 0) return 'unchanged since the last recompute';
  return by > 0 ? `▲${by}` : `▼${-by}`;
}

/**
 * An import folder giving the lowest-ranked streamer of `route`'s top (by the API) 300 new chatters: the
 * demo world's streamers, teams, VIPs and moderators (unchanged), and those chatters.
 */
async function audienceFolder(route) {
  const folder = join(mkdtempSync(join(tmpdir(), 'twitchgraph-e2e-audience-')), 'audience');
  mkdirSync(folder);
  let streamer = null;
  for (const row of (await api(app.base, route)).page_rank.toReversed()) {
    const [found] = (await api(app.base, `/search?q=${encodeURIComponent(row.name)}&limit=1`)).streamers;
    if (found?.name === row.name) {
      streamer = found;
      break;
    }
  }
  assert.ok(streamer, `a streamer in ${route}`);
  // The broadcaster's Twitch user id, from its streamers.csv row (id, user_id, user_login come first).
  const streamers = readFileSync(join(app.demo, 'streamers.csv'), 'utf8');
  const userId = streamers
    .split('\n')
    .map((line) => line.split(','))
    .find((cells) => cells[2] === streamer.login)?.[1];
  assert.ok(userId, `${streamer.login} in the demo's streamers.csv`);
  writeFileSync(join(folder, 'streamers.csv'), streamers);
  // The world's teams, VIPs and moderators as they are (a streamer's teams are replaced by the import's).
  for (const name of ['teams.csv', 'vips.csv', 'moderators.csv']) {
    cpSync(join(app.demo, name), join(folder, name));
  }
  const chatters = Array.from({ length: 300 }, (_, i) => `${userId},e2e_audience_${i}`);
  writeFileSync(join(folder, 'chatters.csv'), ['user_id,chatter_login', ...chatters, ''].join('\n'));
  return folder;
}

/** The rows of a table as arrays of cell texts. */
function tableRows(locator) {
  return locator
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent.trim())),
    );
}

describe('the explorer app', () => {
  test("loads with no console error, and the header shows the API's counts and health", async () => {
    const { page, problems } = await open('/');
    const health = await api(app.base, '/health');
    const nodes = page.getByTestId('count-nodes');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="count-nodes"]').dataset.value !== '',
    );
    assert.equal(await nodes.getAttribute('data-value'), String(health.nodes));
    assert.equal(await nodes.textContent(), COUNT.format(health.nodes));
    assert.equal(await page.getByTestId('count-edges').textContent(), COUNT.format(health.edges));
    assert.equal(await page.getByTestId('backend').textContent(), `${health.backend} healthy`);
    await page
      .getByRole('link', { name: new RegExp(top.name) })
      .first()
      .waitFor();
    await screenshot(page, 'explorer-start');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('search by keyboard draws the streamer with the neighbours the API lists', async () => {
    const { page, problems } = await open('/');
    const search = page.getByRole('combobox', { name: 'Find a streamer' });
    await search.focus();
    await page.keyboard.type(top.login.slice(0, 5));
    await page.getByRole('option').first().waitFor();
    // The suggestions are the API's, in its order; walk down to the streamer and pick it.
    const suggestions = await api(app.base, `/search?q=${encodeURIComponent(top.login.slice(0, 5))}&limit=8`);
    const index = suggestions.streamers.findIndex((s) => s.login === top.login);
    assert.ok(index >= 0, `${top.login} is among the suggestions`);
    for (let i = 0; i <= index; i += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('streamer') === top.login);

    await waitForGraph(page, 'explorer');
    const expected = await api(app.base, `/neighbourhood/${encodeURIComponent(top.login)}?limit=60`);
    assert.deepEqual(await listedNodeIds(page), expected.nodes.map((n) => n.id).sort());
    const canvas = page.getByRole('application', { name: /Graph of/ });
    assert.equal(await canvas.getAttribute('data-node-count'), String(expected.nodes.length));
    // Game, language and the chatter sample with its total are named beside the graph.
    const side = page.getByRole('complementary', { name: 'Nodes of the graph' });
    const chatters = expected.groups.find((g) => g.type === 'CHATTER' && g.direction === 'in');
    if (chatters && chatters.total > chatters.nodes.length) {
      await side.getByText(`${chatters.nodes.length} of ${COUNT.format(chatters.total)} shown`).waitFor();
      // The sample is the most active chatters, and says so.
      assert.equal(
        await side.locator('[data-group="CHATTER-in"] [data-testid="chatter-order"]').textContent(),
        'most active across channels first',
      );
    }
    // Links coloured by type, each type named in the legend.
    const types = [...new Set(expected.links.map((link) => link.type))].sort();
    const legend = page.getByRole('list', { name: 'Legend: link colours' });
    const named = await legend.locator('li').evaluateAll((items) => items.map((li) => li.dataset.linkType));
    assert.deepEqual(named.sort(), types);
    const game = expected.nodes.find((n) => n.label === 'Game');
    if (game) await side.locator('.groups').getByText(game.name, { exact: true }).waitFor();
    await screenshot(page, 'explorer-graph');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('clicking a node on the canvas expands it, and the link rebuilds the same graph', async () => {
    const first = await api(app.base, `/neighbourhood/${encodeURIComponent(top.login)}?limit=60`);
    // A landmark (game, language, team) whose own neighbours add nodes to the picture.
    let target = null;
    for (const node of first.nodes.filter((n) => ['Game', 'Language', 'Team'].includes(n.label))) {
      const more = await api(app.base, `/neighbourhood/${encodeURIComponent(node.id)}?limit=30`);
      if (more.nodes.some((n) => !first.nodes.some((m) => m.id === n.id))) {
        target = node;
        break;
      }
    }
    assert.ok(target, 'a game, language or team of the streamer has other neighbours');
    const { page, problems } = await open(`/?streamer=${encodeURIComponent(top.login)}`);
    await waitForGraph(page, 'explorer');

    const canvas = page.getByRole('application', { name: /Graph of/ });
    const box = await canvas.boundingBox();
    const spot = await page.evaluate((id) => window.__TWITCHGRAPH__.explorer.position(id), target.id);
    const answer = page.waitForResponse(
      (r) => r.url().includes('/neighbourhood/') && r.url().includes(encodeURIComponent(target.id)),
    );
    await page.mouse.click(box.x + spot.x, box.y + spot.y);
    const expansion = await (await answer).json();
    await page.waitForURL((url) => url.searchParams.getAll('expand').includes(target.id));

    const union = new Set([...first.nodes, ...expansion.nodes].map((n) => n.id));
    assert.ok(union.size > first.nodes.length, 'the expansion adds nodes');
    await page.waitForFunction((n) => document.querySelectorAll('[data-node-id]').length === n, union.size);
    assert.deepEqual(await listedNodeIds(page), [...union].sort());
    await waitForGraph(page, 'explorer');
    await viewAtRest(page);
    await checkExplorerView(page, [...union]);
    await screenshot(page, 'explorer-expanded');

    // The URL alone rebuilds it: root and expanded node.
    const link = page.url();
    const again = await open(new URL(link).search ? `/${new URL(link).search}` : '/');
    await again.page.waitForFunction(
      (n) => document.querySelectorAll('[data-node-id]').length === n,
      union.size,
    );
    assert.deepEqual(await listedNodeIds(again.page), [...union].sort());

    // At phone width too: in view, above the fold, labels apart.
    const phone = await open(`/${new URL(link).search}`, { width: 390, height: 844 });
    await phone.page.waitForFunction(
      (n) => document.querySelectorAll('[data-node-id]').length === n,
      union.size,
    );
    await waitForGraph(phone.page, 'explorer');
    await viewAtRest(phone.page);
    await checkExplorerView(phone.page, [...union], { aboveFold: false });
    await screenshot(phone.page, 'phone-explorer-expanded');
    await phone.page.close();
    await again.page.close();

    // The refit of the next expansion stops at the user's own zoom.
    const next = expansion.nodes.find((n) => n.label === 'Stream' && n.id !== `Stream:${top.login}`);
    if (next) {
      const at = await page.evaluate((id) => window.__TWITCHGRAPH__.explorer.position(id), next.id);
      const grown = page.waitForResponse(
        (r) => r.url().includes('/neighbourhood/') && r.url().includes(encodeURIComponent(next.id)),
      );
      await page.mouse.click(box.x + at.x, box.y + at.y);
      await grown;
      await page.waitForURL((url) => url.searchParams.getAll('expand').includes(next.id));
      assert.equal(await page.evaluate(() => window.__TWITCHGRAPH__.explorer.view().following), true);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -300);
      await page.waitForTimeout(400);
      const held = await page.evaluate(() => window.__TWITCHGRAPH__.explorer.view());
      assert.equal(held.following, false, 'the wheel stopped the refit');
      await page.waitForTimeout(600);
      const later = await page.evaluate(() => window.__TWITCHGRAPH__.explorer.view());
      assert.deepEqual(
        [later.x, later.y, later.k],
        [held.x, held.y, held.k],
        'the view stays where the user put it',
      );
    }

    assert.deepEqual([...problems, ...again.problems, ...phone.problems], []);
    await page.close();
  });

  test('a node follows the pointer when dragged, and the wheel zooms', async () => {
    const { page, problems } = await open(`/?streamer=${encodeURIComponent(top.login)}`);
    await waitForGraph(page, 'explorer');
    const box = await page.getByRole('application', { name: /Graph of/ }).boundingBox();
    const position = (id) => page.evaluate((node) => window.__TWITCHGRAPH__.explorer.position(node), id);
    const language = await page.locator('[data-node-id^="Language:"]').first().getAttribute('data-node-id');
    const start = await position(language);
    await page.mouse.move(box.x + start.x, box.y + start.y);
    await page.mouse.down();
    await page.mouse.move(box.x + start.x + 60, box.y + start.y + 40, { steps: 6 });
    const held = await position(language);
    assert.ok(Math.hypot(held.x - start.x - 60, held.y - start.y - 40) < 3, 'the node is under the pointer');
    await page.mouse.up();

    const root = `Stream:${top.login}`;
    const before = await position(root);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(300);
    assert.ok((await position(root)).r > before.r * 1.2, 'the wheel zoomed in');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the node list is reachable by keyboard and Enter expands a node', async () => {
    const { page, problems } = await open(`/?streamer=${encodeURIComponent(top.login)}`);
    await waitForGraph(page, 'explorer', { settled: false });
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
    const before = await page.$$eval('[data-node-id]', (b) => b.length);
    const language = page.locator('[data-node-id^="Language:"]').first();
    await language.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-node-id]').length > n, before);
    assert.ok(new URL(page.url()).searchParams.getAll('expand')[0].startsWith('Language:'));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the rankings equal the API's, for the N the user chose, as bars or as tables", async () => {
    const { page, problems } = await open('/?panel=rankings');
    const input = page.getByRole('spinbutton', { name: 'Show the top' });
    await input.fill('7');
    await page.waitForURL((url) => url.searchParams.get('n') === '7');
    const expectedOf = async ({ route, namesKey, valuesKey }, query = '') => {
      const body = await api(app.base, `/${route}/7${query}`);
      return body[namesKey].map((row, i) => [
        String(i + 1),
        row.name,
        COUNT.format(body[valuesKey][i][valuesKey]),
      ]);
    };
    // Bars first, one view at a time: each bar's name and number are the API's, and no table is drawn.
    for (const ranking of RANKINGS) {
      const expected = await expectedOf(ranking);
      const card = page.locator(`article[data-route="${ranking.route}"]`);
      await card
        .locator('svg g')
        .nth(expected.length - 1)
        .waitFor();
      assert.deepEqual(
        await card.locator('svg title').allTextContents(),
        expected.map(([, name, count]) => `${name}: ${count}`),
        ranking.route,
      );
      assert.equal(
        await card.locator('svg rect').count(),
        expected.length,
        `${ranking.route}: one bar per row`,
      );
    }
    assert.equal(await page.locator('article table').count(), 0);
    await screenshot(page, 'rankings');
    // The same numbers as tables, at a click.
    await page.getByRole('button', { name: 'Table' }).click();
    await page.waitForURL((url) => url.searchParams.get('view') === 'table');
    for (const ranking of RANKINGS) {
      const expected = await expectedOf(ranking);
      const table = page.locator(`article[data-route="${ranking.route}"] table`);
      await table
        .locator('tbody tr')
        .nth(expected.length - 1)
        .waitFor();
      assert.deepEqual(await tableRows(table), expected, ranking.route);
    }
    assert.equal(await page.locator('article .bar-chart').count(), 0);
    // A column header sorts its table.
    const games = page.locator('article[data-route="top-games"]');
    await games.getByRole('button', { name: /Name/ }).click();
    const names = (await tableRows(games.locator('table'))).map((row) => row[1]);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b)),
    );
    await screenshot(page, 'rankings-table');
    // Known bots are left out of the rankings of people by default; the toggle counts them, as the API.
    const moderators = RANKINGS.find((r) => r.route === 'top-moderators');
    const withBots = await expectedOf(moderators, '?include_bots=1');
    assert.notDeepEqual(await expectedOf(moderators), withBots, 'the demo world has moderator bots');
    await page.getByRole('checkbox', { name: 'Include known bots' }).check();
    await page.waitForURL((url) => url.searchParams.get('include_bots') === '1');
    const modTable = page.locator('article[data-route="top-moderators"] table');
    await modTable.getByText(withBots[0][1], { exact: true }).waitFor();
    assert.deepEqual(await tableRows(modTable), withBots);
    for (const ranking of RANKINGS.filter((r) => r.people)) {
      const table = page.locator(`article[data-route="${ranking.route}"] table`);
      const expected = await expectedOf(ranking, '?include_bots=1');
      await table
        .locator('tbody tr')
        .nth(expected.length - 1)
        .waitFor();
      assert.deepEqual(await tableRows(table), expected, `${ranking.route} with bots`);
    }
    // A game opens in the explorer as its node, with none of the rankings' state in the URL.
    const game = (await tableRows(games.locator('table')))[0][1];
    await games.getByRole('link', { name: game, exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('panel') === 'explorer');
    assert.deepEqual(
      [...new URL(page.url()).searchParams],
      [
        ['panel', 'explorer'],
        ['streamer', `Game:${game}`],
      ],
    );
    await waitForGraph(page, 'explorer');
    assert.deepEqual(problems, []);
    await page.close();
    // At phone width, the bars.
    const phone = await open('/?panel=rankings', { width: 390, height: 844 });
    await phone.page.waitForFunction(
      (n) => document.querySelectorAll('article .bar-chart').length === n,
      RANKINGS.length,
    );
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 0, `the rankings' bars scroll sideways by ${overflow}px at 390 px`);
    await screenshot(phone.page, 'phone-rankings-bars');
    assert.deepEqual(phone.problems, []);
    await phone.page.close();
  });

  test('the landing: the top channels with their followers, an error without backticks', async () => {
    const top6 = await api(app.base, '/top-streamers-by-followers/6');
    for (const width of [1280, 390]) {
      const { page, problems } = await open('/', { width, height: 900 });
      const first = page.locator('.suggestions .chip').first();
      await first.waitFor();
      assert.equal(
        (await first.textContent()).replace(/\s+/g, ' ').trim(),
        `${top6.streamers[0].name} ${COUNT.format(top6.followers[0].followers)} followers`,
      );
      await screenshot(page, `landing-${width}`);
      assert.deepEqual(problems, []);
      await page.close();
    }
    // The server does not answer: the message names the command as code, never with literal backticks.
    const page = await browser.context.newPage();
    await page.route('**/top-streamers-by-followers/*', (route) => route.abort());
    await page.goto(`${app.base}/`);
    const alert = page.locator('.suggestions').getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /Is twitchgraph serve running\?/);
    assert.ok(!(await alert.textContent()).includes('`'), 'no literal backtick');
    assert.equal(await alert.locator('code').textContent(), 'twitchgraph serve');
    await screenshot(page, 'landing-error', { element: page.locator('.suggestions') });
    await page.close();
  });

  test('the finder shows the streamers of a language and a game', async () => {
    const [game] = (await api(app.base, '/top-games/1')).games.map((g) => g.name);
    const languages = (await api(app.base, '/languages')).languages.map((l) => l.title);
    let language = null;
    let expected = null;
    for (const code of languages) {
      const graph = await api(app.base, `/streamers/${encodeURIComponent(code)}/${encodeURIComponent(game)}`);
      if (graph.nodes.some((n) => n.label === 'Stream')) {
        language = code;
        expected = graph;
        break;
      }
    }
    assert.ok(language, `someone streams ${game}`);
    const { page, problems } = await open('/?panel=finder');
    await page.getByRole('combobox', { name: 'Language' }).selectOption(language);
    await page.getByRole('combobox', { name: 'Game' }).fill(game);
    await page.keyboard.press('Enter');
    await waitForGraph(page, 'finder');
    const listed = await page
      .getByRole('complementary', { name: 'Streamers found' })
      .getByRole('link')
      .allTextContents();
    const found = expected.nodes.filter((n) => n.label === 'Stream');
    // By name, case-insensitive and locale-aware (the API's order is by code point).
    assert.deepEqual(listed, found.map((n) => n.name).sort(compareNames));
    const canvas = page.getByRole('application', { name: /Graph of the/ });
    assert.equal(await canvas.getAttribute('data-node-count'), String(expected.nodes.length));
    // Sized by followers: more followers, never a smaller node.
    const radii = [];
    for (const node of found) {
      const at = await page.evaluate((id) => window.__TWITCHGRAPH__.finder.position(id), node.id);
      radii.push([node.followers ?? 0, at.r]);
    }
    radii.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < radii.length; i += 1)
      assert.ok(radii[i][1] >= radii[i - 1][1] - 1e-9, 'sized by followers');
    if (radii.length > 1 && radii.at(-1)[0] > radii[0][0]) assert.ok(radii.at(-1)[1] > radii[0][1]);
    await screenshot(page, 'finder');
    const phone = await open(new URL(page.url()).search ? `/${new URL(page.url()).search}` : '/', {
      width: 390,
      height: 844,
    });
    await waitForGraph(phone.page, 'finder');
    await screenshot(phone.page, 'phone-finder-result');
    assert.deepEqual([...problems, ...phone.problems], []);
    await phone.page.close();
    await page.close();
  });

  test("influence shows the API's PageRank and betweenness rankings, and moves after a change", async () => {
    const { page, problems } = await open('/?panel=influence&top=10');
    const measures = [
      ['/page-rank?limit=10', 'page_rank', 'page-rank'],
      ['/betweenness-centrality?limit=10', 'bc', 'betweenness-centrality'],
    ];
    /** The page's tables equal the API's answers: names, and each row's move since the recompute before. */
    const sameAsApi = async () => {
      for (const [route, key, article] of measures) {
        const body = await api(app.base, route);
        const card = page.locator(`article[data-measure="${article}"]`);
        await page.waitForFunction(
          ([name, version]) =>
            document.querySelector(`article[data-measure="${name}"]`)?.dataset.version === version,
          [article, body.version],
          { timeout: 60_000 },
        );
        await card
          .locator('tbody tr')
          .nth(body[key].length - 1)
          .waitFor();
        const rows = await tableRows(card.locator('table'));
        assert.deepEqual(
          rows.map((row) => row[2]),
          body[key].map((row) => (row.streamer ? `${row.name}streamer` : row.name)),
          route,
        );
        // Scores as a share of the top one, never in exponent form.
        const scoreKey = key === 'bc' ? 'betweenness_centrality' : 'rank';
        const best = Math.max(...body[key].map((row) => row[scoreKey]));
        assert.deepEqual(
          rows.map((row) => row[3]),
          body[key].map((row) => formatShareOfTop(row[scoreKey], best)),
          `${route}: scores`,
        );
        assert.deepEqual(
          rows.map((row) => row[1]),
          body[key].map((row) => expectedMove(row, body.previous_computed_at !== null)),
          `${route}: moves`,
        );
        assert.equal(await card.getByRole('columnheader', { name: /Move/ }).count(), 1);
      }
    };
    /** Until the server's background recompute has caught up with the graph: no measure is stale. */
    const scoresRecomputed = async () => {
      const until = Date.now() + 120_000;
      for (;;) {
        const answers = await Promise.all(measures.map(([route]) => api(app.base, route)));
        if (answers.every((body) => body.stale === false)) return;
        assert.ok(Date.now() < until, 'the scores were not recomputed after the load in time');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    await sameAsApi();
    if (app.env) {
      // A change of the graph: a streamer low in the PageRank top gains hundreds of new chatters. The
      // panel fetches the scores again by itself once the live events say so; the moves are the API's.
      await page.waitForFunction(() => document.querySelector('section[data-watching="true"]'));
      runCli(['load', await audienceFolder('/page-rank?limit=10')], app.env, 'load');
      await scoresRecomputed();
      await sameAsApi();
      const moved = (await api(app.base, '/page-rank?limit=10')).page_rank;
      assert.ok(
        moved.some((row) => row.previous_position !== row.position),
        'the load moved someone in the PageRank top 10',
      );
      assert.match(
        await page.getByTestId('computed-at').first().textContent(),
        /^Computed .+ UTC; moves since the recompute of .+ UTC\.( Estimated from .+)?$/,
      );
    }
    await screenshot(page, 'influence');

    // The bubbles: one circle per row, named as the API names them, bigger for a bigger score.
    await page.getByRole('button', { name: 'Bubbles' }).click();
    const body = await api(app.base, '/page-rank?limit=10');
    const bubbles = page.locator('article[data-measure="page-rank"] .bubble-chart g[data-name]');
    await bubbles.nth(body.page_rank.length - 1).waitFor();
    const circles = await bubbles.evaluateAll((groups) =>
      groups.map((g) => [g.dataset.name, Number(g.querySelector('circle').getAttribute('r'))]),
    );
    assert.deepEqual(
      circles.map(([name]) => name),
      body.page_rank.map((row) => row.name),
    );
    const byScore = body.page_rank.map((row, i) => [row.rank, circles[i][1]]).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < byScore.length; i += 1) assert.ok(byScore[i][1] >= byScore[i - 1][1] - 1e-6);
    await screenshot(page, 'influence-bubbles');
    const phone = await open('/?panel=influence&top=10&view=bubbles', { width: 390, height: 844 });
    await phone.page
      .locator('article[data-measure="page-rank"] .bubble-chart g[data-name]')
      .first()
      .waitFor();
    await screenshot(phone.page, 'phone-influence-bubbles');
    assert.deepEqual([...problems, ...phone.problems], []);
    await phone.page.close();
    await page.close();
  });

  test('an API error shows a message with a retry that works', async () => {
    const page = await browser.context.newPage();
    let fail = true;
    await page.route('**/top-games/*', (route) =>
      fail
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: 'the graph database is unavailable', status: 503 }),
          })
        : route.continue(),
    );
    await page.goto(`${app.base}/?panel=rankings`);
    const alert = page.locator('article[data-route="top-games"]').getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /Could not load games\. the graph database is unavailable/);
    await screenshot(page, 'rankings-error', { element: page.locator('article[data-route="top-games"]') });
    fail = false;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.locator('article[data-route="top-games"] .bar-chart').waitFor();
    await page.close();
  });

  test('readable at phone width: no sideways scrolling on any panel', async () => {
    for (const [name, path] of [
      ['explorer', `/?streamer=${encodeURIComponent(top.login)}`],
      ['rankings', '/?panel=rankings&view=table'],
      ['finder', '/?panel=finder'],
      ['influence', '/?panel=influence'],
      ['atlas', '/?panel=atlas'],
    ]) {
      const { page, problems } = await open(path, { width: 390, height: 844 });
      if (name === 'explorer') await waitForGraph(page, 'explorer');
      else if (name === 'atlas') {
        await page.waitForFunction(() => window.__TWITCHGRAPH__?.atlas?.firstDrawnAt() != null, null, {
          timeout: 60_000,
        });
      } else await page.locator('h2#panel-title').waitFor();
      const tables = { rankings: RANKINGS.length, influence: 2 }[name];
      if (tables) {
        await page.waitForFunction((n) => document.querySelectorAll('article table').length === n, tables, {
          timeout: 60_000,
        });
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px at 390 px`);
      await screenshot(page, `phone-${name}`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  test('draws 2,000 nodes on screen and keeps animating', async () => {
    // The biggest channels with up to 1,000 neighbours per relationship, expanded together.
    const names = (await api(app.base, '/top-streamers-by-followers/12')).streamers.map((s) => s.name);
    const logins = [];
    for (const name of names) {
      logins.push((await api(app.base, `/search?q=${encodeURIComponent(name)}&limit=1`)).streamers[0].login);
    }
    const query = new URLSearchParams({ streamer: logins[0], limit: '1000' });
    for (const login of logins.slice(1)) query.append('expand', `Stream:${login}`);
    const { page, problems } = await open(`/?${query}`);
    await page.waitForFunction((n) => (window.__TWITCHGRAPH__?.explorer?.nodeCount() ?? 0) >= n, 2000, {
      timeout: 60_000,
    });
    // Frames per second while the simulation runs and the canvas redraws every frame.
    const { fps, nodes, worstMs } = await page.evaluate(
      () =>
        new Promise((done) => {
          const times = [];
          const start = performance.now();
          const step = (now) => {
            times.push(now);
            if (now - start < 2000) requestAnimationFrame(step);
            else {
              const gaps = times.slice(1).map((t, i) => t - times[i]);
              done({
                fps: (times.length - 1) / ((now - start) / 1000),
                nodes: window.__TWITCHGRAPH__.explorer.nodeCount(),
                worstMs: Math.max(...gaps),
              });
            }
          };
          requestAnimationFrame(step);
        }),
    );
    console.log(`# ${nodes} nodes: ${fps.toFixed(1)} frames/s, worst frame ${worstMs.toFixed(0)} ms`);
    assert.ok(nodes >= 2000);
    // Frames keep coming; how many per second is the benchmark's figure (make bench: frontend), not a
    // test's: a timing floor here failed on a slower Chromium build with the code unchanged.
    assert.ok(fps > 0, `no frame drawn with ${nodes} nodes`);
    await screenshot(page, 'explorer-2000-nodes', { fullPage: false });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
