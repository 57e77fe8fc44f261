import { describe, expect, it } from 'vitest';
import {
  formatAverageMinutes,
  formatCompact,
  formatCount,
  formatDate,
  formatMinutes,
  formatMoment,
  formatPercent,
  formatShareOfTop,
  formatSeconds,
  formatShortDate,
  formatSigned,
} from './format.js';

describe('formats', () => {
  it('groups thousands and shows a dash for nothing', () => {
    expect(formatCount(51154)).toBe('51,154');
    expect(formatCount(null)).toBe('–');
    expect(formatCompact(4556537)).toBe('4.6M');
  });

  it('shows scores as a share of the top one, three significant digits, never an exponent', () => {
    const top = 0.001796;
    expect(formatShareOfTop(top, top)).toBe('100%');
    expect(formatShareOfTop(0.0009646, top)).toBe('53.7%');
    expect(formatShareOfTop(0.00009646, top)).toBe('5.37%');
    expect(formatShareOfTop(0.0000009646, top)).toBe('0.0537%');
    expect(formatShareOfTop(1e-9, top)).toBe('<0.01%');
    expect(formatShareOfTop(0, top)).toBe('0%');
    expect(formatShareOfTop(0.5, 0)).toBe('–');
    expect(formatShareOfTop(null, top)).toBe('–');
    for (const value of [0.013339536, 0.000974, 9.646e-4, 1.2e-7]) {
      expect(formatShareOfTop(value, 0.013339536)).not.toMatch(/e/i);
    }
  });

  it('shows shares given in percent with one decimal', () => {
    expect(formatPercent(42.25)).toBe('42.3%');
    expect(formatPercent(100)).toBe('100.0%');
    expect(formatPercent(0)).toBe('0.0%');
  });

  it('signs changes', () => {
    expect([formatSigned(56), formatSigned(-1234), formatSigned(0), formatSigned(null)]).toEqual([
      '+56',
      '−1,234',
      '0',
      '–',
    ]);
  });

  it('shows watch time in hours and minutes', () => {
    expect([formatMinutes(0), formatMinutes(45), formatMinutes(60), formatMinutes(755)]).toEqual([
      '0 min',
      '45 min',
      '1 h',
      '12 h 35 min',
    ]);
    expect(formatMinutes(61_000)).toBe('1,016 h 40 min');
    expect(formatAverageMinutes(12.345)).toBe('12.3 min');
  });

  it('shows durations from fractions of a second to hours', () => {
    expect([formatSeconds(0.4213), formatSeconds(12.34), formatSeconds(185), formatSeconds(120)]).toEqual([
      '0.42 s',
      '12.3 s',
      '3 min 5 s',
      '2 min',
    ]);
    expect(formatSeconds(3720)).toBe('1 h 2 min');
  });

  it('shows calendar dates as they are, whatever the time zone', () => {
    expect(formatDate('2026-05-09')).toBe('Sat, May 9, 2026');
    expect(formatShortDate('2026-01-01')).toBe('Jan 1');
    expect(formatDate(null)).toBe('–');
    expect(formatDate('yesterday')).toBe('yesterday');
  });

  it('shows an instant of the API in UTC, to the second', () => {
    expect(formatMoment('2026-12-01T09:12:03.412Z')).toBe('Dec 1, 09:12:03 UTC');
    expect(formatMoment('2026-05-09T00:02:00Z')).toBe('May 9, 00:02:00 UTC');
    expect([formatMoment(null), formatMoment('soon')]).toEqual(['–', '–']);
  });
});
