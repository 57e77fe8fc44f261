/**
 * Times in a named IANA time zone (the server's TWITCHGRAPH_TIMEZONE, or the browser's), with the
 * browser's Intl only: the clock and hour of an instant there, a day's midnight there, the offset between
 * two zones, and a 24-hour schedule moved from one zone's hours to another's.
 */
const MINUTE_MS = 60_000;

/** The browser's own zone ("Europe/Paris"); "UTC" when it does not say. */
export function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Whether `timeZone` is a zone this browser knows. */
export function isTimeZone(timeZone) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return Boolean(timeZone);
  } catch {
    return false;
  }
}

const formatters = new Map();

/** The wall-clock fields of an instant in `timeZone`. */
function wallClock(ms, timeZone) {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const fields = {};
  for (const part of format.formatToParts(new Date(ms))) fields[part.type] = Number(part.value);
  return fields;
}

/** How far `timeZone`'s clock is ahead of UTC at the instant `ms`, in minutes (Paris in May: 120). */
export function zoneOffsetMinutes(ms, timeZone) {
  const f = wallClock(ms, timeZone);
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / MINUTE_MS);
}

/** The hour (0 to 23) and minute of the instant `ms` in `timeZone`. */
export function hourAndMinute(ms, timeZone) {
  const f = wallClock(ms, timeZone);
  return { hour: f.hour, minute: f.minute };
}

/** A time of day in `timeZone`, 24-hour: "07:35". */
export function clockIn(ms, timeZone) {
  const { hour, minute } = hourAndMinute(ms, timeZone);
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** The instant a local time `h`:00 of the date "YYYY-MM-DD" starts in `timeZone` (DST-aware). */
export function zonedTime(isoDate, timeZone, h = 0) {
  const [year, month, day] = isoDate.split('-').map(Number);
  const wall = Date.UTC(year, month - 1, day, h);
  // The offset at the guess, then at the corrected guess: exact except inside a DST gap.
  let guess = wall - zoneOffsetMinutes(wall, timeZone) * MINUTE_MS;
  guess = wall - zoneOffsetMinutes(guess, timeZone) * MINUTE_MS;
  return guess;
}

/** The instants a date starts and ends in `timeZone`: [its midnight, the next day's]. */
export function zonedDayBounds(isoDate, timeZone) {
  const [year, month, day] = isoDate.split('-').map(Number);
  const next = new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
  return [zonedTime(isoDate, timeZone), zonedTime(next, timeZone)];
}

/** Whole hours of `timeZone` within [lo, hi], every `step` hours counted from its midnight. */
export function zonedHourTicks([lo, hi], step, timeZone) {
  const ticks = [];
  // Every quarter of an hour: a zone's whole hours fall on one (India's at :30 UTC, Nepal's at :15).
  const quarter = 15 * MINUTE_MS;
  for (let t = Math.ceil(lo / quarter) * quarter; t <= hi; t += quarter) {
    const { hour, minute } = hourAndMinute(t, timeZone);
    if (minute === 0 && hour % step === 0) ticks.push(t);
  }
  return ticks;
}

/**
 * The hours `to` is ahead of `from` on the date "YYYY-MM-DD" (at noon): Paris to New York in May, -6.
 * Fractional for zones half an hour apart.
 */
export function hoursBetween(from, to, isoDate) {
  const noon = zonedTime(isoDate, from, 12);
  return (zoneOffsetMinutes(noon, to) - zoneOffsetMinutes(noon, from)) / 60;
}

/**
 * A 24-hour schedule (index: the hour in one zone) moved by `hours` (rounded to whole hours): the
 * minutes of 21:00 in Paris are those of 15:00 in New York, six hours behind.
 * @param {number[]} values 24 numbers
 * @param {number} hours
 * @returns {number[]}
 */
export function shiftHours(values, hours) {
  const by = ((Math.round(hours) % 24) + 24) % 24;
  const moved = new Array(24).fill(0);
  values.forEach((value, hour) => {
    moved[(hour + by) % 24] = value;
  });
  return moved;
}
