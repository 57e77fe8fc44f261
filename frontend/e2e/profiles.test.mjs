/**
 * End to end: the overview and viewer pages on real profiling data. demo-samples writes a few days of
 * windows, process-day processes each day in order, and `twitchgraph serve` runs with an operator token;
 * Debian's headless Chromium then drives the pages, and every check compares them with what the API
 * itself answers. Screenshots of every new panel, at 1280 px and 390 px, go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import {
  formatAverageMinutes,
  formatCount,
  formatMinutes,
  formatPercent,
  formatSeconds,
} from '../src/lib/format.js';
import {
  backendCommands,
  launchBrowser,
  PROFILE_TIME_ZONE,
  openPage,
  screenshot,
  startProfilingApp,
  watchProblems,
} from './support.mjs';

const NEEDED = ['demo-samples', 'process-day'];
const TOKEN = randomBytes(24).toString('hex');
const SANITY_FILL = { ok: '#15803d', failed: '#b91c1c' };
const TOP_FAVOURITES = 10;
const FAVOURITES = [
  ['recent-channels', 'recent_channels', (row) => formatPercent(row.score_pct)],
  ['recent-games', 'recent_games', (row) => formatPercent(row.score_pct)],
  ['all-time-channels', 'all_time_channels', (row) => formatMinutes(row.minutes)],
  ['all-time-games', 'all_time_games', (row) => formatMinutes(row.minutes)],
];
const OVERVIEW_CARDS = ['sanity', 'viewers-last-day', 'viewers-per-day', 'sanity-per-day', 'stage-times'];
const VIEWER_CARDS = [
  'viewer-summary',
  'recent-channels',
  'recent-games',
  'all-time-channels',
  'all-time-games',
  'schedule',
  'heatmap',
  'day',
];

/** Why these tests cannot run here, or false. */
function skipReason() {
  if (process.env.E2E_BASE_URL) {
    return 'E2E_BASE_URL is set: these tests prepare their own server (demo-samples, process-day, a token)';
  }
  const commands = backendCommands();
  if (commands === null) return '`python -m cli --help` does not run: install the backend (make setup)';
  const missing = NEEDED.filter((command) => !commands.has(command));
  return missing.length
    ? `the backend has no ${missing.join(' or ')} command yet (viewer profiling, issue 5)`
    : false;
}

let app;
let browser;
let viewers; // two logins with a profile: the most present first

before(async () => {
  if (skipReason()) return;
  app = await startProfilingApp({ token: TOKEN, days: 3, channels: 10, viewers: 300, seed: 1 });
  browser = await launchBrowser();
  viewers = await viewersWithProfiles(2);
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

/** GET a route as JSON, with the operator's token when given. */
async function api(path, token = null) {
  const response = await fetch(`${app.base}${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Logins seen in the samples, most windows first, kept when the API has a profile with 2+ days. */
async function viewersWithProfiles(count) {
  const presences = new Map();
  for (const name of readdirSync(app.samples).filter((n) => n.endsWith('.json.gz'))) {
    const sample = JSON.parse(gunzipSync(readFileSync(join(app.samples, name))).toString('utf8'));
    for (const channel of sample.channels) {
      for (const login of [...channel.chatters, ...channel.lurkers]) {
        presences.set(login, (presences.get(login) ?? 0) + 1);
      }
    }
  }
  const found = [];
  const candidates = [...presences].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [login] of candidates) {
    const response = await fetch(`${app.base}/viewers/${encodeURIComponent(login)}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    if (response.status === 404) continue; // a bot, removed
    assert.equal(response.status, 200, `GET /viewers/${login}`);
    const profile = await response.json();
    if (profile.days.length >= 2) found.push(profile);
    if (found.length === count) return found;
  }
  throw new Error(`fewer than ${count} viewers of the samples have a profile of two days or more`);
}

function open(path, size) {
  return openPage(browser, `${app.base}${path}`, size);
}

/** The rows of a table as arrays of cell texts. */
function tableRows(locator) {
  return locator
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent.trim())),
    );
}

async function signIn(page, token) {
  const field = page.getByLabel('Operator token');
  await field.focus();
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
}

/**
 * "2026-05-09T20:05:00Z" -> "22:05": the clock in the page's time zone, the server's by default
 * (TWITCHGRAPH_TIMEZONE, which /viewers/<login> names), not the browser's (UTC here).
 */
const clockIn = (iso, timeZone = PROFILE_TIME_ZONE) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );

