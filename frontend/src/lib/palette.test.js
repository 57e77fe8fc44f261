import { describe, expect, it } from 'vitest';
import { LABEL_COLOURS, LINK_NAMES } from './labels.js';
import { LINK_ORDER, LINK_STYLES, linkStyle, OTHER_LINK_STYLE, opaqueColour } from './palette.js';

/** [r, g, b] of "#rrggbb" or "rgba(r, g, b, a)". */
function rgb(colour) {
  if (colour.startsWith('#')) return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
  return colour.match(/\d+/g).slice(0, 3).map(Number);
}

/** A rough perceptual distance ("redmean"), enough to tell near-duplicates apart. */
function distance(a, b) {
  const [r1, g1, b1] = rgb(a);
  const [r2, g2, b2] = rgb(b);
  const r = (r1 + r2) / 2;
  return Math.sqrt(
    (2 + r / 256) * (r1 - r2) ** 2 + 4 * (g1 - g2) ** 2 + (2 + (255 - r) / 256) * (b1 - b2) ** 2,
  );
}

describe('link colours', () => {
  const types = Object.keys(LINK_STYLES);

  it('have a style, a name and a drawing place for every relationship type of the explorer', () => {
    expect(types.sort()).toEqual(['CHATTER', 'IS_PART_OF', 'MODERATOR', 'PLAYS', 'SPEAKS', 'VIP']);
    expect(Object.keys(LINK_NAMES).sort()).toEqual(types);
    expect([...LINK_ORDER].sort()).toEqual(types);
    expect(LINK_ORDER[0]).toBe('CHATTER'); // the many chatters are drawn underneath
    expect(linkStyle('FOLLOWS')).toBe(OTHER_LINK_STYLE);
  });

  it('are apart from each other and from every node colour', () => {
    const colours = types.map((type) => LINK_STYLES[type].colour);
    for (let i = 0; i < colours.length; i += 1) {
      for (let j = i + 1; j < colours.length; j += 1) {
        // Two of the same hue family differ in their pattern (solid or dashed) too.
        const sameDash = LINK_STYLES[types[i]].dash.length > 0 === LINK_STYLES[types[j]].dash.length > 0;
        expect(distance(colours[i], colours[j])).toBeGreaterThan(sameDash ? 150 : 100);
      }
      for (const node of Object.values(LABEL_COLOURS)) {
        if (types[i] === 'CHATTER') continue; // faint grey lines, never taken for a dot
        expect(distance(colours[i], node)).toBeGreaterThan(100);
      }
    }
  });

  it('keep the chatters light: the faintest links', () => {
    const alpha = (type) => Number(LINK_STYLES[type].colour.match(/[\d.]+\)$/)[0].slice(0, -1));
    for (const type of types.filter((t) => t !== 'CHATTER')) {
      expect(alpha('CHATTER')).toBeLessThan(alpha(type) / 2);
    }
    expect(opaqueColour('rgba(1, 2, 3, 0.2)')).toBe('rgba(1, 2, 3, 1)');
    expect(opaqueColour('#123456', 0.5)).toBe('#123456');
  });
});
