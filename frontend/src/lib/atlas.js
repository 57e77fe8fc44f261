/**
 * The atlas's pure parts: the overlap metrics with their formats, the CSV of the map, the filters (and,
 * from labelPlacement.js, greedy label placement). Shared by the panel, the map and the end-to-end tests
 * (which show numbers the same way).
 */
import { formatCount, formatPercent } from './format.js';

/**
 * The measures of two channels' audiences in common (definitions: backend/api/atlas.py), in the order
 * the metric select lists them; `format` is how a value is shown on the card; `title` and `sentence`
 * say it of chatters, `watched` what differs for the watched source's viewers.
 * @type {{id: import('../api/endpoints.js').OverlapMetric, title: string, sentence: string,
 *   format: (value: number) => string, watched?: {title?: string, sentence?: string}}[]}
 */
export const OVERLAP_METRICS = [
  {
    id: 'shared',
    title: 'Shared chatters',
    sentence: 'Chatters seen in both channels.',
    format: (value) => formatCount(value),
    watched: { title: 'Shared viewers', sentence: 'Viewers seen in both channels in those days.' },
  },
  {
    id: 'jaccard',
    title: 'Jaccard',
    sentence: 'Shared chatters over the chatters of either channel: 0 to 1.',
    format: (value) => (value === 0 ? '0' : value.toPrecision(3)),
    watched: { sentence: 'Shared viewers over the viewers of either channel: 0 to 1.' },
  },
  {
    id: 'share',
    title: 'Share of its audience',
    sentence: 'Of this channel’s chatters, the part also seen chatting there.',
    format: (value) => formatPercent(value * 100),
    watched: { sentence: 'Of this channel’s viewers, the part also seen watching there.' },
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
  { id: 'shared', title: 'Shared chatters', watched: { title: 'Shared viewers' } },
  { id: 'jaccard', title: 'Jaccard' },
  { id: 'lift', title: 'Lift' },
];

/**
 * A metric's or a weight's title and sentence as said of `kind`'s audiences.
 * @param {{title: string, sentence?: string, watched?: {title?: string, sentence?: string}}} measure
 * @param {'chatters'|'watched'} kind
 * @returns {{title: string, sentence: string}}
 */
export function measureWords(measure, kind) {
  const words = { title: measure.title, sentence: measure.sentence ?? '' };
  return kind === 'watched' ? { ...words, ...measure.watched } : words;
}

/** A link weight as shown (a bridge's total weight): counts whole, ratios and lifts to 3 digits. */
export function formatWeight(value, weight) {
  if (weight === 'shared') return formatCount(Math.round(value));
  return value === 0 ? '0' : value.toPrecision(3);
}

// The audience sources: the chatters (CHATTER relationships: the snapshot and the stream), or the
// viewers seen in the last `days` processed days of viewer profiling (backend/api/atlas.py).
export const DEFAULT_DAYS = 7; // the server's default
export const MAX_DAYS = 90;

/**
 * The source the URL's `source` and `days` name: chatters for anything but `watched`; days a whole
 * number from 1 to MAX_DAYS, else DEFAULT_DAYS (null for chatters, which have no window).
 * @param {string|null} kind
 * @param {string|null} days
 * @returns {import('../api/endpoints.js').AtlasSource}
 */
export function parseSource(kind, days) {
  if (kind !== 'watched') return { kind: 'chatters', days: null };
  const n = Number(days);
  return { kind: 'watched', days: days && Number.isInteger(n) && n >= 1 && n <= MAX_DAYS ? n : DEFAULT_DAYS };
}

/**
 * What a source's audience members are called: `many` (chatters, viewers), `one`, and `seen`, how a
 * channel's audience is defined (after "a channel's audience is the distinct …").
 * @param {import('../api/endpoints.js').AtlasSource} source
 */
export function audienceWords(source) {
  if (source.kind === 'watched') {
    const days = source.days ?? DEFAULT_DAYS;
    return {
      many: 'viewers',
      one: 'viewer',
      seen: `viewers seen in it in the last ${days === 1 ? 'processed day' : `${days} processed days`} of viewer profiling`,
    };
  }
  return {
    many: 'chatters',
    one: 'chatter',
    seen: 'users seen chatting in it (the snapshot and the stream)',
  };
}

/**
 * The processed days a window of the last `days` covers: the last `days` of `processed` (dates, any
 * order), oldest first, and whether fewer days than asked have been processed.
 * @param {string[]} processed "YYYY-MM-DD"
 * @param {number} days
 * @returns {{dates: string[], first: string|null, last: string|null, short: boolean}}
 */
export function daysCovered(processed, days) {
  const dates = [...new Set(processed)].sort().slice(-days);
  return {
    dates,
    first: dates[0] ?? null,
    last: dates.at(-1) ?? null,
    short: dates.length < days,
  };
}

// Greedy label placement, shared with the explorer's graph: re-exported for the map and its tests.
export { boxesOverlap, LABEL_HEIGHT, labelText, placeLabels } from './labelPlacement.js';

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
