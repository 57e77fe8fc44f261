import { render, screen, waitFor } from '@testing-library/react';
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

  it('has a skip link to the main content', () => {
    mockApi({ '/health': { backend: 'falkordb', reachable: true, nodes: 0, edges: 0 } });
    render(<App />);
    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveAttribute('href', '#main');
    expect(screen.getByRole('main')).toHaveAttribute('id', 'main');
  });
});
