/**
 * End to end, live: the real app with an in-process replay (`serve --replay`) in headless Chromium.
 * The header's counters move when the graph changes, without a reload (from /events); the Live panel
 * shows the chatters the replay writes; the explorer's graph of a streamer gains the chatters the replay
 * writes into that channel, highlighted. Screenshots at 1280 px and 390 px.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  api,
  launchBrowser,
  openPage,
  REPO,
  runCli,
  screenshot,
  startApp,
  waitForGraph,
} from './support.mjs';

const REPLAY_RATE = 20; // messages a second: the panel fills within seconds

let app;
let browser;

before(async () => {
  app = await startApp({
    streamers: 50,
    chatters: 1000,
    serveArgs: (demo) => ['--replay', demo, '--replay-rate', String(REPLAY_RATE)],
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

/** The tiny fixture with new chatters of its own, as an import folder to load into the running graph. */
function extraFolder() {
  const folder = join(mkdtempSync(join(tmpdir(), 'twitchgraph-e2e-extra-')), 'extra');
  cpSync(join(REPO, 'tests', 'fixtures', 'tiny'), folder, { recursive: true });
  const chatters = join(folder, 'chatters.csv');
  writeFileSync(chatters, `${readFileSync(chatters, 'utf8')}1001,e2e_newcomer_one\n1001,e2e_newcomer_two\n`);
  return folder;
}

/**
 * The replay's rows in the order it sends them (VIPs, moderators, chatters: backend/stream/rows.py) as
 * runs of one channel: [{start, length, login}], `start` counting messages from the first.
 */
function replayRuns(demo) {
  const logins = new Map();
  for (const line of readFileSync(join(demo, 'streamers.csv'), 'utf8').split('\n').slice(1)) {
    const cells = line.split(',');
    if (cells.length > 2) logins.set(cells[1], cells[2]);
  }
  const ids = [];
  for (const name of ['vips.csv', 'moderators.csv', 'chatters.csv']) {
    const lines = readFileSync(join(demo, name), 'utf8').split('\n').filter(Boolean);
    for (const line of lines.slice(lines[0].startsWith('user_id,') ? 1 : 0)) ids.push(line.split(',')[0]);
  }
  const runs = [];
  ids.forEach((id, index) => {
    if (index > 0 && ids[index - 1] === id) runs[runs.length - 1].length += 1;
    else runs.push({ start: index, length: 1, login: logins.get(id) });
  });
  return runs;
}

/** A channel whose rows the replay sends from `lead` seconds on, for a while, by its status now. */
async function upcomingChannel(lead = 6) {
  const { messages } = await api(app.base, '/stream/status');
  const run = replayRuns(app.demo).find(
    (candidate) =>
      candidate.start >= messages + lead * REPLAY_RATE && candidate.length >= 8 && candidate.login,
  );
  assert.ok(run, `the replay (${messages} messages sent) has no channel left to write`);
  return run.login;
}

const counter = (page, which) => page.getByTestId(`count-${which}`).getAttribute('data-value');

