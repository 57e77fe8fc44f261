import { describe, expect, it } from 'vitest';
import { addDays, calendarLayout, weekdayOf } from './calendar.js';

describe('calendar layout', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-05-31', 1)).toBe('2026-06-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30'); // a DST change in Europe moves nothing
  });

  it('numbers weekdays from Monday', () => {
    expect(weekdayOf('2026-05-04')).toBe(0); // a Monday
    expect(weekdayOf('2026-05-09')).toBe(5); // Saturday
    expect(weekdayOf('2026-05-10')).toBe(6); // Sunday
  });

  it('lays whole weeks from the Monday before the first date to the Sunday after the last', () => {
    // Thursday 7 May to Tuesday 12 May 2026, given out of order and with a repeat.
    const layout = calendarLayout(['2026-05-12', '2026-05-07', '2026-05-09', '2026-05-07']);
    expect(layout.weeks).toBe(2);
    expect(layout.cells).toHaveLength(14);
    expect(layout.cells[0]).toEqual({ date: '2026-05-04', week: 0, weekday: 0, inRange: false });
    expect(layout.cells.find((c) => c.date === '2026-05-07')).toEqual({
      date: '2026-05-07',
      week: 0,
      weekday: 3,
      inRange: true,
    });
    expect(layout.cells.find((c) => c.date === '2026-05-11')).toMatchObject({ week: 1, weekday: 0 });
    expect(layout.cells.filter((c) => c.inRange).map((c) => c.date)).toEqual([
      '2026-05-07',
      '2026-05-08',
      '2026-05-09',
      '2026-05-10',
      '2026-05-11',
      '2026-05-12',
    ]);
    expect(layout.cells.at(-1)).toMatchObject({ date: '2026-05-17', week: 1, weekday: 6, inRange: false });
    expect([layout.first, layout.last]).toEqual(['2026-05-07', '2026-05-12']);
    expect(layout.months).toEqual([{ week: 0, label: 'May 2026' }]);
  });

  it('labels each month at the week of its first day, the year on January, and drops a crowded first label', () => {
    const dates = [];
    for (let d = '2025-12-24'; d <= '2026-03-05'; d = addDays(d, 1)) dates.push(d);
    const { months, cells } = calendarLayout(dates);
    const weekOf = (date) => cells.find((c) => c.date === date).week;
    // December's label (the first) would sit one week before January's: it gives way.
    expect(months).toEqual([
      { week: weekOf('2026-01-01'), label: 'Jan 2026' },
      { week: weekOf('2026-02-01'), label: 'Feb' },
      { week: weekOf('2026-03-01'), label: 'Mar' },
    ]);
  });

  it('is empty for no dates', () => {
    expect(calendarLayout([])).toEqual({ weeks: 0, cells: [], months: [], first: null, last: null });
  });
});