/** What the day's table should list: the API's windows by start time, ties in the API's order. */
function expectedWindows(day, timeZone = PROFILE_TIME_ZONE) {
  return day.windows
    .map((w, i) => ({ w, i }))
    .sort((a, b) => Date.parse(a.w.start) - Date.parse(b.w.start) || a.i - b.i)
    .map(({ w }) => [clockIn(w.start, timeZone), w.channel, w.game ?? '–', formatCount(w.minutes)]);
}

/** The day panel shows `date`: the same windows as the API, the same minutes per channel. */
async function assertDayShown(page, login, date, timeZone = PROFILE_TIME_ZONE) {
  const day = await api(`/viewers/${encodeURIComponent(login)}/day/${date}`, TOKEN);
  const card = page.locator('[data-card="day"]');
  assert.equal(await card.getByRole('combobox', { name: 'Day' }).inputValue(), date);
  const total = day.windows.reduce((sum, w) => sum + w.minutes, 0);
  await card.locator(`[data-testid="day-total"][data-value="${total}"]`).waitFor();
  assert.deepEqual(await tableRows(card.locator('table')), expectedWindows(day, timeZone));
  const perChannel = (pairs) =>
    Object.fromEntries(
      [...pairs.reduce((m, [c, v]) => m.set(c, (m.get(c) ?? 0) + v), new Map())].sort(([a], [b]) =>
        a.localeCompare(b),
      ),
    );
  const bars = await card
    .locator('.timeline-bar')
    .evaluateAll((rects) => rects.map((r) => [r.dataset.channel, Number(r.dataset.minutes)]));
  assert.deepEqual(perChannel(bars), perChannel(day.windows.map((w) => [w.channel, w.minutes])));
  return day;
}

const SKIP = skipReason();

