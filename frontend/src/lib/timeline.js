/**
 * One day's schedule of a viewer as a timeline: the API's windows (start, channel, game, minutes) merged
 * into segments, one lane per channel, on an axis of the hours of a time zone (the browser's when none
 * is named).
 */
import { zonedDayBounds, zonedHourTicks } from './timezone.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Consecutive windows of the same channel and game become one segment.
 * @param {{start: string, channel: string, game: string|null, minutes: number}[]} windows
 * @returns {{channel: string, game: string|null, start: number, end: number, minutes: number,
 *   windows: number}[]} by start time; `start` and `end` in ms since the epoch
 */
export function mergeWindows(windows) {
  const sorted = windows
    .map((w) => ({ ...w, startMs: Date.parse(w.start) }))
    .sort((a, b) => a.startMs - b.startMs || a.channel.localeCompare(b.channel));
  const open = new Map(); // channel -> its latest segment
  const segments = [];
  for (const w of sorted) {
    const end = w.startMs + w.minutes * MINUTE_MS;
    const last = open.get(w.channel);
    if (last && last.end === w.startMs && last.game === (w.game ?? null)) {
      last.end = end;
      last.minutes += w.minutes;
      last.windows += 1;
      continue;
    }
    const segment = {
      channel: w.channel,
      game: w.game ?? null,
      start: w.startMs,
      end,
      minutes: w.minutes,
      windows: 1,
    };
    open.set(w.channel, segment);
    segments.push(segment);
  }
  return segments;
}

/**
 * The channels of the day, most watched first (ties by name), with their minutes.
 * @returns {{channel: string, minutes: number}[]}
 */
export function channelLanes(segments) {
  const minutes = new Map();
  for (const s of segments) minutes.set(s.channel, (minutes.get(s.channel) ?? 0) + s.minutes);
  return [...minutes]
    .map(([channel, total]) => ({ channel, minutes: total }))
    .sort((a, b) => b.minutes - a.minutes || a.channel.localeCompare(b.channel));
}

/**
 * The time axis: the day's hours in `timeZone` (the server's days are in its zone: then exactly the day),
 * widened to whole hours around any segment outside them (as in another zone's hours).
 * @param {string} isoDate
 * @param {{start: number, end: number}[]} segments
 * @param {string} [timeZone] an IANA zone; the browser's when absent
 * @returns {[number, number]} ms since the epoch
 */
export function timelineDomain(isoDate, segments, timeZone) {
  const [year, month, day] = isoDate.split('-').map(Number);
  let [lo, hi] = timeZone
    ? zonedDayBounds(isoDate, timeZone)
    : [new Date(year, month - 1, day).getTime(), new Date(year, month - 1, day + 1).getTime()];
  for (const s of segments) {
    lo = Math.min(lo, Math.floor(s.start / HOUR_MS) * HOUR_MS);
    hi = Math.max(hi, Math.ceil(s.end / HOUR_MS) * HOUR_MS);
  }
  return [lo, hi];
}

/** Whole hours within the domain, every `step` hours (counted from midnight), in `timeZone` (else local). */
export function hourTicks([lo, hi], step, timeZone) {
  if (timeZone) return zonedHourTicks([lo, hi], step, timeZone);
  const ticks = [];
  const first = new Date(lo);
  first.setMinutes(0, 0, 0);
  for (let t = first.getTime(); t <= hi; t += HOUR_MS) {
    if (t >= lo && new Date(t).getHours() % step === 0) ticks.push(t);
  }
  return ticks;
}
