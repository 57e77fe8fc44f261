/** Number, date and duration formats shared by the panels (one locale, so tests and screenshots agree). */

const COUNT = new Intl.NumberFormat('en-US');
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const PERCENT = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
// Dates of the API are calendar dates ("2026-05-09"): read and written in UTC so no time zone moves them.
const DATE = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const SHORT_DATE = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

// Instants of the API (ISO 8601, UTC) are shown in UTC too: the same text on every machine.
const MOMENT = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** "2026-12-01T09:12:03.412Z" -> "Dec 1, 09:12:03 UTC"; null or not an instant -> "–". */
export function formatMoment(iso) {
  const moment = iso ? new Date(iso) : null;
  return moment && !Number.isNaN(moment.getTime()) ? `${MOMENT.format(moment)} UTC` : '–';
}

/** 1234567 -> "1,234,567"; null -> "–". */
export function formatCount(value) {
  return value === null || value === undefined ? '–' : COUNT.format(value);
}

/** 1234567 -> "1.2M". */
export function formatCompact(value) {
  return value === null || value === undefined ? '–' : COMPACT.format(value);
}

const SHARE_OF_TOP = new Intl.NumberFormat('en-US', { style: 'percent', maximumSignificantDigits: 3 });
const SMALLEST_SHARE = 0.0001; // 0.01%: below it, "<0.01%"

/**
 * A score as a share of the top score, in percent with three significant digits and never an exponent:
 * (0.0018, 0.0018) -> "100%", (0.000965, 0.0018) -> "53.6%", a hundred-thousandth of the top -> "<0.01%";
 * null, or no top to compare with -> "–".
 */
export function formatShareOfTop(value, top) {
  if (value === null || value === undefined || !(top > 0)) return '–';
  const share = value / top;
  if (share <= 0) return '0%';
  return share < SMALLEST_SHARE ? '<0.01%' : SHARE_OF_TOP.format(share);
}

/** A share given in percent (0 to 100): 42.25 -> "42.3%". */
export function formatPercent(value) {
  return value === null || value === undefined ? '–' : PERCENT.format(value / 100);
}

/** A change with its sign: 56 -> "+56", -12 -> "−12", 0 -> "0"; null -> "–". */
export function formatSigned(value) {
  if (value === null || value === undefined) return '–';
  if (value === 0) return '0';
  return `${value > 0 ? '+' : '−'}${COUNT.format(Math.abs(value))}`;
}

/** Watch time in hours and minutes: 45 -> "45 min", 60 -> "1 h", 755 -> "12 h 35 min". */
export function formatMinutes(value) {
  if (value === null || value === undefined) return '–';
  const total = Math.round(value);
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${COUNT.format(hours)} h` : `${COUNT.format(hours)} h ${minutes} min`;
}

/** Minutes that may be fractional (an average): 12.345 -> "12.3 min". */
export function formatAverageMinutes(value) {
  if (value === null || value === undefined) return '–';
  return `${value.toFixed(1)} min`;
}

/** A duration in seconds: 0.4213 -> "0.42 s", 12.34 -> "12.3 s", 185 -> "3 min 5 s", 3720 -> "1 h 2 min". */
export function formatSeconds(value) {
  if (value === null || value === undefined) return '–';
  if (value < 1) return `${Number(value.toPrecision(2))} s`;
  if (value < 60) return `${Number(value.toFixed(1))} s`;
  const seconds = Math.round(value);
  if (seconds < 3600) {
    const s = seconds % 60;
    return s === 0 ? `${Math.floor(seconds / 60)} min` : `${Math.floor(seconds / 60)} min ${s} s`;
  }
  const minutes = Math.round(seconds / 60);
  return formatMinutes(minutes);
}

/** "2026-05-09" as a Date at that day's UTC midnight (an invalid Date for anything else). */
export function dateOf(isoDate) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate ?? '')) return new Date(NaN);
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

function formatWith(format, isoDate) {
  if (!isoDate) return '–';
  const date = dateOf(isoDate);
  return Number.isNaN(date.getTime()) ? String(isoDate) : format.format(date); // a URL's typo, as typed
}

/** "2026-05-09" -> "Sat, May 9, 2026"; null -> "–"; not a date -> as is. */
export function formatDate(isoDate) {
  return formatWith(DATE, isoDate);
}

/** "2026-05-09" -> "May 9". */
export function formatShortDate(isoDate) {
  return formatWith(SHORT_DATE, isoDate);
}

/** A time of day in the browser's time zone, 24-hour: "07:35". */
export function formatClock(ms) {
  const date = new Date(ms);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
