import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calledPaths, mockApi } from '../test/api.js';
import { FinderPanel, languageName, sortedStreamers, typedLinks } from './FinderPanel.jsx';

afterEach(() => vi.unstubAllGlobals());

const ROUTES = {
  '/languages': { languages: [{ title: 'en' }, { title: 'ko' }] },
  '/games': { games: [{ title: 'Chess' }, { title: 'League of Legends' }, { title: 'Rainbow Six / Siege' }] },
  '/streamers/en/League of Legends': {
    nodes: [
      { id: 'Language:en', label: 'Language', name: 'en' },
      { id: 'Game:League of Legends', label: 'Game', name: 'League of Legends' },
      { id: '1005', label: 'Stream', name: 'Echo' },
    ],
    links: [
      { source: '1005', target: 'Language:en' },
      { source: '1005', target: 'Game:League of Legends' },
    ],
  },
  '/streamers/en/Chess': {
    nodes: [
      { id: 'Language:en', label: 'Language', name: 'en' },
      { id: 'Game:Chess', label: 'Game', name: 'Chess' },
      // The API's order is by code point: capitals first.
      ...['Zeta', 'Échecs', 'alpha', 'bravo', 'ábaco', 'player10', 'player9'].map((name, i) => ({
        id: String(2000 + i),
        label: 'Stream',
        name,
        followers: name === 'Zeta' ? 1_000_000 : 1_000,
      })),
    ],
    links: ['Language:en', 'Game:Chess'].flatMap((target) =>
      Array.from({ length: 7 }, (_, i) => ({ source: String(2000 + i), target })),
    ),
  },
  '/streamers/ko/Chess': {
    nodes: [
      { id: 'Language:ko', label: 'Language', name: 'ko' },
      { id: 'Game:Chess', label: 'Game', name: 'Chess' },
    ],
    links: [],
  },
};

describe('FinderPanel', () => {
  it('asks for a language and a game first', async () => {
    window.history.replaceState(null, '', '/?panel=finder');
    mockApi(ROUTES);
    render(<FinderPanel />);
    expect(screen.getByText('Choose a language and a game to see who streams it.')).toBeTruthy();
    expect(await screen.findByRole('option', { name: 'Korean (ko)' })).toBeTruthy();
  });

  it('shows the streamers of the chosen language and game as a graph and a list', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=finder');
    const fetchMock = mockApi(ROUTES);
    render(<FinderPanel />);
    const select = screen.getByRole('combobox', { name: 'Language' });
    await waitFor(() => expect(select).toBeEnabled());
    await user.selectOptions(select, 'en');
    await user.type(screen.getByRole('combobox', { name: 'Game' }), 'legends{Enter}');
    expect(window.location.search).toBe('?panel=finder&language=en&game=League+of+Legends');
    const graph = await screen.findByRole('application', {
      name: /Graph of the 1 streamers of League of Legends/,
    });
    expect(graph).toHaveAttribute('data-node-count', '3');
    const list = screen.getByRole('complementary', { name: 'Streamers found' });
    expect(within(list).getByRole('link', { name: 'Echo' })).toHaveAttribute(
      'href',
      '?panel=explorer&language=en&game=League+of+Legends&streamer=Echo',
    );
    expect(calledPaths(fetchMock)).toContain('/streamers/en/League of Legends');
  });

  it('lists the streamers by name, case-insensitively and locale-aware, and sizes them by followers', async () => {
    window.history.replaceState(null, '', '/?panel=finder&language=en&game=Chess');
    mockApi(ROUTES);
    render(<FinderPanel />);
    await screen.findByRole('application', { name: /Graph of the 7 streamers of Chess/ });
    const list = screen.getByRole('complementary', { name: 'Streamers found' });
    expect(
      within(list)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['ábaco', 'alpha', 'bravo', 'Échecs', 'player9', 'player10', 'Zeta']);
    // Zeta has a thousand times the followers of the others: a bigger node.
    const radius = (id) => window.__TWITCHGRAPH__.finder.position(id).r;
    expect(radius('2000')).toBeGreaterThan(radius('2002') * 3);
    expect(radius('2002')).toBe(radius('2003'));
    // Its links are typed, with a legend: plays the game, speaks the language.
    expect(screen.getByRole('list', { name: 'Legend: link colours' })).toHaveTextContent('Speaks7Plays7');
  });

  it('gives the links their type from the node they lead to, and sorts only streamers', () => {
    const graph = ROUTES['/streamers/en/League of Legends'];
    expect(typedLinks(graph).map((link) => link.type)).toEqual(['SPEAKS', 'PLAYS']);
    expect(sortedStreamers(graph.nodes).map((node) => node.name)).toEqual(['Echo']);
  });

  it('says when nobody streams that game in that language', async () => {
    window.history.replaceState(null, '', '/?panel=finder&language=ko&game=Chess');
    mockApi(ROUTES);
    render(<FinderPanel />);
    expect(await screen.findByText('Nobody streams Chess in Korean (ko).')).toBeTruthy();
  });

  it('escapes names that hold a slash', async () => {
    window.history.replaceState(null, '', '/?panel=finder&language=en&game=Rainbow+Six+%2F+Siege');
    const fetchMock = mockApi(ROUTES);
    render(<FinderPanel />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(3));
    expect(fetchMock.mock.calls.map(([url]) => String(url))).toContain(
      '/streamers/en/Rainbow%20Six%20%2F%20Siege',
    );
  });

  it('names languages for people', () => {
    expect(languageName('en')).toBe('English (en)');
    expect(languageName('xx-not-a-code')).toBe('xx-not-a-code');
  });
});
