import { describe, expect, it } from 'vitest';
import {
  ATLAS_WEIGHTS,
  atlasCsv,
  audienceWords,
  boxesOverlap,
  DEFAULT_DAYS,
  daysCovered,
  dimmedLogins,
  formatWeight,
  MAX_DAYS,
  measureWords,
  OVERLAP_METRICS,
  overlapMetric,
  parseSource,
  placeLabels,
  valuesOf,
} from './atlas.js';

const measure = (text) => text.length * 7;
const VIEW = { width: 400, height: 300 };

/** A label wish at (x, y) of a channel of `size`, its dot just above the label. */
function wish(key, x, y, size, extra = {}) {
  return { key, x, y, text: key, size, dot: { x, y: y - 6, r: 4 }, ...extra };
}

describe('placeLabels', () => {
  it('places bigger channels first and skips a label that would overlap one placed', () => {
    const placed = placeLabels(
      [wish('small', 102, 100, 10), wish('big', 100, 104, 1000), wish('apart', 300, 200, 5)],
      measure,
      VIEW,
    );
    expect(placed.map((label) => label.key)).toEqual(['big', 'apart']);
  });

  it('never places two overlapping labels, whatever the order given', () => {
    const wishes = Array.from({ length: 300 }, (_, i) => ({
      key: `channel${i}`,
      x: 20 + ((i * 37) % 360),
      y: 10 + ((i * 53) % 270),
      text: `channel${i}`,
      size: (i * 7919) % 1000,
    }));
    const placed = placeLabels(wishes, measure, VIEW);
    expect(placed.length).toBeGreaterThan(10);
    for (let i = 0; i < placed.length; i += 1) {
      for (let j = i + 1; j < placed.length; j += 1) {
        expect(boxesOverlap(placed[i].box, placed[j].box)).toBe(false);
      }
    }
    // Bigger first: the sizes come out in order, and a skipped label lost to a bigger one placed.
    const sizes = placed.map((label) => wishes.find((w) => w.key === label.key).size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const biggest = wishes.reduce((a, b) => (b.size > a.size ? b : a));
    expect(placed[0].key).toBe(biggest.key);
  });

  it('puts pinned labels (the selected channel) before bigger ones', () => {
    const placed = placeLabels(
      [wish('big', 100, 100, 1000), wish('chosen', 104, 102, 1, { pinned: true })],
      measure,
      VIEW,
    );
    expect(placed.map((label) => label.key)).toEqual(['chosen']);
  });

  it('keeps labels inside the view, clear of bigger dots, and stops at the limit', () => {
    expect(placeLabels([wish('edge', 5, 100, 10)], measure, VIEW)).toEqual([]);
    // The small channel's label would cross the big channel's dot.
    const dotted = placeLabels(
      [
        { key: 'big', x: 100, y: 300 - 20, text: 'big', size: 100, dot: { x: 100, y: 100, r: 20 } },
        wish('small', 100, 95, 1),
      ],
      measure,
      VIEW,
    );
    expect(dotted.map((label) => label.key)).toEqual(['big']);
    const wishes = [wish('a', 50, 50, 3), wish('b', 200, 50, 2), wish('c', 300, 200, 1)];
    expect(placeLabels(wishes, measure, { ...VIEW, limit: 2 }).map((label) => label.key)).toEqual(['a', 'b']);
  });
});

describe('the atlas helpers', () => {
  const nodes = [
    {
      login: 'alpha',
      name: 'Alpha',
      audience: 30,
      community: 0,
      x: 0.1,
      y: -0.2,
      game: 'Chess',
      language: 'en',
    },
    {
      login: 'bravo',
      name: 'Bravo, "B"',
      audience: 20,
      community: 1,
      x: -1,
      y: 1,
      game: null,
      language: 'fr',
    },
    {
      login: 'charlie',
      name: 'Charlie',
      audience: 10,
      community: 0,
      x: 0,
      y: 0,
      game: 'Chess',
      language: 'fr',
    },
  ];

  it('writes the channels as CSV, quoting where needed', () => {
    expect(atlasCsv(nodes).split('\r\n')).toEqual([
      'login,name,audience,community,game,language,x,y',
      'alpha,Alpha,30,0,Chess,en,0.1,-0.2',
      'bravo,"Bravo, ""B""",20,1,,fr,-1,1',
      'charlie,Charlie,10,0,Chess,fr,0,0',
      '',
    ]);
  });

  it('dims the channels a filter leaves out, none without filters', () => {
    const none = { language: null, game: null, community: null };
    expect(dimmedLogins(nodes, none).size).toBe(0);
    expect([...dimmedLogins(nodes, { ...none, language: 'fr' })]).toEqual(['alpha']);
    expect([...dimmedLogins(nodes, { ...none, game: 'Chess', language: 'fr' })].sort()).toEqual([
      'alpha',
      'bravo',
    ]);
    expect([...dimmedLogins(nodes, { ...none, community: 1 })].sort()).toEqual(['alpha', 'charlie']);
  });

  it('lists the values of the channels, most common first', () => {
    expect(valuesOf(nodes, 'language')).toEqual([
      { name: 'fr', channels: 2 },
      { name: 'en', channels: 1 },
    ]);
    expect(valuesOf(nodes, 'game')).toEqual([{ name: 'Chess', channels: 2 }]);
  });

  it('shows each metric its way: counts, ratios, percents, times', () => {
    const shown = Object.fromEntries(OVERLAP_METRICS.map((m) => [m.id, m.format]));
    expect(shown.shared(1234)).toBe('1,234');
    expect(shown.jaccard(0.0781933)).toBe('0.0782');
    expect(shown.share(0.2515482)).toBe('25.2%');
    expect(shown.lift(2.2172)).toBe('2.22×');
    expect(overlapMetric('nonsense').id).toBe('shared');
  });
});

describe('audience sources', () => {
  it('reads the source and its window from the URL, anything else being chatters or the default days', () => {
    expect(parseSource(null, null)).toEqual({ kind: 'chatters', days: null });
    expect(parseSource('chatters', '30')).toEqual({ kind: 'chatters', days: null });
    expect(parseSource('nonsense', '30')).toEqual({ kind: 'chatters', days: null });
    expect(parseSource('watched', '30')).toEqual({ kind: 'watched', days: 30 });
    expect(parseSource('watched', '1')).toEqual({ kind: 'watched', days: 1 });
    expect(parseSource('watched', String(MAX_DAYS))).toEqual({ kind: 'watched', days: MAX_DAYS });
    for (const bad of [null, '', '0', '91', '2.5', '-3', 'seven']) {
      expect(parseSource('watched', bad)).toEqual({ kind: 'watched', days: DEFAULT_DAYS });
    }
  });

  it('names the audience after its source', () => {
    expect(audienceWords({ kind: 'chatters', days: null })).toMatchObject({
      many: 'chatters',
      one: 'chatter',
    });
    const watched = audienceWords({ kind: 'watched', days: 14 });
    expect(watched).toMatchObject({ many: 'viewers', one: 'viewer' });
    expect(watched.seen).toBe('viewers seen in it in the last 14 processed days of viewer profiling');
    expect(audienceWords({ kind: 'watched', days: 1 }).seen).toMatch(/in the last processed day of/);
    expect(measureWords(OVERLAP_METRICS[0], 'chatters').title).toBe('Shared chatters');
    expect(measureWords(OVERLAP_METRICS[0], 'watched')).toEqual({
      title: 'Shared viewers',
      sentence: 'Viewers seen in both channels in those days.',
    });
    // What the watched source does not reword stays as it is.
    const lift = OVERLAP_METRICS.find((m) => m.id === 'lift');
    expect(measureWords(lift, 'watched')).toEqual({ title: lift.title, sentence: lift.sentence });
    expect(ATLAS_WEIGHTS.map((w) => measureWords(w, 'watched').title)).toEqual([
      'Shared viewers',
      'Jaccard',
      'Lift',
    ]);
  });

  it('finds the processed days a window covers, and says when fewer were processed than asked', () => {
    const processed = ['2026-05-08', '2026-05-06', '2026-05-07', '2026-05-05'];
    expect(daysCovered(processed, 2)).toEqual({
      dates: ['2026-05-07', '2026-05-08'],
      first: '2026-05-07',
      last: '2026-05-08',
      short: false,
    });
    expect(daysCovered(processed, 4).short).toBe(false);
    expect(daysCovered(processed, 30)).toEqual({
      dates: ['2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08'],
      first: '2026-05-05',
      last: '2026-05-08',
      short: true,
    });
    expect(daysCovered([], 7)).toEqual({ dates: [], first: null, last: null, short: true });
  });

  it("shows a bridge's weight as its kind: whole counts, else three digits", () => {
    expect(formatWeight(1221, 'shared')).toBe('1,221');
    expect(formatWeight(0.123456, 'jaccard')).toBe('0.123');
    expect(formatWeight(12.3456, 'lift')).toBe('12.3');
    expect(formatWeight(0, 'lift')).toBe('0');
  });
});
