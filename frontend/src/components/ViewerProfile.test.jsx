import { describe, expect, it } from 'vitest';
import { HEAT_COLOURS, SANITY_COLOURS } from '../lib/palette.js';
import { heatScale, peakSentence } from './ViewerProfile.jsx';

describe('viewer profile helpers', () => {
  it('colours watch time in four round steps that cover the busiest day, none in grey', () => {
    const { colourOf, step, legend } = heatScale([0, 45, 329, 120]);
    expect(step).toBe(90);
    expect([0, 1, 90, 91, 180, 270, 271, 329].map(colourOf)).toEqual([
      SANITY_COLOURS.none,
      HEAT_COLOURS[0],
      HEAT_COLOURS[0],
      HEAT_COLOURS[1],
      HEAT_COLOURS[1],
      HEAT_COLOURS[2],
      HEAT_COLOURS[3],
      HEAT_COLOURS[3],
    ]);
    expect(legend.map((item) => item.label)).toEqual([
      'None',
      'up to 1 h 30 min',
      '1 h 30 min to 3 h',
      '3 h to 4 h 30 min',
      'over 4 h 30 min',
    ]);
    expect(heatScale([3]).step).toBe(5);
    expect(heatScale([2000]).step).toBe(540); // beyond the table: whole hours
    expect(heatScale([]).colourOf(0)).toBe(SANITY_COLOURS.none);
  });

  it('names the busiest hour of a schedule', () => {
    const values = Array(24).fill(0);
    values[23] = 12.25;
    expect(peakSentence('Weekends', values)).toBe('Weekends: most at 23:00–00:00 (12.3 min).');
    expect(peakSentence('Workdays', Array(24).fill(0))).toBe('Workdays: no watching on record.');
  });
});
