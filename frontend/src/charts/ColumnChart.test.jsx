import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ColumnChart, stackRows } from './ColumnChart.jsx';
import { labelStep } from './axes.jsx';
import { SeriesLegend } from './SeriesLegend.jsx';

const SERIES = [
  { key: 'archive', label: 'Archive', colour: '#111' },
  { key: 'profiles', label: 'Profiles', colour: '#222' },
];
const rows = [
  { id: '2026-05-07', label: 'May 7', title: 'Thu, May 7, 2026', values: { archive: 2, profiles: 6 } },
  { id: '2026-05-08', label: 'May 8', title: 'Fri, May 8, 2026', values: { archive: 4 } }, // no profiles
];

const heights = (container, series) =>
  [...container.querySelectorAll(`rect[data-series="${series}"]`)].map((r) =>
    Number(r.getAttribute('height')),
  );

describe('ColumnChart', () => {
  it('stacks series bottom first, a missing value as 0', () => {
    expect(stackRows(rows, ['archive', 'profiles'])).toEqual([
      [
        [0, 2],
        [0, 4],
      ],
      [
        [2, 8],
        [4, 4],
      ],
    ]);
  });

  it('draws stacked columns in proportion, tallest total reaching the top of the (nice) scale', () => {
    const { container } = render(
      <ColumnChart name="t" rows={rows} series={SERIES} title="Stage times" format={(v) => `${v} s`} />,
    );
    expect(screen.getByRole('img', { name: /Stage times: column chart of 2 days/ })).toBeTruthy();
    const archive = heights(container, 'archive');
    const profiles = heights(container, 'profiles');
    expect(archive[1] / archive[0]).toBeCloseTo(2, 5);
    expect(profiles[0] / archive[0]).toBeCloseTo(3, 5);
    expect(profiles[1]).toBe(0);
    // Each stack sits on the one below it.
    const [a0, p0] = [...container.querySelectorAll('g[data-id="2026-05-07"] rect')];
    expect(Number(p0.getAttribute('y')) + Number(p0.getAttribute('height'))).toBeCloseTo(
      Number(a0.getAttribute('y')),
      5,
    );
    // The tooltip of a column names the day, the total and each stage.
    expect(container.querySelector('g[data-id="2026-05-07"] title').textContent).toBe(
      'Thu, May 7, 2026: 8 s in all; Archive 2 s, Profiles 6 s',
    );
    const labels = [...container.querySelectorAll('.axis--bottom text')].map((t) => t.textContent);
    expect(labels).toEqual(['May 7', 'May 8']);
  });

  it('spreads a few days over the full width, each column at most 72 px wide and centred on its day', () => {
    const { container } = render(
      <ColumnChart name="t" rows={rows} series={SERIES} title="Stage times" format={(v) => `${v} s`} />,
    );
    const width = Number(container.querySelector('svg').getAttribute('width')); // 640 before measuring
    const columns = [...container.querySelectorAll('rect[data-series="archive"]')].map((r) => ({
      x: Number(r.getAttribute('x')),
      width: Number(r.getAttribute('width')),
    }));
    expect(columns.map((c) => c.width)).toEqual([72, 72]);
    // The two days share the plot (60 px of axis on the left, 24 on the right): each in its half.
    const middle = (c) => c.x + c.width / 2;
    const plot = width - 60 - 24;
    expect(middle(columns[0])).toBeCloseTo(60 + plot / 4, 0);
    expect(middle(columns[1])).toBeCloseTo(60 + (3 * plot) / 4, 0);
    const baseline = container.querySelector('line.baseline');
    expect(Number(baseline.getAttribute('x2'))).toBe(width - 24);
    const ticks = [...container.querySelectorAll('.axis--bottom text')].map((t) =>
      Number(t.getAttribute('x')),
    );
    expect(ticks[1]).toBeCloseTo(middle(columns[1]), 5);
  });

  it('counts the axis in another unit when given a divisor, the columns unchanged', () => {
    const minutes = [{ id: 'd', label: 'D', title: 'D', values: { v: 3000 } }];
    const props = {
      name: 't',
      rows: minutes,
      series: [{ key: 'v', label: 'V', colour: '#000' }],
      title: 'T',
    };
    const { container } = render(
      <ColumnChart {...props} format={(v) => `${v} s`} tickFormat={(v) => `${v} min`} divisor={60} />,
    );
    const ticks = [...container.querySelectorAll('.axis--left text')].map((t) => t.textContent);
    expect(ticks).toEqual(['0 min', '10 min', '20 min', '30 min', '40 min', '50 min']);
    expect(container.querySelector('title').textContent).toBe('D: 3000 s');
  });

  it('thins the day labels so they never overlap, keeping the latest', () => {
    expect(labelStep(10, 500, 52)).toBe(2);
    expect(labelStep(3, 500, 52)).toBe(1);
    expect(labelStep(365, 580, 52)).toBe(33);
    const many = Array.from({ length: 40 }, (_, i) => ({
      id: `d${i}`,
      label: `L${i}`,
      title: `Day ${i}`,
      values: { v: i },
    }));
    const { container } = render(
      <ColumnChart
        name="t"
        rows={many}
        series={[{ key: 'v', label: 'V', colour: '#000' }]}
        title="T"
        format={String}
      />,
    );
    const labels = [...container.querySelectorAll('.axis--bottom text')].map((t) => t.textContent);
    expect(labels.at(-1)).toBe('L39');
    expect(labels.length).toBeLessThan(40);
    expect(container.querySelectorAll('rect[data-series="v"]')).toHaveLength(40);
    expect(container.querySelector('g[data-id="d5"] title').textContent).toBe('Day 5: 5');
  });
});

describe('SeriesLegend', () => {
  it('names every series, with a line sample for dashed ones', () => {
    render(
      <SeriesLegend
        label="Legend: test"
        items={[
          { key: 'a', label: 'Solid', colour: '#000', dash: '' },
          { key: 'b', label: 'Dashed', colour: '#111', dash: '6 4' },
          { key: 'c', label: 'Square', colour: '#222' },
        ]}
      />,
    );
    const legend = screen.getByRole('list', { name: 'Legend: test' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Solid', 'Dashed', 'Square']);
    expect(legend.querySelectorAll('svg line')[1].getAttribute('stroke-dasharray')).toBe('6 4');
    expect(legend.querySelectorAll('.swatch--square')).toHaveLength(1);
  });
});
