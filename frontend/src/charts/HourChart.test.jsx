import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HourChart } from './HourChart.jsx';

const workday = Array.from({ length: 24 }, (_, h) => (h === 21 ? 40 : h === 20 ? 20 : 0));
const weekend = Array.from({ length: 24 }, (_, h) => (h === 15 ? 10 : 0));
const SERIES = [
  { key: 'workday', label: 'Workdays', colour: '#6d28d9', dash: '', values: workday },
  { key: 'weekend', label: 'Weekends', colour: '#c2410c', dash: '6 4', values: weekend },
];

describe('HourChart', () => {
  it('draws 24 points a series, heights in proportion, hours in order', () => {
    const { container } = render(<HourChart series={SERIES} title="Schedule" format={(v) => `${v} min`} />);
    expect(
      screen.getByRole('img', { name: /Schedule: line chart of minutes watched per hour/ }),
    ).toBeTruthy();
    const points = [...container.querySelectorAll('g[data-series="workday"] circle')];
    expect(points).toHaveLength(24);
    const baseY = Number(points[0].getAttribute('cy'));
    const height = (h) => baseY - Number(points[h].getAttribute('cy'));
    expect(height(21) / height(20)).toBeCloseTo(2, 5);
    expect(Number(points[1].getAttribute('cx'))).toBeGreaterThan(Number(points[0].getAttribute('cx')));
    // The second series: squares, a dashed line.
    expect(container.querySelectorAll('g[data-series="weekend"] rect')).toHaveLength(24);
    expect(container.querySelector('g[data-series="weekend"] path').getAttribute('stroke-dasharray')).toBe(
      '6 4',
    );
    expect(container.querySelector('g[data-series="workday"] path').getAttribute('d')).toMatch(
      /^M[\d.]+,[\d.]+L/,
    );
    const titles = [...container.querySelectorAll('g[data-series="workday"] title')].map(
      (t) => t.textContent,
    );
    expect(titles[21]).toBe('Workdays, 21:00–22:00: 40 min');
    expect(titles[23]).toBe('Workdays, 23:00–00:00: 0 min');
  });

  it('keeps a flat zero line on the axis when nothing was watched', () => {
    const zeros = Array(24).fill(0);
    const { container } = render(
      <HourChart series={[{ ...SERIES[0], values: zeros }]} title="Schedule" format={String} />,
    );
    const ys = new Set([...container.querySelectorAll('circle')].map((c) => c.getAttribute('cy')));
    expect(ys.size).toBe(1);
  });
});
