import { describe, expect, it } from 'vitest';
import {
  clockIn,
  hoursBetween,
  isTimeZone,
  shiftHours,
  zonedDayBounds,
  zonedHourTicks,
  zoneOffsetMinutes,
} from './timezone.js';

const ms = (iso) => Date.parse(iso);

describe('time zones', () => {
  it('knows the offset of a zone at an instant, daylight saving time included', () => {
    expect(zoneOffsetMinutes(ms('2026-05-09T12:00:00Z'), 'Europe/Paris')).toBe(120);
    expect(zoneOffsetMinutes(ms('2026-01-09T12:00:00Z'), 'Europe/Paris')).toBe(60);
    expect(zoneOffsetMinutes(ms('2026-05-09T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(zoneOffsetMinutes(ms('2026-05-09T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(zoneOffsetMinutes(ms('2026-05-09T12:00:00Z'), 'UTC')).toBe(0);
  });

  it('reads the clock of an instant in a zone', () => {
    const instant = ms('2026-05-09T19:05:00Z');
    expect(clockIn(instant, 'Europe/Paris')).toBe('21:05');
    expect(clockIn(instant, 'America/New_York')).toBe('15:05');
    expect(clockIn(instant, 'Asia/Kolkata')).toBe('00:35');
  });

  it("finds a date's midnight in a zone, 23 or 25 hours long on a change of clocks", () => {
    expect(zonedDayBounds('2026-05-09', 'Europe/Paris')).toEqual([
      ms('2026-05-08T22:00:00Z'),
      ms('2026-05-09T22:00:00Z'),
    ]);
    const [lo, hi] = zonedDayBounds('2026-03-29', 'Europe/Paris'); // clocks go forward
    expect([lo, (hi - lo) / 3_600_000]).toEqual([ms('2026-03-28T23:00:00Z'), 23]);
    const [lo2, hi2] = zonedDayBounds('2026-10-25', 'Europe/Paris'); // and back
    expect([lo2, (hi2 - lo2) / 3_600_000]).toEqual([ms('2026-10-24T22:00:00Z'), 25]);
  });

  it("ticks a zone's whole hours, at :30 UTC for India", () => {
    const day = zonedDayBounds('2026-05-09', 'Europe/Paris');
    const paris = zonedHourTicks(day, 6, 'Europe/Paris');
    expect(paris.map((t) => clockIn(t, 'Europe/Paris'))).toEqual([
      '00:00',
      '06:00',
      '12:00',
      '18:00',
      '00:00',
    ]);
    const india = zonedHourTicks(day, 6, 'Asia/Kolkata');
    expect(india.map((t) => clockIn(t, 'Asia/Kolkata'))).toEqual(['06:00', '12:00', '18:00', '00:00']);
    expect(new Date(india[0]).getUTCMinutes()).toBe(30);
  });

  it('moves a schedule from one zone’s hours to another’s', () => {
    expect(hoursBetween('Europe/Paris', 'America/New_York', '2026-05-09')).toBe(-6);
    expect(hoursBetween('Europe/Paris', 'Asia/Kolkata', '2026-05-09')).toBe(3.5);
    expect(hoursBetween('Europe/Paris', 'Europe/Paris', '2026-05-09')).toBe(0);
    const paris = Array.from({ length: 24 }, (_, h) => (h === 21 ? 30 : h === 2 ? 5 : 0));
    const newYork = shiftHours(paris, -6);
    expect(newYork[15]).toBe(30);
    expect(newYork[20]).toBe(5); // 02:00 in Paris is 20:00 the evening before in New York
    expect(newYork.reduce((a, b) => a + b)).toBe(35);
    expect(shiftHours(paris, 0)).toEqual(paris);
  });

  it('tells a known zone from a typo', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