describe('the overview and viewer pages on processed days', { skip: SKIP }, () => {
  test('the processed days are the sample days', async () => {
    const { days } = await api('/pipeline/days');
    assert.deepEqual(
      days.map((d) => d.date),
      app.dates,
    );
  });

  test("the overview shows /pipeline/health's and /pipeline/days' numbers", async () => {
    const health = await api('/pipeline/health');
    const { days } = await api('/pipeline/days');
    const { page, problems } = await open('/?panel=overview');

    // 1. database sanity and the last day; 2. its viewers and the change
    await page.getByTestId('sanity').waitFor();
    assert.equal(await page.getByTestId('sanity').getAttribute('data-value'), health.sanity);
    assert.equal(await page.getByTestId('last-day').getAttribute('data-value'), health.last_day);
    const viewersLastDay = page.getByTestId('viewers-last-day');
    assert.equal(await viewersLastDay.getAttribute('data-value'), String(health.viewers_last_day));
    assert.equal(await viewersLastDay.textContent(), formatCount(health.viewers_last_day));
    assert.equal(
      await page.getByTestId('viewers-change').getAttribute('data-value'),
      String(health.viewers_change ?? ''),
    );
    assert.equal(health.last_day, days.at(-1).date);
    assert.equal(health.viewers_last_day, days.at(-1).viewers);
    // The change compares with the same weekday a week earlier (not processed here: three days).
    const weekBefore = new Date(Date.parse(`${health.last_day}T00:00:00Z`) - 7 * 86_400_000);
    assert.equal(health.compared_with, weekBefore.toISOString().slice(0, 10));
    assert.match(await page.getByTestId('viewers-change').textContent(), /same weekday a week earlier/);

    // 3. viewers per day: one column per day, heights in proportion, the numbers in the table
    const viewersCard = page.locator('[data-card="viewers-per-day"]');
    const heights = await viewersCard
      .locator('rect[data-series="viewers"]')
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('height'))));
    assert.equal(heights.length, days.length);
    const tallest = days.reduce((best, d, i) => (d.viewers > days[best].viewers ? i : best), 0);
    days.forEach((d, i) => {
      assert.ok(Math.abs(heights[i] / heights[tallest] - d.viewers / days[tallest].viewers) < 1e-6, d.date);
    });
    await viewersCard.getByText('Every day in numbers').click();
    const expectedDays = [...days]
      .reverse()
      .map((d) => [
        d.date,
        formatCount(d.viewers),
        formatCount(d.channels),
        formatCount(d.windows),
        formatCount(d.presences),
        formatCount(d.bots_banned),
        { ok: 'OK', failed: 'Failed' }[d.sanity],
      ]);
    assert.deepEqual(await tableRows(viewersCard.locator('table')), expectedDays);

    // 4. sanity per day: each day's cell in its colour, a cross on failed days
    const calendar = page.locator('[data-chart="sanity"]');
    for (const d of health.days) {
      const cell = calendar.locator(`g[data-date="${d.date}"]`);
      assert.equal(await cell.locator('rect').getAttribute('fill'), SANITY_FILL[d.sanity], d.date);
      assert.equal(await cell.locator('.calendar-mark').count(), d.sanity === 'failed' ? 1 : 0);
    }
    const failed = health.days.filter((d) => d.sanity === 'failed').length;
    assert.match(
      await page.getByTestId('sanity-summary').textContent(),
      new RegExp(`^${health.days.length - failed} days? OK, ${failed ? failed : 'none'} failed`),
    );

    // 5. stage times: the stages in pipeline order, stacked in proportion, the seconds in the table
    const stages = Object.keys(days[0].stages);
    const stagesCard = page.locator('[data-card="stage-times"]');
    const legend = await stagesCard
      .getByRole('list', { name: /Legend: stages/ })
      .getByRole('listitem')
      .allTextContents();
    assert.equal(legend.length, stages.length);
    const segments = await stagesCard
      .locator('g.column rect')
      .evaluateAll((rects) =>
        rects.map((r) => [r.closest('g').dataset.id, r.dataset.series, Number(r.getAttribute('height'))]),
      );
    const first = segments.find(([date, stage]) => date === days[0].date && stage === stages[0]);
    for (const [date, stage, height] of segments) {
      const seconds = days.find((d) => d.date === date).stages[stage];
      assert.ok(
        Math.abs(height - (first[2] * seconds) / days[0].stages[stages[0]]) < 1e-3,
        `${date} ${stage}`,
      );
    }
    await stagesCard.getByText('Stage times in numbers').click();
    const expectedStages = [...days].reverse().map((d) => {
      const total = stages.reduce((sum, s) => sum + d.stages[s], 0);
      return [d.date, ...stages.map((s) => formatSeconds(d.stages[s])), formatSeconds(total)];
    });
    assert.deepEqual(await tableRows(stagesCard.locator('table')), expectedStages);

    await screenshot(page, 'overview');
    for (const card of OVERVIEW_CARDS) {
      await screenshot(page, `overview-${card}`, { element: page.locator(`[data-card="${card}"]`) });
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the viewer page refuses a wrong token and never puts the token in the URL', async () => {
    const [viewer] = viewers;
    const { page, problems } = await open(`/?panel=viewer&viewer=${encodeURIComponent(viewer.login)}`);
    await page.getByRole('heading', { name: 'Operator sign-in' }).waitFor();
    await screenshot(page, 'viewer-sign-in');
    // The token is checked at sign-in: refused there, before any viewer is asked for.
    const asked = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    const refused = page.waitForResponse((r) => r.url().endsWith('/operator/check') && r.status() === 401);
    await signIn(page, `${TOKEN}-wrong`);
    await refused;
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /The server refused that token \(401\)/);
    assert.equal(await page.getByText('Signed in as the operator').count(), 0);
    assert.deepEqual(
      asked.filter((path) => path.startsWith('/viewers')),
      [],
    );
    assert.equal(await page.evaluate(() => document.activeElement.id), 'operator-token');
    assert.equal(await page.evaluate(() => window.sessionStorage.length), 0);
    assert.ok(!page.url().includes(TOKEN));
    await screenshot(page, 'viewer-sign-in-refused');
    // The browser logs the refused request itself; nothing else may go wrong.
    assert.deepEqual(
      problems.filter((p) => !/status of 401/.test(p)),
      [],
    );
    assert.equal(problems.length, 1, problems.join('\n'));
    await page.close();
  });

  test("with the right token the viewer's panels equal /viewers/<login> and its day", async () => {
    const [viewer] = viewers;
    const login = viewer.login;
    const { page, problems } = await open(`/?panel=viewer&viewer=${encodeURIComponent(login)}`);
    await signIn(page, TOKEN);
    await page.getByTestId('viewer-login').waitFor();
    assert.ok(!page.url().includes(TOKEN), 'the token stays out of the URL');

    // 1. name, last analysed date
    assert.equal(await page.getByTestId('viewer-login').textContent(), login);
    assert.equal(await page.getByTestId('last-analysed').getAttribute('data-value'), viewer.last_analysed);
    assert.equal(
      await page.getByTestId('days-on-record').getAttribute('data-value'),
      String(viewer.days.length),
    );
    const total = viewer.heatmap.reduce((sum, d) => sum + d.minutes, 0);
    assert.equal(await page.getByTestId('total-watch-time').textContent(), formatMinutes(total));

    // 2-5. favourites: each bar's tooltip is the API's name and value
    for (const [card, key, format] of FAVOURITES) {
      const expected = viewer[key].slice(0, TOP_FAVOURITES).map((row) => `${row.name}: ${format(row)}`);
      const shown = await page.locator(`[data-card="${card}"] svg title`).allTextContents();
      assert.deepEqual(shown, expected, card);
    }

    // 6. workday and weekend schedules, hour by hour
    const schedule = page.locator('[data-card="schedule"]');
    assert.equal(await schedule.locator('g[data-series="workday"] circle').count(), 24);
    assert.equal(await schedule.locator('g[data-series="weekend"] rect').count(), 24);
    await schedule.getByText('The schedule in numbers').click();
    assert.deepEqual(
      await tableRows(schedule.locator('table')),
      viewer.workday_schedule.map((minutes, hour) => [
        `${String(hour).padStart(2, '0')}:00`,
        formatAverageMinutes(minutes),
        formatAverageMinutes(viewer.weekend_schedule[hour]),
      ]),
    );

    // 7. watch-time calendar: a cell for every date, the day shown below (the latest) outlined
    const heatmap = page.locator('[data-card="heatmap"]');
    const latest = [...viewer.days].sort().at(-1);
    const longDate = new Intl.DateTimeFormat('en-US', {
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    });
    for (const d of viewer.heatmap) {
      const cell = heatmap.locator(`g[data-date="${d.date}"]`);
      const shown = d.date === latest ? ' (its schedule is below)' : '';
      assert.equal(
        await cell.locator('title').textContent(),
        `${longDate.format(new Date(`${d.date}T00:00:00Z`))}: ${formatMinutes(d.minutes)}${shown}`,
      );
      assert.equal(await cell.locator('rect.calendar-selected').count(), shown ? 1 : 0);
    }
    await heatmap.getByText('Watch time per day in numbers').click();
    const byDateDesc = [...viewer.heatmap].sort((a, b) => b.date.localeCompare(a.date));
    assert.deepEqual(
      await tableRows(heatmap.locator('table')),
      byDateDesc.map((d) => [d.date, formatMinutes(d.minutes)]),
    );

    // 8. one day's schedule: the latest day first, then another one picked from the list
    const day = await assertDayShown(page, login, latest);
    const bar = page.locator('[data-card="day"] .timeline-bar').first();
    await bar.focus();
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    const label = await bar.getAttribute('aria-label');
    const channel = label.slice(0, label.indexOf(','));
    assert.ok(day.windows.some((w) => w.channel === channel));
    assert.match(await tooltip.textContent(), new RegExp(`^${channel}`));
    await page.locator('[data-card="day"]').getByText('The day’s windows in numbers').click();
    await screenshot(page, 'viewer');
    for (const card of VIEWER_CARDS) {
      await screenshot(page, `viewer-${card}`, { element: page.locator(`[data-card="${card}"]`) });
    }

    const earliest = [...viewer.days].sort()[0];
    await page.getByRole('combobox', { name: 'Day' }).selectOption(earliest);
    await page.waitForURL((url) => url.searchParams.get('day') === earliest);
    await assertDayShown(page, login, earliest);

    // One time zone for every hour on the page, named: the server's (as /viewers/<login> says), then the
    // browser's (UTC here) at a click: the day's times and the schedule's hours move together.
    assert.equal(viewer.timezone, PROFILE_TIME_ZONE);
    const zone = page.getByTestId('time-zone');
    assert.equal(await zone.getAttribute('data-value'), PROFILE_TIME_ZONE);
    assert.match(await zone.textContent(), new RegExp(`in ${PROFILE_TIME_ZONE}, the server’s time zone`));
    await zone.getByRole('button', { name: 'Use mine (UTC)' }).click();
    await page.waitForURL((url) => url.searchParams.get('tz') === 'browser');
    await assertDayShown(page, login, earliest, 'UTC');
    const serverHour = (utcHour) =>
      Number(clockIn(`${viewer.last_analysed}T${String(utcHour).padStart(2, '0')}:00:00Z`).slice(0, 2));
    assert.deepEqual(
      await tableRows(schedule.locator('table')),
      viewer.workday_schedule.map((_, hour) => [
        `${String(hour).padStart(2, '0')}:00`,
        formatAverageMinutes(viewer.workday_schedule[serverHour(hour)]),
        formatAverageMinutes(viewer.weekend_schedule[serverHour(hour)]),
      ]),
    );
    await screenshot(page, 'viewer-browser-time-zone', { element: page.locator('[data-card="day"]') });

    // Channel names open the explorer, with nothing of the viewer page in its URL.
    await page.locator('[data-card="day"]').getByText('The day’s windows in numbers').click();
    const channelLink = page.locator('[data-card="day"] table').getByRole('link').first();
    const channelName = await channelLink.textContent();
    await channelLink.click();
    await page.waitForURL((url) => url.searchParams.get('panel') === 'explorer');
    assert.deepEqual(
      [...new URL(page.url()).searchParams],
      [
        ['panel', 'explorer'],
        ['streamer', channelName],
      ],
    );
    await page.getByRole('heading', { level: 2, name: 'Streamer explorer' }).waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a direct link to a viewer and a day opens them after sign-in; sign-out asks again', async () => {
    const [first, second] = viewers;
    const { page, problems } = await open(`/?panel=viewer`);
    await signIn(page, TOKEN);
    const search = page.getByRole('combobox', { name: 'Viewer login' });
    await search.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'viewer-login');
    // Suggestions: the logins with a profile that start with what is typed, as the API lists them.
    const prefix = first.login.slice(0, 2);
    const suggested = (await api(`/viewers?prefix=${prefix}&limit=8`, TOKEN)).logins;
    assert.ok(suggested.includes(first.login) || suggested.length === 8, suggested.join(', '));
    await page.keyboard.type(prefix);
    const list = page.getByRole('listbox', { name: 'Viewer login' });
    await list.getByRole('option').first().waitFor();
    assert.deepEqual(await list.getByRole('option').allTextContents(), suggested);
    await screenshot(page, 'viewer-autocomplete');
    await page.keyboard.type(first.login.slice(2));
    await list.getByRole('option', { name: first.login, exact: true }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('viewer') === first.login);
    await page.getByTestId('viewer-login').waitFor();

    const date = [...second.days].sort()[0];
    const link = `/?panel=viewer&viewer=${encodeURIComponent(second.login)}&day=${date}`;
    await page.goto(`${app.base}${link}`);
    await page.locator(`[data-testid="viewer-login"]`).getByText(second.login, { exact: true }).waitFor();
    await assertDayShown(page, second.login, date);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Operator sign-in' }).waitFor();
    assert.equal(await page.evaluate(() => window.sessionStorage.length), 0);
    await page.reload();
    await page.getByRole('heading', { name: 'Operator sign-in' }).waitFor();
    assert.equal(await page.getByTestId('viewer-login').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a server without an operator token says viewer pages are disabled, and how to enable them', async () => {
    const tokenless = await app.serveWithout();
    try {
      const page = await browser.context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${tokenless.base}/?panel=viewer&viewer=${encodeURIComponent(viewers[0].login)}`);
      const refused = page.waitForResponse((r) => r.url().endsWith('/operator/check') && r.status() === 403);
      await signIn(page, TOKEN);
      await refused;
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.textContent(), /Viewer pages are disabled on this server \(403\)/);
      assert.match(await alert.textContent(), /TWITCHGRAPH_OPERATOR_TOKEN=/);
      await screenshot(page, 'viewer-disabled');
      assert.deepEqual(
        problems.filter((p) => !/status of 403/.test(p)),
        [],
      );
      await page.close();
    } finally {
      await tokenless.stop();
    }
  });

  test('readable at phone width: no sideways scrolling, every panel on screen', async () => {
    const [viewer] = viewers;
    const overview = await open('/?panel=overview', { width: 390, height: 844 });
    await overview.page.locator('[data-card="stage-times"] svg').waitFor();
    await overview.page.locator('[data-chart="sanity"] svg').waitFor();
    const phone = { page: overview.page, name: 'overview', cards: OVERVIEW_CARDS };
    const viewerPage = await open(`/?panel=viewer&viewer=${encodeURIComponent(viewer.login)}`, {
      width: 390,
      height: 844,
    });
    await signIn(viewerPage.page, TOKEN);
    await viewerPage.page.locator('[data-card="day"] .timeline-bar').first().waitFor();
    for (const { page, name, cards } of [
      phone,
      { page: viewerPage.page, name: 'viewer', cards: VIEWER_CARDS },
    ]) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px at 390 px`);
      await screenshot(page, `phone-${name}`);
      for (const card of cards) {
        const element = page.locator(`[data-card="${card}"]`);
        const box = await element.boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= 390, `${name} ${card} is within the screen`);
        await screenshot(page, `phone-${name}-${card}`, { element });
      }
    }
    assert.deepEqual([...overview.problems, ...viewerPage.problems], []);
    await overview.page.close();
    await viewerPage.page.close();
  });
});
