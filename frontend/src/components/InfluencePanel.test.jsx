import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calledPaths, mockApi } from '../test/api.js';
import { InfluencePanel } from './InfluencePanel.jsx';

afterEach(() => vi.unstubAllGlobals());

const ROUTES = {
  '/page-rank': (url) => ({
    page_rank: Array.from({ length: Number(url.searchParams.get('limit')) }, (_, i) => ({
      name: `user${i + 1}`,
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
    ).toEqual(['1', 'user1', '0.1000']);
    expect(screen.getByText(/random walk/)).toBeTruthy();
    expect(screen.getByText(/shortest paths/)).toBeTruthy();
    expect(await screen.findByRole('table', { name: 'Betweenness centrality, top 20' })).toBeTruthy();
    expect(screen.getAllByRole('img', { name: /bar chart of 20 rows/ })).toHaveLength(2);
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
});
