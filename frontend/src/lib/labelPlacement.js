/**
 * Greedy label placement for the canvas charts (the atlas's map, the explorer's and the finder's graphs):
 * the most important labels first, each only where it overlaps no label placed before it and no dot of a
 * more important point; the others are left out. Boxes are kept in a grid of cells, so a frame with
 * thousands of wishes stays cheap.
 */

export const LABEL_HEIGHT = 14;
const LABEL_CELL = 64;
const MAX_LABEL_CHARS = 24;

/** A name as a label: long ones cut with an ellipsis. */
export function labelText(name) {
  return name.length > MAX_LABEL_CHARS ? `${name.slice(0, MAX_LABEL_CHARS - 1)}…` : name;
}

/**
 * @typedef {{key: string, x: number, y: number, text: string, size: number, pinned?: boolean,
 *   dot?: {x: number, y: number, r: number}}} LabelWish `x` the label's centre, `y` its top (screen
 *   pixels); `size` orders (bigger first); `pinned` first of all; `dot` the point's dot, kept clear of
 *   the labels of the points after it
 * @typedef {{key: string, text: string, x: number, y: number,
 *   box: {x0: number, y0: number, x1: number, y1: number}}} PlacedLabel
 */

/**
 * Labels placed greedily: pinned ones first, then bigger first (ties in the given order); a label is
 * skipped when its box would overlap a label already placed or the dot of a point before it, or leave
 * the `width` x `height` view; placing stops at `limit`. No two placed boxes overlap.
 * @param {LabelWish[]} wishes
 * @param {(text: string) => number} measure the text's width in pixels
 * @param {{width: number, height: number, limit?: number, lineHeight?: number, minDot?: number}} view
 *   `minDot`: dots with a smaller radius do not keep labels away
 * @returns {PlacedLabel[]} in the order placed
 */
export function placeLabels(
  wishes,
  measure,
  { width, height, limit = Infinity, lineHeight = LABEL_HEIGHT, minDot = 3 },
) {
  const order = wishes
    .map((wish, index) => ({ wish, index }))
    .sort(
      (a, b) =>
        Number(Boolean(b.wish.pinned)) - Number(Boolean(a.wish.pinned)) ||
        b.wish.size - a.wish.size ||
        a.index - b.index,
    );
  const taken = new Map(); // grid cell -> boxes in it (labels and dots)
  const placed = [];
  for (const { wish } of order) {
    if (placed.length >= limit) break;
    const w = measure(wish.text) + 4;
    const box = { x0: wish.x - w / 2, y0: wish.y, x1: wish.x + w / 2, y1: wish.y + lineHeight };
    const inside = box.x0 >= 0 && box.y0 >= 0 && box.x1 <= width && box.y1 <= height;
    if (inside && !collides(taken, box)) {
      occupy(taken, box);
      placed.push({ key: wish.key, text: wish.text, x: wish.x, y: wish.y, box });
    }
    const dot = wish.dot;
    if (dot && dot.r >= minDot) {
      occupy(taken, { x0: dot.x - dot.r, y0: dot.y - dot.r, x1: dot.x + dot.r, y1: dot.y + dot.r });
    }
  }
  return placed;
}

/** Whether two boxes overlap (touching edges do not). */
export function boxesOverlap(a, b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function cellsOf(box) {
  const cells = [];
  for (let i = Math.floor(box.x0 / LABEL_CELL); i <= Math.floor(box.x1 / LABEL_CELL); i += 1) {
    for (let j = Math.floor(box.y0 / LABEL_CELL); j <= Math.floor(box.y1 / LABEL_CELL); j += 1) {
      cells.push(`${i},${j}`);
    }
  }
  return cells;
}

function collides(taken, box) {
  return cellsOf(box).some((cell) => (taken.get(cell) ?? []).some((other) => boxesOverlap(box, other)));
}

function occupy(taken, box) {
  for (const cell of cellsOf(box)) {
    if (!taken.has(cell)) taken.set(cell, []);
    taken.get(cell).push(box);
  }
}
