import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TOKEN_KEY, useOperatorToken } from './useOperatorToken.js';

function Show() {
  const { token } = useOperatorToken();
  return <output>{token ?? 'none'}</output>;
}

describe('useOperatorToken', () => {
  it('keeps the token in sessionStorage, trimmed, and re-renders every reader on sign-in and sign-out', () => {
    render(
      <>
        <Show />
        <Show />
      </>,
    );
    const { result } = renderHookLike();
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toEqual(['none', 'none']);
    act(() => result.signIn('  s3cret  '));
    expect(window.sessionStorage.getItem(TOKEN_KEY)).toBe('s3cret');
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toEqual(['s3cret', 's3cret']);
    expect(window.location.href).not.toContain('s3cret');
    act(() => result.signOut());
    expect(window.sessionStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toEqual(['none', 'none']);
  });

  it('reads a token already in this tab (a reload keeps the session)', () => {
    window.sessionStorage.setItem(TOKEN_KEY, 'kept');
    render(<Show />);
    expect(screen.getByRole('status')).toHaveTextContent('kept');
  });
});

/** The hook's functions without a component of their own. */
function renderHookLike() {
  const result = {};
  function Grab() {
    Object.assign(result, useOperatorToken());
    return null;
  }
  render(<Grab />);
  return { result };
}
