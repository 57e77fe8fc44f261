import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { keepOnly, navigate, PANEL_KEYS, useUrlParams, withParams } from './useUrlState.js';

function Show() {
  const params = useUrlParams();
  return <output>{params.toString()}</output>;
}

describe('URL state', () => {
  it('applies a patch: sets, removes and repeats keys', () => {
    window.history.replaceState(null, '', '/?panel=explorer&streamer=alpha&expand=a');
    expect(withParams({ expand: ['Game:Chess', 'User:bob'] })).toBe(
      '?panel=explorer&streamer=alpha&expand=Game%3AChess&expand=User%3Abob',
    );
    expect(withParams({ streamer: null, expand: null, panel: null })).toBe('/');
  });

  it('re-renders readers on navigate and on Back', () => {
    window.history.replaceState(null, '', '/');
    render(<Show />);
    act(() => navigate({ panel: 'rankings', n: 5 }));
    expect(screen.getByRole('status').textContent).toBe('panel=rankings&n=5');
    expect(window.location.search).toBe('?panel=rankings&n=5');
    act(() => {
      window.history.replaceState(null, '', '/?panel=finder');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(screen.getByRole('status').textContent).toBe('panel=finder');
  });

  it('pushes a history entry for a new view and replaces it for a refinement', () => {
    window.history.replaceState(null, '', '/');
    const before = window.history.length;
    navigate({ streamer: 'alpha' });
    navigate({ expand: ['Game:Chess'] }, { replace: true });
    expect(window.history.length).toBe(before + 1);
    expect(window.location.search).toBe('?streamer=alpha&expand=Game%3AChess');
  });

  it('opens a panel with only the keys it reads: a stale n= never follows the user', () => {
    window.history.replaceState(null, '', '/?panel=rankings&n=5&view=table&include_bots=1');
    navigate({ panel: 'atlas' }, { keep: PANEL_KEYS.atlas });
    expect(window.location.search).toBe('?panel=atlas&include_bots=1'); // shared: bots in or out
    navigate({ panel: null }, { keep: PANEL_KEYS.explorer });
    expect(window.location.search).toBe('');
    window.history.replaceState(null, '', '/?panel=rankings&n=5');
    navigate({ panel: 'explorer', streamer: 'Game:Chess' }, { keep: [] });
    expect(window.location.search).toBe('?panel=explorer&streamer=Game%3AChess');
    expect(
      keepOnly(new URLSearchParams('panel=viewer&viewer=a&n=3&day=x'), PANEL_KEYS.viewer).toString(),
    ).toBe('panel=viewer&viewer=a&day=x');
  });
});
