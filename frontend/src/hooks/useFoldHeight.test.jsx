import { render, screen } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { foldHeight, useFoldHeight } from './useFoldHeight.js';

afterEach(() => vi.restoreAllMocks());

function Area() {
  const ref = useRef(null);
  const height = useFoldHeight(ref);
  return (
    <div ref={ref} data-testid="area">
      {height}
    </div>
  );
}

describe('useFoldHeight', () => {
  it('ends the element above the fold: from its top to the window bottom, less a margin, clamped', () => {
    expect(foldHeight(300, 900, { min: 320, max: 900, margin: 16 })).toBe(584);
    expect(foldHeight(700, 900, { min: 320, max: 900, margin: 16 })).toBe(320); // never unusably small
    expect(foldHeight(0, 2000, { min: 320, max: 900, margin: 16 })).toBe(900);
  });

  it('measures where the element is on the page, scrolled or not', () => {
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ top: 250 });
    vi.spyOn(window, 'innerHeight', 'get').mockReturnValue(900);
    render(<Area />);
    expect(screen.getByTestId('area')).toHaveTextContent('634');
  });
});
