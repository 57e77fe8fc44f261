/**
 * A bubble chart's layout: one circle per row, its area in proportion to the row's value, packed around
 * the centre without overlaps (d3-force's collision, run to rest before anything is drawn, from a spiral
 * of the biggest first so the same rows always give the same picture), then scaled to the width given.
 */
import { forceCollide, forceSimulation, forceX, forceY } from 'd3-force';

const UNIT = 50; // the biggest circle's radius while packing (the result is scaled afterwards)
const TICKS = 300;
const GAP = 1.5; // between two circles, in packing units (3% of the biggest radius)
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
// Pulled harder vertically than sideways: a wide cluster, as the cards are wider than tall.
const PULL_X = 0.04;
const PULL_Y = 0.1;

/**
 * @template {{value: number}} Row
 * @param {Row[]} rows
 * @param {{width: number, maxHeight?: number, minRadius?: number}} box `minRadius`: the smallest
 *   circle drawn (a zero or tiny value stays visible; it may then touch a neighbour)
 * @returns {{width: number, height: number, circles: {row: Row, x: number, y: number, r: number}[]}}
 *   centres and radii in pixels of a `width` x `height` box, in the rows' order
 */
export function packBubbles(rows, { width, maxHeight = width, minRadius = 1.5 }) {
  if (!rows.length || width <= 0) return { width, height: 0, circles: [] };
  const top = Math.max(...rows.map((row) => row.value));
  const nodes = rows.map((row, index) => ({
    index,
    r: top > 0 ? UNIT * Math.sqrt(Math.max(row.value, 0) / top) : UNIT,
  }));
  // Start on a sunflower spiral, biggest in the middle.
  [...nodes]
    .sort((a, b) => b.r - a.r || a.index - b.index)
    .forEach((node, i) => {
      const distance = UNIT * 0.9 * Math.sqrt(i);
      node.x = distance * Math.cos(i * GOLDEN_ANGLE);
      node.y = distance * Math.sin(i * GOLDEN_ANGLE);
    });
  forceSimulation(nodes)
    .force('x', forceX(0).strength(PULL_X))
    .force('y', forceY(0).strength(PULL_Y))
    .force('collide', forceCollide((node) => node.r + GAP / 2).iterations(4))
    .stop()
    .tick(TICKS);

  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const { x, y, r } of nodes) {
    x0 = Math.min(x0, x - r);
    y0 = Math.min(y0, y - r);
    x1 = Math.max(x1, x + r);
    y1 = Math.max(y1, y + r);
  }
  const margin = 1;
  const scale = Math.min((width - 2 * margin) / (x1 - x0), (maxHeight - 2 * margin) / (y1 - y0));
  const height = Math.ceil((y1 - y0) * scale + 2 * margin);
  const dx = (width - (x1 - x0) * scale) / 2;
  const circles = nodes.map((node) => ({
    row: rows[node.index],
    x: dx + (node.x - x0) * scale,
    y: margin + (node.y - y0) * scale,
    r: Math.max(minRadius, node.r * scale),
  }));
  return { width, height, circles };
}
