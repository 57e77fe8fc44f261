import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { navigate, useUrlParams, withParams } from './useUrlState.js';

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
});