describe('live updates', { skip: process.env.E2E_BASE_URL ? 'needs its own server' : false }, () => {
  test('the header counters move when the graph changes, without a reload', async () => {
    const { page, problems } = await openPage(browser, `${app.base}/`);
    await page.waitForFunction(() => document.querySelector('.counters')?.dataset.live === 'open');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="count-nodes"]').dataset.value !== '',
    );
    const before = Number(await counter(page, 'nodes'));
    let navigations = 0;
    page.on('framenavigated', () => (navigations += 1));
    runCli(['load', extraFolder()], app.env, 'load');
    const health = await api(app.base, '/health');
    assert.ok(health.nodes > before, `the load added nodes (${before} -> ${health.nodes})`);
    // /health is not polled while the stream is open: only a counts event can move the header.
    await page.waitForFunction(
      (nodes) => Number(document.querySelector('[data-testid="count-nodes"]').dataset.value) >= nodes,
      health.nodes,
      { timeout: 15_000 },
    );
    assert.equal(navigations, 0);
    assert.ok(Number(await counter(page, 'edges')) >= health.edges);
    assert.deepEqual(problems, []);
    await page.close();
  });

  for (const [name, size] of [
    ['live', { width: 1280, height: 900 }],
    ['phone-live', { width: 390, height: 844 }],
  ]) {
    test(`the Live panel shows arriving chatters per channel (${size.width} px)`, async () => {
      const { page, problems } = await openPage(browser, `${app.base}/?panel=live`, size);
      await page.getByRole('heading', { level: 2, name: 'Live' }).waitFor();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="live-connection"]')?.dataset.state === 'open',
      );
      await page.locator('[data-testid="live-feed"] li').nth(5).waitFor({ timeout: 20_000 });
      const status = await api(app.base, '/stream/status');
      assert.equal(status.source, 'replay');
      assert.match(await page.getByTestId('stream-summary').textContent(), /replay · (running|stopped)/);
      // Counted in one look: the replay adds channel rows while the test reads them.
      const [rows, sparklines] = await page.evaluate(() => [
        document.querySelectorAll('tr[data-channel]').length,
        document.querySelectorAll('tr[data-channel] svg.sparkline').length,
      ]);
      assert.ok(rows >= 1, 'at least one channel row');
      assert.equal(sparklines, rows, 'a sparkline on every channel row');
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `the Live panel scrolls sideways by ${overflow}px`);
      await page.waitForTimeout(3000); // a few more arrivals for the sparklines
      await screenshot(page, name);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  for (const [name, size] of [
    ['explorer-live', { width: 1280, height: 900 }],
    ['phone-explorer-live', { width: 390, height: 844 }],
  ]) {
    test(`the explorer's graph gains the chatters arriving in its channel, highlighted (${size.width} px)`, async () => {
      const login = await upcomingChannel();
      // Three chatters per group: the channel's others arrive as new nodes.
      const url = `${app.base}/?panel=explorer&streamer=${encodeURIComponent(login)}&limit=3`;
      const { page, problems } = await openPage(browser, url, size);
      await waitForGraph(page, 'explorer', { settled: false });
      await page.waitForFunction(
        () => document.querySelector('[data-testid="explorer-live"]')?.dataset.state === 'open',
      );
      const before = await page.evaluate(() => window.__TWITCHGRAPH__.explorer.nodeCount());
      await page.waitForFunction(
        (count) => {
          const graph = window.__TWITCHGRAPH__.explorer;
          return graph.nodeCount() > count && graph.highlighted().length > 0;
        },
        before,
        { timeout: 30_000 },
      );
      const [highlighted, after] = await page.evaluate(() => [
        window.__TWITCHGRAPH__.explorer.highlighted(),
        window.__TWITCHGRAPH__.explorer.nodeCount(),
      ]);
      assert.ok(after > before, `nodes ${before} -> ${after}`);
      assert.ok(
        highlighted.every((id) => id.includes(':')),
        `node ids: ${highlighted}`,
      );
      // The new ones are in the node list too, as the graph's other nodes.
      const listed = await page.evaluate(
        (ids) => ids.filter((id) => document.querySelector(`[data-node-id="${CSS.escape(id)}"]`)).length,
        highlighted,
      );
      assert.equal(listed, highlighted.length);
      assert.match(await page.getByTestId('explorer-live').textContent(), /[1-9]\d* new chatters? live/);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `the explorer scrolls sideways by ${overflow}px`);
      await page.waitForTimeout(1000); // the new nodes settle near the streamer, still ringed
      await screenshot(page, name, { fullPage: false });
      // Pause: nothing more joins while paused.
      await page.getByRole('button', { name: 'Pause' }).click();
      assert.equal(await page.getByTestId('explorer-live').getAttribute('data-state'), 'paused');
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});
