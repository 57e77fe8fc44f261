import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App.jsx';
import { mockApi } from './test/api.js';

afterEach(() => vi.unstubAllGlobals());

describe('App', () => {
  it('opens the panel the URL names and switches panels without a reload, focusing the new title', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=finder');
    mockApi({
      '/health': { backend: 'falkordb', reachable: true, nodes: 15, edges: 25 },
      '/languages': { languages: [] },
      '/games': { games: [] },
      '/page-rank': { page_rank: [] },
      '/betweenness-centrality': { bc: [] },
    });
    render(<App />);
    expect(screen.getByRole('heading', { level: 2, name: 'Finder' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Panels' });
    expect(screen.getByRole('link', { name: 'Finder' })).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getByRole('link', { name: 'Influence' }));
    expect(window.location.search).toBe('?panel=influence');
    const title = screen.getByRole('heading', { level: 2, name: 'Influence' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(nav).toBeTruthy();
    expect(await screen.findAllByText('The graph is empty: load some data first.')).toHaveLength(2);
    expect(document.title).toBe('Influence · twitchgraph');
  });

  it('lists the overview and the viewer pages in the navigation, and opens them from the URL', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=overview');
    mockApi({
      '/health': { backend: 'falkordb', reachable: true, nodes: 0, edges: 0 },
      '/pipeline/health': {
        sanity: 'unknown',
        last_day: null,
        viewers_last_day: 0,
        viewers_change: null,
        days: [],
      },
      '/pipeline/days': { days: [] },
    });
    render(<App />);
    const nav = screen.getByRole('navigation', { name: 'Panels' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Explorer', 'Rankings', 'Finder', 'Influence', 'Atlas', 'Live', 'Overview', 'Viewer']);
    expect(screen.getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('heading', { level: 2, name: 'Overview' })).toBeTruthy();
    expect(document.title).toBe('Overview · twitchgraph');
    await user.click(screen.getByRole('link', { name: 'Viewer' }));
    expect(window.location.search).toBe('?panel=viewer');
    expect(screen.getByRole('heading', { name: 'Operator sign-in' })).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Viewer' })).toHaveFocus());
  });

  it('has a skip link to the main content', () => {
    mockApi({ '/health': { backend: 'falkordb', reachable: true, nodes: 0, edges: 0 } });
    render(<App />);
    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveAttribute('href', '#main');
    expect(screen.getByRole('main')).toHaveAttribute('id', 'main');
  });
});
