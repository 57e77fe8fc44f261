/**
 * End to end, live: the real app with an in-process replay (`serve --replay`) in headless Chromium.
 * The header's counters move when the graph changes, without a reload (from /events); the Live panel
 * shows the chatters the replay writes. Screenshots at 1280 px and 390 px.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { api, launchBrowser, openPage, REPO, runCli, screenshot, startApp } from './support.mjs';

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
});
