import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RANKINGS } from '../api/rankings.js';
import { calledPaths, mockApi } from '../test/api.js';
import { parseN, RankingsPanel } from './RankingsPanel.jsx';

afterEach(() => vi.unstubAllGlobals());

/** Every ranking route answers n rows named after the route. */
function rankingRoutes() {
  const routes = {};
  for (const ranking of RANKINGS) {
    routes[`/${ranking.route}/10`] = answer(ranking, 10);
    routes[`/${ranking.route}/3`] = answer(ranking, 3);
  }
  return routes;
}

function answer(ranking, n) {
  const names = Array.from({ length: n }, (_, i) => ({ name: `${ranking.namesKey}-${i + 1}` }));
  const values = Array.from({ length: n }, (_, i) => ({ [ranking.valuesKey]: (n - i) * 100 }));
  return { [ranking.namesKey]: names, [ranking.valuesKey]: values };
}

describe('RankingsPanel', () => {
  it('shows each ranking as bars and a table with the same numbers', async () => {
    window.history.replaceState(null, '', '/?panel=rankings');
    mockApi(rankingRoutes());
    render(<RankingsPanel />);
    const games = await screen.findByRole('table', { name: 'Games, top 10' });
    const firstRow = within(games).getAllByRole('row')[1];
    expect(
      within(firstRow)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['1', 'games-1', '1,000']);
    const card = games.closest('article');
    expect(within(card).getByRole('img', { name: /Games: bar chart of 10 rows/ })).toBeTruthy();
    expect(screen.getAllByRole('table')).toHaveLength(RANKINGS.length);
    // Streamers link to the explorer.
    const link = within(screen.getByRole('table', { name: 'Streamers by followers, top 10' })).getAllByRole(
      'link',
    )[0];
    expect(link).toHaveAttribute('href', '?panel=explorer&streamer=streamers-1');
  });

  it('asks for the N the user types and keeps it in the URL', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=rankings');
    const fetchMock = mockApi(rankingRoutes());
    render(<RankingsPanel />);
    const input = screen.getByRole('spinbutton', { name: 'Show the top' });
    await user.clear(input);
    await user.type(input, '3');
    await waitFor(() => expect(window.location.search).toBe('?panel=rankings&n=3'));
    await screen.findByRole('table', { name: 'Teams, top 3' });
    expect(calledPaths(fetchMock)).toContain('/top-teams/3');
  });

  it('flags an N out of range and keeps the last good one', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=rankings');
    mockApi(rankingRoutes());
    render(<RankingsPanel />);
    const input = screen.getByRole('spinbutton', { name: 'Show the top' });
    await user.clear(input);
    await user.type(input, '500');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Enter a whole number from 1 to 100.')).toBeTruthy();
    await act(() => new Promise((resolve) => setTimeout(resolve, 350)));
    expect(window.location.search).toBe('?panel=rankings');
  });

  it('puts the N of the URL back in the box on Back, and leaves the URL there', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=rankings&n=3');
    mockApi(rankingRoutes());
    render(<RankingsPanel />);
    const input = screen.getByRole('spinbutton', { name: 'Show the top' });
    expect(input).toHaveValue(3);
    await user.clear(input);
    await user.type(input, '10');
    await waitFor(() => expect(window.location.search).toBe('?panel=rankings'));
    act(() => {
      window.history.replaceState(null, '', '/?panel=rankings&n=3');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(input).toHaveValue(3);
    await act(() => new Promise((resolve) => setTimeout(resolve, 350)));
    expect(window.location.search).toBe('?panel=rankings&n=3');
    expect(input).toHaveValue(3);
  });

  it('shows an error with a retry that works', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=rankings');
    const routes = rankingRoutes();
    let fail = true;
    const ok = routes['/top-games/10'];
    routes['/top-games/10'] = () =>
      fail ? { status: 503, body: { error: 'the graph database is unavailable', status: 503 } } : ok;
    mockApi(routes);
    render(<RankingsPanel />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load games. the graph database is unavailable');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Games, top 10' })).toBeTruthy();
  });

  it('reads N from the URL, defaulting when it is not a number in range', () => {
    expect([parseN('25'), parseN('0'), parseN('abc'), parseN(null), parseN('101')]).toEqual([
      25, 10, 10, 10, 10,
    ]);
  });
});
