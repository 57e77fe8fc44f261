import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CalendarHeatmap, calendarWidth, cellSize, numberColour } from './CalendarHeatmap.jsx';

const COLOURS = { '2026-05-07': '#0a0', '2026-05-09': '#a00' };

function renderCalendar(props = {}) {
  return render(
    <CalendarHeatmap
      name="t"
      dates={['2026-05-07', '2026-05-09', '2026-05-12']}
      label="Sanity per day: 2 OK, 1 failed."
      colourOf={(date) => COLOURS[date] ?? '#eee'}
      describe={(date) => `${date}: described`}
      {...props}
    />,
  );
}

const rectOf = (container, date) => container.querySelector(`g[data-date="${date}"] rect`);

describe('CalendarHeatmap', () => {
  it('puts each day in its week column and weekday row, with its colour and description', () => {
    const { container } = renderCalendar();
    expect(screen.getByRole('img', { name: 'Sanity per day: 2 OK, 1 failed.' })).toBeTruthy();
    // Thursday 7th to Tuesday 12th: six days drawn, over two week columns.
    expect(container.querySelectorAll('g[data-date]')).toHaveLength(6);
    // The rest of those weeks: dashed outlines, for the grid's shape, hidden from screen readers.
    expect(container.querySelectorAll('.calendar-outside')).toHaveLength(8);
    expect(container.querySelector('.calendar-outside').closest('[aria-hidden="true"]')).toBeTruthy();
    const thu = rectOf(container, '2026-05-07');
    const sat = rectOf(container, '2026-05-09');
    const mon = rectOf(container, '2026-05-11');
    const pitch = Number(sat.getAttribute('y')) - Number(thu.getAttribute('y'));
    expect(pitch).toBeGreaterThan(0);
    expect(Number(thu.getAttribute('x'))).toBe(Number(sat.getAttribute('x'))); // same week
    expect(Number(mon.getAttribute('x')) - Number(thu.getAttribute('x'))).toBe(pitch / 2); // next week
    expect(Number(mon.getAttribute('y'))).toBe(Number(thu.getAttribute('y')) - 3 * (pitch / 2)); // Monday row
    expect(thu.getAttribute('fill')).toBe('#0a0');
    expect(rectOf(container, '2026-05-08').getAttribute('fill')).toBe('#eee'); // in range, no data
    expect(container.querySelector('g[data-date="2026-05-09"] title').textContent).toBe(
      '2026-05-09: described',
    );
    expect(screen.getByText('May 2026')).toBeTruthy();
    expect(screen.getByText('Mon')).toBeTruthy();
  });

  it('marks days with a cross besides the colour', () => {
    const { container } = renderCalendar({ mark: (date) => date === '2026-05-09' });
    expect(container.querySelectorAll('.calendar-mark')).toHaveLength(1);
    expect(container.querySelector('g[data-date="2026-05-09"] .calendar-mark')).toBeTruthy();
  });

  it('opens a selectable day on click and outlines the selected one', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    const { container } = renderCalendar({
      onSelect,
      selectable: (date) => date !== '2026-05-08',
      selected: '2026-05-07',
    });
    await user.click(rectOf(container, '2026-05-09'));
    await user.click(rectOf(container, '2026-05-08'));
    expect(onSelect.mock.calls).toEqual([['2026-05-09']]);
    expect(rectOf(container, '2026-05-07')).toHaveClass('calendar-selected');
  });

  it('sizes cells to fit the width, within bounds (then it scrolls in its box)', () => {
    expect(cellSize(2, 640)).toBe(36); // a few weeks: big, readable squares
    expect(cellSize(53, 1200)).toBe(19);
    expect(cellSize(53, 390)).toBe(11);
  });

  it('leaves room for a month label past the last week, and numbers the days of big squares', () => {
    // One week, starting on the 30th: "Dec" labels the last column... of one. The label is not cut.
    const months = [{ week: 0, label: 'Nov 2026' }];
    expect(calendarWidth(1, 39, months)).toBeGreaterThanOrEqual(34 + 'Nov 2026'.length * 6.6);
    expect(calendarWidth(10, 39, months)).toBe(34 + 390);
    const { container } = renderCalendar({ dates: ['2026-11-29', '2026-11-30', '2026-12-01'] });
    const svg = container.querySelector('svg');
    const label = [...svg.querySelectorAll('.axis text')].find((t) => t.textContent === 'Dec');
    const right = Number(label.getAttribute('x')) + 3 * 6.6;
    expect(Number(svg.getAttribute('width'))).toBeGreaterThanOrEqual(right);
    const numbers = [...container.querySelectorAll('.calendar-day-number')].map((t) => t.textContent);
    expect(numbers).toEqual(['29', '30', '1']);
  });

  it('writes a day’s number dark on light squares and white on dark ones', () => {
    expect(numberColour('#e2e8f0')).toBe('#0f172a'); // none
    expect(numberColour('#ddd6fe')).toBe('#0f172a'); // the lightest watch time
    expect(numberColour('#15803d')).toBe('#fff'); // OK
    expect(numberColour('#4c1d95')).toBe('#fff');
    expect(numberColour('not a colour')).toBe('#0f172a');
  });
});
