/**
 * The atlas's pure parts: the overlap metrics with their formats, greedy label placement, the CSV of the
 * map, the filters. Shared by the panel, the map and the end-to-end tests (which show numbers the same way).
 */
import { formatCount, formatPercent } from './format.js';

/**
 * The measures of two channels' audiences in common (definitions: backend/api/atlas.py), in the order
 * the metric select lists them; `format` is how a value is shown on the card.
 * @type {{id: import('../api/endpoints.js').OverlapMetric, title: string, sentence: string,
 *   format: (value: number) => string}[]}
 */
export const OVERLAP_METRICS = [
  {
    id: 'shared',
    title: 'Shared chatters',
    sentence: 'Chatters seen in both channels.',
    format: (value) => formatCount(value),
  },
  {
    id: 'jaccard',
    title: 'Jaccard',
    sentence: 'Shared chatters over the chatters of either channel: 0 to 1.',
    format: (value) => (value === 0 ? '0' : value.toPrecision(3)),
  },
  {
    id: 'share',
    title: 'Share of its audience',
    sentence: 'Of this channel’s chatters, the part also seen chatting there.',
    format: (value) => formatPercent(value * 100),
  },
  {
    id: 'lift',
    title: 'Lift',
    sentence: 'How many times more the two audiences overlap than by chance (1: as by chance).',
    format: (value) => `${value.toFixed(2)}×`,
  },
];

/** The metric `id`, or the first (shared) for anything else. */
export function overlapMetric(id) {
  return OVERLAP_METRICS.find((metric) => metric.id === id) ?? OVERLAP_METRICS[0];
}

/** How the link weights the communities were found with are named. */
export const ATLAS_WEIGHTS = [
  { id: 'shared', title: 'Shared chatters' },
  { id: 'jaccard', title: 'Jaccard' },
  { id: 'lift', title: 'Lift' },
];

export const LABEL_HEIGHT = 14;
const LABEL_CELL = 64;
const MAX_LABEL_CHARS = 24;

/** A channel's name as a label: long ones cut with an ellipsis. */
export function labelText(name) {
  return name.length > MAX_LABEL_CHARS ? `${name.slice(0, MAX_LABEL_CHARS - 1)}…` : name;
}

/**
 * @typedef {{key: string, x: number, y: number, text: string, size: number, pinned?: boolean,
 *   dot?: {x: number, y: number, r: number}}} LabelWish `x` the label's centre, `y` its top (screen
 *   pixels); `size` orders (bigger first); `pinned` first of all; `dot` the channel's dot, kept clear of
 *   the labels of the channels after it
 * @typedef {{key: string, text: string, x: number, y: number,
 *   box: {x0: number, y0: number, x1: number, y1: number}}} PlacedLabel
 */

/**
 * Labels placed greedily: pinned ones first, then bigger first (ties in the given order); a label is
 * skipped when its box would overlap a label already placed or the dot of a channel before it, or leave
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

/**
 * @typedef {{language: string|null, game: string|null, community: number|null}} AtlasFilter null: any
 */

/** Whether any filter is set. */
export function isFiltering(filter) {
  return filter.language !== null || filter.game !== null || filter.community !== null;
}

/**
 * The logins of the channels the filter leaves out (drawn dimmed).
 * @param {import('../api/endpoints.js').AtlasNode[]} nodes
 * @param {AtlasFilter} filter
 * @returns {Set<string>}
 */
export function dimmedLogins(nodes, filter) {
  const dimmed = new Set();
  if (!isFiltering(filter)) return dimmed;
  for (const node of nodes) {
    const kept =
      (filter.language === null || node.language === filter.language) &&
      (filter.game === null || node.game === filter.game) &&
      (filter.community === null || node.community === filter.community);
    if (!kept) dimmed.add(node.login);
  }
  return dimmed;
}

/**
 * The distinct non-empty values of `key` among the nodes, with how many channels have each, most first
 * (then by name).
 * @returns {{name: string, channels: number}[]}
 */
export function valuesOf(nodes, key) {
  const counts = new Map();
  for (const node of nodes) {
    const value = node[key];
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, channels]) => ({ name, channels }))
    .sort((a, b) => b.channels - a.channels || a.name.localeCompare(b.name));
}

const CSV_COLUMNS = ['login', 'name', 'audience', 'community', 'game', 'language', 'x', 'y'];

function csvField(value) {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The map's channels as CSV (RFC 4180: a header, CRLF line ends, quoted where needed).
 * @param {import('../api/endpoints.js').AtlasNode[]} nodes
 */
export function atlasCsv(nodes) {
  const lines = [CSV_COLUMNS.join(',')];
  for (const node of nodes) lines.push(CSV_COLUMNS.map((column) => csvField(node[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Save `blob` as a file named `fileName` (a download the browser asks about or saves). */
export function downloadBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
