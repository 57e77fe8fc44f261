import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../lib/format.js';
import { BarChart } from './BarChart.jsx';

describe('BarChart', () => {
  it('draws one bar per row, lengths in proportion, each with its number', () => {
    const rows = [
      { name: 'Blue_4824', value: 4556537 },
      { name: 'Tiny_Iron', value: 2278268 },
      { name: '브라보', value: 0 },
    ];
    const { container } = render(<BarChart rows={rows} title="Followers" format={formatCount} />);
    expect(screen.getByRole('img', { name: /Followers: bar chart of 3 rows/ })).toBeTruthy();
    const bars = [...container.querySelectorAll('rect')].map((rect) => Number(rect.getAttribute('width')));
    expect(bars).toHaveLength(3);
    expect(bars[1] / bars[0]).toBeCloseTo(0.5, 2);
    expect(bars[2]).toBe(1); // a zero stays visible as a hairline
    const values = [...container.querySelectorAll('.bar-value')].map((t) => t.textContent);
    expect(values).toEqual(['4,556,537', '2,278,268', '0']);
    expect(screen.getByText('브라보')).toBeTruthy();
  });

  it('shortens long names and keeps the full name in the title', () => {
    const name = 'A streamer with a very long display name indeed';
    const { container } = render(<BarChart rows={[{ name, value: 1 }]} title="T" format={String} />);
    const label = container.querySelector('.bar-label').textContent;
    expect(label.endsWith('…')).toBe(true);
    expect(label.length).toBeLessThan(name.length);
    expect(container.querySelector('title').textContent).toBe(`${name}: 1`);
  });
});
