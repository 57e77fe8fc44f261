import { zoomIdentity } from 'd3-zoom';
import { describe, expect, it } from 'vitest';
import { labelWishes } from './graph.js';
import { boxesOverlap, labelText, placeLabels } from './labelPlacement.js';

const measure = (text) => text.length * 7;

/** A dense graph: a hundred streamers of every size crowded around a game, all on screen. */
function crowd() {
  const nodes = [{ id: 'Game:Chess', label: 'Game', name: 'Chess', x: 0, y: 0, r: 9 }];
  for (let i = 0; i < 100; i += 1) {
    const angle = i * 2.39996;
    const distance = 13 * Math.sqrt(i + 1);
    nodes.push({
      id: `Stream:s${i}`,
      label: 'Stream',
      name: `streamer_${i}`,
      x: distance * Math.cos(angle),
      y: distance * Math.sin(angle),
      r: 5 + (i % 12),
    });
  }
  return nodes;
}

describe('placing a graph’s labels', () => {
  const view = { emphasis: new Set(), hot: null, width: 400, height: 300 };
  const t = zoomIdentity.translate(200, 150);

  it('never overlaps two labels in a dense graph, and drops the smaller streamers', () => {
    const nodes = crowd();
    const wishes = labelWishes(nodes, t, view);
    const placed = placeLabels(wishes, measure, view);
    expect(placed.length).toBeGreaterThan(5);
    expect(placed.length).toBeLessThan(nodes.length); // not all fit: some are left out
    for (let i = 0; i < placed.length; i += 1) {
      for (let j = i + 1; j < placed.length; j += 1) {
        expect(boxesOverlap(placed[i].box, placed[j].box)).toBe(false);
      }
    }
    // The game first; among streamers, a dropped one is never bigger than every placed one.
    expect(placed[0].key).toBe('Game:Chess');
    const radius = new Map(nodes.map((node) => [node.id, node.r]));
    const shown = new Set(placed.map((label) => label.key));
    const biggestDropped = Math.max(...nodes.filter((n) => !shown.has(n.id)).map((n) => n.r));
    const smallestShown = Math.min(...placed.map((label) => radius.get(label.key)));
    expect(smallestShown).toBeLessThanOrEqual(biggestDropped);
  });

  it('keeps labels off the dots of more important nodes', () => {
    const nodes = crowd();
    const placed = placeLabels(labelWishes(nodes, t, view), measure, view);
    const order = new Map(
      labelWishes(nodes, t, view)
        .sort((a, b) => b.size - a.size)
        .map((wish, index) => [wish.key, index]),
    );
    for (const label of placed) {
      for (const node of nodes) {
        if (order.get(node.id) >= order.get(label.key) || node.r < 3) continue;
        const dot = {
          x0: t.applyX(node.x) - node.r,
          y0: t.applyY(node.y) - node.r,
          x1: t.applyX(node.x) + node.r,
          y1: t.applyY(node.y) + node.r,
        };
        expect(boxesOverlap(label.box, dot), `${label.key} over ${node.id}`).toBe(false);
      }
    }
  });

  it('puts the hovered node’s label first, even where a bigger one would be', () => {
    const nodes = crowd();
    const hot = nodes.find((node) => node.id === 'Stream:s1');
    const placed = placeLabels(labelWishes(nodes, t, { ...view, hot }), measure, view);
    expect(placed[0].key).toBe('Stream:s1');
  });

  it('cuts long names', () => {
    expect(labelText('a'.repeat(30))).toBe(`${'a'.repeat(23)}…`);
    expect(labelText('short')).toBe('short');
  });
});
