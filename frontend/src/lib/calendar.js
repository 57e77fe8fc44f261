/**
 * Calendar layout, as GitHub's contribution graph: one column per week (Monday first), one row per
 * weekday, from the week of the first date to the week of the last. Dates are "YYYY-MM-DD" calendar
 * dates, computed in UTC so that no time zone shifts a day.
 */
import { dateOf } from './format.js';

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
// A month label needs about this many week columns to be read before the next one starts.
const MONTH_LABEL_WEEKS = 3;

/** "2026-05-09" plus n days. */
export function addDays(isoDate, n) {
  return new Date(dateOf(isoDate).getTime() + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 for Monday ... 6 for Sunday. */
export function weekdayOf(isoDate) {
  return (dateOf(isoDate).getUTCDay() + 6) % 7;
}

/**
 * @param {string[]} dates any order, repeats allowed
 * @returns {{weeks: number, cells: {date: string, week: number, weekday: number, inRange: boolean}[],
 *   months: {week: number, label: string}[], first: string|null, last: string|null}}
 *   every day of the weeks shown; `inRange` between the first and the last date; month labels at the
 *   week holding the month's first day (and the first week), dropped when too close to the next
 */
export function calendarLayout(dates) {
  if (dates.length === 0) return { weeks: 0, cells: [], months: [], first: null, last: null };
  const sorted = [...dates].sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const start = addDays(first, -weekdayOf(first));
  const end = addDays(last, 6 - weekdayOf(last));
  const cells = [];
  for (let i = 0, date = start; date <= end; i += 1, date = addDays(date, 1)) {
    cells.push({ date, week: Math.floor(i / 7), weekday: i % 7, inRange: date >= first && date <= last });
  }
  const weeks = cells.length / 7;

  const months = [];
  for (const cell of cells) {
    if (!cell.inRange) continue;
    const isFirstShown = months.length === 0;
    if (isFirstShown || cell.date.endsWith('-01')) {
      const month = MONTHS[Number(cell.date.slice(5, 7)) - 1];
      const label =
        isFirstShown || cell.date.slice(5, 7) === '01' ? `${month} ${cell.date.slice(0, 4)}` : month;
      months.push({ week: cell.week, label });
    }
  }
  // The first label gives way when the next month starts within a few weeks (it would overlap).
  if (months.length > 1 && months[1].week - months[0].week < MONTH_LABEL_WEEKS) months.shift();
  return { weeks, cells, months, first, last };
}
