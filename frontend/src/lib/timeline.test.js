import { afterEach, describe, expect, it } from 'vitest';
import { channelLanes, hourTicks, mergeWindows, timelineDomain } from './timeline.js';

const TZ = process.env.TZ;
afterEach(() => {
  if (TZ === undefined) delete process.env.TZ;
  else process.env.TZ = TZ;
});

const w = (start, channel, game = 'Chess', minutes = 5) => ({ start, channel, game, minutes });
const ms = (iso) => Date.parse(iso);

describe('day timeline', () => {
  it('merges consecutive windows of a channel and game, and splits on a gap or a new game', () => {
    const segments = mergeWindows([
      w('2026-05-09T20:05:00Z', 'alpha'),
      w('2026-05-09T20:00:00Z', 'alpha'), // out of order on purpose
      w('2026-05-09T20:10:00Z', 'alpha', 'Poker'), // new game
      w('2026-05-09T20:20:00Z', 'alpha', 'Poker'), // after a gap
      w('2026-05-09T20:00:00Z', 'beta', null), // another channel at the same time
      w('2026-05-09T20:05:00Z', 'beta', null),
    ]);
    expect(segments).toEqual([
      {
        channel: 'alpha',
        game: 'Chess',
        start: ms('2026-05-09T20:00:00Z'),
        end: ms('2026-05-09T20:10:00Z'),
        minutes: 10,
        windows: 2,
      },
      {
        channel: 'beta',
        game: null,
        start: ms('2026-05-09T20:00:00Z'),
        end: ms('2026-05-09T20:10:00Z'),
        minutes: 10,
        windows: 2,
      },
      {
        channel: 'alpha',
        game: 'Poker',
        start: ms('2026-05-09T20:10:00Z'),
        end: ms('2026-05-09T20:15:00Z'),
        minutes: 5,
        windows: 1,
      },
      {
        channel: 'alpha',
        game: 'Poker',
        start: ms('2026-05-09T20:20:00Z'),
        end: ms('2026-05-09T20:25:00Z'),
        minutes: 5,
        windows: 1,
      },
    ]);
  });

  it('puts the most watched channel in the first lane, ties by name', () => {
    const segments = mergeWindows([
      w('2026-05-09T10:00:00Z', 'zeta', 'A', 15),
      w('2026-05-09T11:00:00Z', 'beta', 'A', 10),
      w('2026-05-09T12:00:00Z', 'alpha', 'A', 10),
    ]);
    expect(channelLanes(segments)).toEqual([
      { channel: 'zeta', minutes: 15 },
      { channel: 'alpha', minutes: 10 },
      { channel: 'beta', minutes: 10 },
    ]);
  });

  it("spans the date's 24 local hours, widened to whole hours around windows outside them", () => {
    process.env.TZ = 'Europe/Paris'; // UTC+2 in May
    const inside = mergeWindows([w('2026-05-09T18:00:00Z', 'alpha')]);
    expect(timelineDomain('2026-05-09', inside)).toEqual([
      ms('2026-05-08T22:00:00Z'),
      ms('2026-05-09T22:00:00Z'),
    ]);
    // A server in UTC counts 22:30 UTC as the 9th; here it is 00:30 on the 10th.
    const late = mergeWindows([w('2026-05-09T22:30:00Z', 'alpha', 'A', 10)]);
    expect(timelineDomain('2026-05-09', late)).toEqual([
      ms('2026-05-08T22:00:00Z'),
      ms('2026-05-09T23:00:00Z'),
    ]);
    process.env.TZ = 'UTC';
    expect(timelineDomain('2026-05-09', [])).toEqual([
      ms('2026-05-09T00:00:00Z'),
      ms('2026-05-10T00:00:00Z'),
    ]);
  });

  it('ticks whole local hours at the chosen step', () => {
    process.env.TZ = 'UTC';
    const ticks = hourTicks([ms('2026-05-09T00:00:00Z'), ms('2026-05-10T00:00:00Z')], 6);
    expect(ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual([
      '00:00',
      '06:00',
      '12:00',
      '18:00',
      '00:00',
    ]);
    expect(hourTicks([ms('2026-05-09T00:30:00Z'), ms('2026-05-09T03:00:00Z')], 1)).toEqual([
      ms('2026-05-09T01:00:00Z'),
      ms('2026-05-09T02:00:00Z'),
      ms('2026-05-09T03:00:00Z'),
    ]);
  });
});
