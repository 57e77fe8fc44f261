import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calledPaths, mockApi } from '../test/api.js';
import { FakeEventSource, fakeEventSource } from '../test/eventSource.js';
import { colourOf } from '../lib/labels.js';
import { RECHECK_MS } from '../hooks/useRecheckingApi.js';
import { InfluencePanel, movement, REFETCH_MIN_MS, SCORE_FORM } from './InfluencePanel.jsx';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const ROUTES = {
  '/page-rank': (url) => ({
    page_rank: Array.from({ length: Number(url.searchParams.get('limit')) }, (_, i) => ({
      name: `user${i + 1}`,
      streamer: i % 3 === 0,
      rank: 0.1 / (i + 1),
    })),
  }),
  '/betweenness-centrality': (url) => ({
    bc: Array.from({ length: Number(url.searchParams.get('limit')) }, (_, i) => ({
      name: `bridge${i + 1}`,
      betweenness_centrality: 0.002 / (i + 1),
    })),
  }),
};

describe('InfluencePanel', () => {
  it('shows both measures with a sentence each, as bars and a table', async () => {
    window.history.replaceState(null, '', '/?panel=influence');
    mockApi(ROUTES);
    render(<InfluencePanel />);
    const pagerank = await screen.findByRole('table', { name: 'PageRank, top 20' });
    expect(within(pagerank).getAllByRole('row')).toHaveLength(21);
    expect(
      within(within(pagerank).getAllByRole('row')[1])
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['1', '', 'user1streamer', '100%']);
    expect(screen.getByText(/random walk/)).toBeTruthy();
    expect(screen.getByText(/shortest paths/)).toBeTruthy();
    expect(await screen.findByRole('table', { name: 'Betweenness centrality, top 20' })).toBeTruthy();
    expect(screen.getAllByRole('img', { name: /bar chart of 20 rows/ })).toHaveLength(2);
  });

  it('shows every score as a share of the top one, says so, and never in exponent form', async () => {
    window.history.replaceState(null, '', '/?panel=influence&top=10');
    mockApi({
      ...ROUTES,
      // The mix: 0.001796 beside 9.646e-4.
      '/page-rank': {
        page_rank: [0.001796, 9.646e-4, 2.1e-5, 3e-9].map((rank, i) => ({ name: `p${i}`, rank })),
      },
    });
    render(<InfluencePanel />);
    const table = await screen.findByRole('table', { name: 'PageRank, top 10' });
    const scores = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getAllByRole('cell')[3].textContent);
    expect(scores).toEqual(['100%', '53.7%', '1.17%', '<0.01%']);
    expect(within(table).getByRole('columnheader', { name: /% of top/ })).toBeTruthy();
    expect(screen.getByTestId('score-form')).toHaveTextContent(SCORE_FORM);
    expect(SCORE_FORM).toMatch(/share of the top score/);
    const card = screen.getByRole('article', { name: 'PageRank' });
    expect(card.textContent).not.toMatch(/\de-?\d/);
  });

  it('marks streamers with a badge and their own colour, users with theirs', async () => {
    window.history.replaceState(null, '', '/?panel=influence&top=10');
    mockApi(ROUTES);
    render(<InfluencePanel />);
    const table = await screen.findByRole('table', { name: 'PageRank, top 10' });
    const badged = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).queryByText('streamer') !== null);
    expect(badged).toEqual(Array.from({ length: 10 }, (_, i) => i % 3 === 0));
    const card = screen.getByRole('article', { name: 'PageRank' });
    const fills = [...card.querySelectorAll('svg rect')].map((rect) => rect.getAttribute('fill'));
    expect(fills).toEqual(Array.from({ length: 10 }, (_, i) => colourOf(i % 3 === 0 ? 'Stream' : 'User')));
    const legend = screen.getByRole('list', { name: 'Legend: streamers and users' });
    expect(legend).toHaveTextContent('StreamerUser');
  });

  it('switches to bubbles: circles sized by score, the big ones labelled, and back to bars', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=influence&top=10');
    mockApi(ROUTES);
    render(<InfluencePanel />);
    await screen.findByRole('table', { name: 'PageRank, top 10' });
    await user.click(screen.getByRole('button', { name: 'Bubbles' }));
    expect(window.location.search).toBe('?panel=influence&top=10&view=bubbles');
    expect(screen.getByRole('button', { name: 'Bubbles' })).toHaveAttribute('aria-pressed', 'true');
    const card = screen.getByRole('article', { name: 'PageRank' });
    const chart = within(card).getByRole('img', { name: /PageRank: 10 circles sized by score/ });
    const circles = [...chart.querySelectorAll('g[data-name]')].map((g) => ({
      name: g.dataset.name,
      r: Number(g.querySelector('circle').getAttribute('r')),
      label: g.querySelector('.bubble-label')?.textContent ?? null,
      fill: g.querySelector('circle').getAttribute('fill'),
    }));
    expect(circles.map((c) => c.name)).toEqual(Array.from({ length: 10 }, (_, i) => `user${i + 1}`));
    // Area in proportion to the score: user1 has 4 times user4's score, so twice its radius.
    expect(circles[0].r / circles[3].r).toBeCloseTo(2, 1);
    expect(circles[0].label).toBe('user1');
    expect(circles[0].fill).toBe(colourOf('Stream'));
    expect(circles[1].fill).toBe(colourOf('User'));
    // The table stays; the bars are gone until asked for again.
    expect(within(card).getByRole('table')).toBeTruthy();
    expect(within(card).queryByRole('img', { name: /bar chart/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Bars' }));
    expect(window.location.search).toBe('?panel=influence&top=10');
    expect(within(card).getByRole('img', { name: /bar chart of 10 rows/ })).toBeTruthy();
  });

  it('asks for the chosen number of rows', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=influence');
    const fetchMock = mockApi(ROUTES);
    render(<InfluencePanel />);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show the top' }), '10');
    expect(await screen.findByRole('table', { name: 'PageRank, top 10' })).toBeTruthy();
    expect(calledPaths(fetchMock)).toEqual(
      expect.arrayContaining(['/page-rank?limit=10', '/betweenness-centrality?limit=10']),
    );
    expect(window.location.search).toBe('?panel=influence&top=10');
  });

  it('says stale scores are being recomputed and asks again until they are current', async () => {
    vi.useFakeTimers();
    fakeEventSource();
    window.history.replaceState(null, '', '/?panel=influence&top=10');
    let stale = true;
    const fetchMock = mockApi({
      ...ROUTES,
      '/page-rank': (url) => ({ ...ROUTES['/page-rank'](url), computed_at: '2026-12-01T09:12:03Z', stale }),
    });
    render(<InfluencePanel />);
    await settle(0);
    expect(screen.getByTestId('stale').textContent).toMatch(/new scores are being computed/);
    const asked = () => calledPaths(fetchMock).filter((p) => p.startsWith('/page-rank')).length;
    const before = asked();
    stale = false;
    await settle(RECHECK_MS);
    expect(asked()).toBe(before + 1);
    expect(screen.queryByTestId('stale')).toBeNull();
    await settle(RECHECK_MS * 3);
    expect(asked()).toBe(before + 1); // current: no more asking
  });

  it('asks again after a 503 while the first scores are computed', async () => {
    vi.useFakeTimers();
    fakeEventSource();
    window.history.replaceState(null, '', '/?panel=influence&top=10');
    let ready = false;
    mockApi({
      ...ROUTES,
      '/page-rank': (url) =>
        ready
          ? ROUTES['/page-rank'](url)
          : { status: 503, body: { error: 'pagerank is being computed for the first time', status: 503 } },
    });
    render(<InfluencePanel />);
    await settle(0);
    expect(screen.getByText(/being computed for the first time/)).toBeTruthy();
    ready = true;
    await settle(RECHECK_MS);
    expect(screen.getByRole('table', { name: 'PageRank, top 10' })).toBeTruthy();
  });

  it('says when betweenness is sampled, with its bound', async () => {
    window.history.replaceState(null, '', '/?panel=influence&top=10');
    mockApi({
      ...ROUTES,
      '/betweenness-centrality': (url) => ({
        ...ROUTES['/betweenness-centrality'](url),
        computed_at: '2026-12-01T09:12:03Z',
        exact: false,
        epsilon: 0.02,
        delta: 0.1,
        samples: 4317,
      }),
    });
    render(<InfluencePanel />);
    expect((await screen.findByTestId('sampled')).textContent).toMatch(
      /from 4,317 sampled sources: every score within ±0\.02 of the exact one with 90% confidence/,
    );
  });

  it('marks each row up, down, new or unchanged since the last recompute, in words too', async () => {
    window.history.replaceState(null, '', '/?panel=influence&top=10');
    const previous = { bob: 1, dave: 2, carol: 3, alice: 4 }; // erin was not ranked before
    const names = ['alice', 'bob', 'carol', 'dave', 'erin'];
    mockApi({
      '/page-rank': moved(names, previous),
      '/betweenness-centrality': (url) => ({
        ...ROUTES['/betweenness-centrality'](url),
        version: 'v1',
        computed_at: '2026-12-01T09:12:04Z',
        previous_computed_at: null,
      }),
    });
    render(<InfluencePanel />);
    const table = await screen.findByRole('table', { name: 'PageRank, top 10' });
    const rows = within(table).getAllByRole('row').slice(1);
    const marks = rows.map((row) => within(row).queryByRole('img'));
    expect(marks.map((mark) => mark?.textContent ?? null)).toEqual(['▲3', '▼1', null, '▼2', 'new']);
    expect(marks.map((mark) => mark?.getAttribute('aria-label') ?? null)).toEqual([
      'up 3 since the last recompute',
      'down 1 since the last recompute',
      null,
      'down 2 since the last recompute',
      'new since the last recompute',
    ]);
    // Unchanged: nothing to see, the words for screen readers only.
    const unchanged = within(rows[2]).getAllByRole('cell')[1];
    expect(unchanged.firstElementChild).toHaveClass('visually-hidden');
    expect(unchanged).toHaveTextContent('unchanged since the last recompute');
    // Not by colour alone: each mark has its arrow or word, and a class per kind for the colour.
    expect(marks.filter(Boolean).map((mark) => mark.className)).toEqual([
      'move move--up',
      'move move--down',
      'move move--down',
      'move move--new',
    ]);
    const line = screen.getAllByTestId('computed-at')[0];
    expect(line).toHaveTextContent(
      'Computed Dec 1, 09:12:03 UTC; moves since the recompute of Dec 1, 09:10:00 UTC.',
    );
    // Betweenness has no earlier recompute: no marks at all, and the line says so.
    const bc = screen.getByRole('table', { name: 'Betweenness centrality, top 10' });
    expect(within(bc).queryAllByRole('img')).toHaveLength(0);
    expect(screen.getAllByTestId('computed-at')[1]).toHaveTextContent(
      'no earlier recompute to compare with yet',
    );
  });

  it('says the moves with their numbers and words', () => {
    expect(movement({ position: 2, previousPosition: 5 }, true)).toMatchObject({
      kind: 'up',
      mark: '▲3',
      label: 'up 3 since the last recompute',
    });
    expect(movement({ position: 7, previousPosition: 5 }, true)).toMatchObject({
      kind: 'down',
      mark: '▼2',
      label: 'down 2 since the last recompute',
    });
    expect(movement({ position: 4, previousPosition: null }, true).mark).toBe('new');
    expect(movement({ position: 4, previousPosition: 4 }, true).mark).toBe('');
    expect(movement({ position: 4, previousPosition: null }, false).label).toBe('');
  });

  it('fetches the scores again when the live events say the graph changed, at most once per 5 s', async () => {
    vi.useFakeTimers();
    fakeEventSource();
    window.history.replaceState(null, '', '/?panel=influence&top=10');
    let answer = { names: ['alice', 'bob'], previous: {} };
    const fetchMock = mockApi({
      ...ROUTES,
      '/page-rank': (url) => moved(answer.names, answer.previous)(url),
    });
    const asked = () => calledPaths(fetchMock).filter((p) => p.startsWith('/page-rank')).length;
    render(<InfluencePanel />);
    await settle(10);
    expect(asked()).toBe(1);
    const [source] = FakeEventSource.instances;
    act(() => source.open());
    act(() => source.send('counts', { nodes: 15, edges: 25 })); // what the server knew: no refetch
    await settle(REFETCH_MIN_MS * 2);
    expect(asked()).toBe(1);

    answer = { names: ['bob', 'alice'], previous: { alice: 1, bob: 2 } };
    act(() => source.send('counts', { nodes: 16, edges: 26 }));
    await settle(10);
    expect(asked()).toBe(2);
    const table = screen.getByRole('table', { name: 'PageRank, top 10' });
    expect(within(table).getByRole('img', { name: 'up 1 since the last recompute' })).toBeTruthy();
    expect(within(table).getByRole('img', { name: 'down 1 since the last recompute' })).toBeTruthy();

    // Three more changes at once: one refetch when the 5 s are over, none before.
    for (const nodes of [17, 18, 19]) act(() => source.send('counts', { nodes, edges: 26 }));
    act(() => source.send('counts', { nodes: 19, edges: 26 })); // the same again: no change
    await settle(REFETCH_MIN_MS - 100);
    expect(asked()).toBe(2);
    expect(screen.getByRole('table', { name: 'PageRank, top 10' })).toBeTruthy(); // the last answer stays
    await settle(200);
    expect(asked()).toBe(3);
    await settle(REFETCH_MIN_MS * 2);
    expect(asked()).toBe(3);
  });
});

/** A /page-rank answer ranking `names` in order, with their positions at a previous recompute. */
function moved(names, previous) {
  const compared = Object.keys(previous).length > 0;
  return (url) => ({
    page_rank: names.slice(0, Number(url.searchParams.get('limit'))).map((name, i) => ({
      name,
      rank: 0.5 / (i + 1),
      position: i + 1,
      previous_position: previous[name] ?? null,
    })),
    version: compared ? 'v2' : 'v1',
    computed_at: '2026-12-01T09:12:03.412Z',
    previous_computed_at: compared ? '2026-12-01T09:10:00Z' : null,
  });
}

async function settle(ms) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}
