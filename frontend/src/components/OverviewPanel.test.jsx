import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi } from '../test/api.js';
import { DAYS, HEALTH, NO_DAY_HEALTH } from '../test/profiles.js';
import { durationAxis, OverviewPanel, stageLabel, stagesOf } from './OverviewPanel.jsx';

afterEach(() => vi.unstubAllGlobals());

const card = (name) => document.querySelector(`[data-card="${name}"]`);
const tableRows = (table) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );

describe('OverviewPanel', () => {
  it('shows loading states, then the sanity, the last day and its viewers with the change', async () => {
    mockApi({ '/pipeline/health': HEALTH, '/pipeline/days': DAYS });
    render(<OverviewPanel />);
    expect(screen.getByRole('heading', { level: 2, name: 'Overview' })).toBeTruthy();
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toContain(
      "Loading the pipeline's health…",
    );
    const sanity = await screen.findByTestId('sanity');
    expect(sanity).toHaveTextContent('OK');
    expect(sanity).toHaveAttribute('data-value', 'ok');
    expect(screen.getByTestId('last-day')).toHaveTextContent('Sat, May 9, 2026');
    expect(screen.getByTestId('viewers-last-day')).toHaveTextContent('1,234');
    // Compared with the same weekday a week earlier, and said so: never with the day before.
    expect(screen.getByTestId('viewers-change')).toHaveTextContent(
      '−56 since Sat, May 2, 2026 (the Saturday a week earlier)',
    );
    expect(screen.getByRole('heading', { name: 'Viewers tracked on May 9' })).toBeTruthy();
  });

  it('charts viewers per day with the counts in a table', async () => {
    mockApi({ '/pipeline/health': HEALTH, '/pipeline/days': DAYS });
    render(<OverviewPanel />);
    const chart = await screen.findByRole('img', { name: /Viewers tracked per day: column chart of 3 days/ });
    const bars = [...chart.querySelectorAll('rect[data-series="viewers"]')].map((r) =>
      Number(r.getAttribute('height')),
    );
    expect(bars[1] / bars[0]).toBeCloseTo(1.29, 5);
    const table = within(card('viewers-per-day')).getByRole('table');
    expect(tableRows(table)).toEqual([
      ['2026-05-09', '1,234', '10', '288', '24,680', '2', 'OK'],
      ['2026-05-08', '1,290', '10', '288', '25,800', '2', 'Failed'],
      ['2026-05-07', '1,000', '10', '288', '20,000', '2', 'OK'],
    ]);
  });

  it('shows sanity per day as a calendar with a legend and the failed days in words', async () => {
    mockApi({ '/pipeline/health': HEALTH, '/pipeline/days': DAYS });
    render(<OverviewPanel />);
    const calendar = await screen.findByRole('img', { name: /^Sanity per day: 2 days OK, 1 failed/ });
    expect(calendar.querySelector('g[data-date="2026-05-08"] rect').getAttribute('fill')).toBe('#b91c1c');
    expect(calendar.querySelector('g[data-date="2026-05-07"] rect').getAttribute('fill')).toBe('#15803d');
    expect(calendar.querySelectorAll('.calendar-mark')).toHaveLength(1);
    expect(calendar.querySelector('g[data-date="2026-05-08"] title').textContent).toBe(
      'Fri, May 8, 2026: sanity Failed',
    );
    const legend = screen.getByRole('list', { name: 'Legend: day sanity' });
    expect(legend).toHaveTextContent('OK');
    expect(legend).toHaveTextContent('Failed (✗)');
    expect(screen.getByTestId('sanity-summary')).toHaveTextContent(
      '2 days OK, 1 failed (May 7 to Sat, May 9, 2026). Failed: May 8.',
    );
  });

  it('stacks each stage’s time per day in pipeline order, with a legend and a table', async () => {
    mockApi({ '/pipeline/health': HEALTH, '/pipeline/days': DAYS });
    render(<OverviewPanel />);
    const legend = await screen.findByRole('list', { name: 'Legend: stages, in pipeline order' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Archive', 'Restructure', 'Profiles', 'Verify']);
    const chart = screen.getByRole('img', { name: /Time each stage took per day/ });
    expect(chart.querySelectorAll('rect')).toHaveLength(12);
    expect(chart.querySelector('g[data-id="2026-05-08"] title').textContent).toBe(
      'Fri, May 8, 2026: 10.5 s in all; Archive 2 s, Restructure 5 s, Profiles 3 s, Verify 0.5 s',
    );
    const table = within(card('stage-times')).getByRole('table');
    expect(tableRows(table)[0]).toEqual(['2026-05-09', '1 s', '4.5 s', '3.3 s', '0.3 s', '9.1 s']);
  });

  it('explains how to process a first day when there is none', async () => {
    mockApi({ '/pipeline/health': NO_DAY_HEALTH, '/pipeline/days': { days: [] } });
    render(<OverviewPanel />);
    const sanity = await screen.findByTestId('sanity');
    expect(sanity).toHaveTextContent('Unknown');
    await waitFor(() => expect(screen.getAllByText(/No day has been processed yet/)).toHaveLength(4));
    expect(screen.getAllByText('twitchgraph process-day SAMPLEDIR --day YYYY-MM-DD')).toHaveLength(4);
    expect(screen.getByTestId('viewers-change')).toHaveTextContent('No processed day yet.');
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('says when the day a week earlier was not processed, and flags a failed database', async () => {
    mockApi({
      '/pipeline/health': { ...HEALTH, sanity: 'failed', viewers_change: null },
      '/pipeline/days': DAYS,
    });
    render(<OverviewPanel />);
    expect(await screen.findByTestId('sanity')).toHaveTextContent('Failed');
    expect(screen.getByTestId('viewers-change')).toHaveTextContent(
      'The change is counted from the same weekday a week earlier (Sat, May 2, 2026), which was not processed.',
    );
    expect(screen.getByTestId('viewers-change')).toHaveAttribute('data-value', '');
  });

  it('names the weekday compared with, a rise as a rise', async () => {
    mockApi({
      '/pipeline/health': {
        ...HEALTH,
        last_day: '2026-05-11',
        viewers_change: 12,
        compared_with: '2026-05-04',
      },
      '/pipeline/days': DAYS,
    });
    render(<OverviewPanel />);
    const change = await screen.findByTestId('viewers-change');
    expect(change).toHaveTextContent('▲ +12 since Mon, May 4, 2026 (the Monday a week earlier)');
    expect(change.querySelector('.change--up')).toBeTruthy();
  });

  it('shows errors with a retry that works', async () => {
    const user = userEvent.setup();
    let fail = true;
    mockApi({
      '/pipeline/health': HEALTH,
      '/pipeline/days': () =>
        fail ? { status: 503, body: { error: 'the profile store is unavailable', status: 503 } } : DAYS,
    });
    render(<OverviewPanel />);
    const alerts = await screen.findAllByRole('alert');
    expect(alerts).toHaveLength(2); // viewers per day, stage times
    expect(alerts[0]).toHaveTextContent(
      'Could not load the processed days. the profile store is unavailable',
    );
    fail = false;
    await user.click(within(alerts[0]).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('img', { name: /Viewers tracked per day/ })).toBeTruthy();
  });

  it('counts the stage axis in seconds, minutes or hours, whichever gives round ticks', () => {
    expect(durationAxis(90)).toMatchObject({ divisor: 1 });
    expect(durationAxis(3000)).toMatchObject({ divisor: 60 });
    expect(durationAxis(3000).tickFormat(50)).toBe('50 min');
    expect(durationAxis(9000)).toMatchObject({ divisor: 3600 });
  });

  it('names stages for people, in the order the days give them', () => {
    expect(stageLabel('restructure_day')).toBe('Restructure day');
    expect(stagesOf([{ stages: { b: 1, a: 2 } }, { stages: { a: 1, c: 3 } }, {}])).toEqual(['b', 'a', 'c']);
  });
});
