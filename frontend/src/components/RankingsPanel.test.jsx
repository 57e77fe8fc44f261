import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RANKINGS } from '../api/rankings.js';
import { calledPaths, mockApi } from '../test/api.js';
import { parseN, parseView, RankingsPanel } from './RankingsPanel.jsx';

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
  it('shows each ranking as bars by default, and as a table when asked, one view at a time', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=rankings');
    mockApi(rankingRoutes());
    render(<RankingsPanel />);
    const bars = await screen.findByRole('group', { name: /^Games, top 10: bar chart of 10 rows/ });
    expect(within(bars).getAllByRole('link')).toHaveLength(10);
    expect(screen.queryAllByRole('table')).toHaveLength(0);
    await waitFor(() => expect(document.querySelectorAll('.bar-chart')).toHaveLength(RANKINGS.length));

    await user.click(screen.getByRole('button', { name: 'Table' }));
    expect(window.location.search).toBe('?panel=rankings&view=table');
    expect(screen.getByRole('button', { name: 'Table' })).toHaveAttribute('aria-pressed', 'true');
    const games = await screen.findByRole('table', { name: 'Games, top 10' });
    expect(
      within(within(games).getAllByRole('row')[1])
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['1', 'games-1', '1,000']);
    await waitFor(() => expect(screen.getAllByRole('table')).toHaveLength(RANKINGS.length));
    expect(document.querySelectorAll('.bar-chart')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Bars' }));
    expect(window.location.search).toBe('?panel=rankings');
    expect(await screen.findByRole('group', { name: /^Games, top 10/ })).toBeTruthy();
  });

  it('links every name to the explorer, games and teams as their nodes, without the rankings’ state', async () => {
    window.history.replaceState(null, '', '/?panel=rankings&n=3&view=table');
    mockApi(rankingRoutes());
    render(<RankingsPanel />);
    const link = async (title, name) =>
      within(await screen.findByRole('table', { name: `${title}, top 3` })).getByRole('link', { name });
    expect(await link('Streamers by followers', 'streamers-1')).toHaveAttribute(
      'href',
      '?panel=explorer&streamer=streamers-1',
    );
    expect(await link('Games', 'games-2')).toHaveAttribute('href', '?panel=explorer&streamer=Game%3Agames-2');
    expect(await link('Teams', 'teams-1')).toHaveAttribute('href', '?panel=explorer&streamer=Team%3Ateams-1');
    expect(await link('Moderators', 'moderators-1')).toHaveAttribute(
      'href',
      '?panel=explorer&streamer=moderators-1',
    );
    // Followed with a click: the explorer's URL has no n= nor view=.
    await userEvent.setup().click(await link('Games', 'games-2'));
    expect(window.location.search).toBe('?panel=explorer&streamer=Game%3Agames-2');
  });

  it('links the bars’ names too', async () => {
    window.history.replaceState(null, '', '/?panel=rankings&n=3');
    mockApi(rankingRoutes());
    render(<RankingsPanel />);
    const bars = await screen.findByRole('group', { name: /^Teams, top 3/ });
    const link = within(bars).getByRole('link', { name: 'teams-1: 300' });
    expect(link).toHaveAttribute('href', '?panel=explorer&streamer=Team%3Ateams-1');
    await userEvent.setup().click(link);
    expect(window.location.search).toBe('?panel=explorer&streamer=Team%3Ateams-1');
  });

  it('leaves bots out of the rankings of people until the toggle says otherwise, in the URL', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=rankings');
    const routes = rankingRoutes();
    for (const ranking of RANKINGS.filter((r) => r.people)) {
      routes[`/${ranking.route}/10?include_bots=1`] = {
        [ranking.namesKey]: [{ name: 'nightbot' }],
        [ranking.valuesKey]: [{ [ranking.valuesKey]: 999 }],
      };
    }
    const fetchMock = mockApi(routes);
    render(<RankingsPanel />);
    const moderators = () => document.querySelector('article[data-route="top-moderators"]');
    await waitFor(() => expect(within(moderators()).getByText('moderators-1')).toBeTruthy());
    expect(moderators()).toHaveTextContent('Known bots left out.');
    expect(calledPaths(fetchMock).filter((path) => path.includes('include_bots'))).toEqual([]);

    const toggle = screen.getByRole('checkbox', { name: 'Include known bots' });
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    expect(window.location.search).toBe('?panel=rankings&include_bots=1');
    await waitFor(() => expect(within(moderators()).getByText('nightbot')).toBeTruthy());
    expect(moderators()).toHaveTextContent('Bots included.');
    const asked = calledPaths(fetchMock).filter((path) => path.includes('include_bots'));
    expect(asked.sort()).toEqual(
      RANKINGS.filter((r) => r.people)
        .map((r) => `/${r.route}/10?include_bots=1`)
        .sort(),
    );
    // The rankings of things (games, teams, followers) are the same either way: not asked again.
    expect(calledPaths(fetchMock).filter((path) => path === '/top-games/10')).toHaveLength(1);
  });

  it('has a section of channels by distinct chatters', async () => {
    window.history.replaceState(null, '', '/?panel=rankings&view=table');
    mockApi(rankingRoutes());
    render(<RankingsPanel />);
    const table = await screen.findByRole('table', { name: 'Channels by distinct chatters, top 10' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toContain('Chatters↕');
    expect(within(table).getAllByRole('link')[0]).toHaveAttribute(
      'href',
      '?panel=explorer&streamer=streamers-1',
    );
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
    await screen.findByRole('group', { name: /^Teams, top 3/ });
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
    expect(await screen.findByRole('group', { name: /^Games, top 10/ })).toBeTruthy();
  });

  it('reads N from the URL, defaulting when it is not a number in range', () => {
    expect([parseN('25'), parseN('0'), parseN('abc'), parseN(null), parseN('101')]).toEqual([
      25, 10, 10, 10, 10,
    ]);
    expect([parseView('table'), parseView('bars'), parseView('pie'), parseView(null)]).toEqual([
      'table',
      'bars',
      'bars',
      'bars',
    ]);
  });
});
