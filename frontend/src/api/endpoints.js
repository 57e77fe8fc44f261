/**
 * Paths of the API routes the panels use, and the shapes they come back in.
 *
 * @typedef {{id: string, label: string, name: string, login?: string, followers?: number}} GraphNode
 * @typedef {{source: string, target: string, type?: string}} GraphLink
 * @typedef {{type: string, direction: 'in'|'out', total: number, page: number, limit: number,
 *   nodes: GraphNode[]}} NeighbourGroup
 * @typedef {{node: GraphNode & Record<string, any>, groups: NeighbourGroup[], nodes: GraphNode[],
 *   links: GraphLink[]}} Neighbourhood
 * @typedef {{name: string, value: number}} RankedRow
 */
import { ApiError, getJson } from './client.js';
import { rankingPath } from './rankings.js';

const segment = encodeURIComponent;

/** @returns {Promise<{backend: string, reachable: boolean, database: string, nodes: number, edges: number}>} */
export const getHealth = (signal) => getJson('/health', { signal });

/**
 * One top-N ranking as rows.
 * @param {import('./rankings.js').Ranking} ranking one of RANKINGS
 * @param {{includeBots?: boolean}} [options] a ranking of people counts bots too
 * @returns {Promise<RankedRow[]>}
 */
export async function getRanking(ranking, n, signal, options) {
  const body = await getJson(rankingPath(ranking, n, options), { signal });
  const values = body[ranking.valuesKey];
  return body[ranking.namesKey].map((row, i) => ({ name: row.name, value: values[i][ranking.valuesKey] }));
}

/**
 * @param {string} node an explorer id (`Stream:login`, `Game:name`, ...) or a login or display name
 * @param {{limit?: number, page?: number, type?: string}} [options]
 * @returns {Promise<Neighbourhood>}
 */
export function getNeighbourhood(node, { limit, page, type } = {}, signal) {
  const query = new URLSearchParams();
  if (limit) query.set('limit', String(limit));
  if (page && page > 1) query.set('page', String(page));
  if (type) query.set('type', type);
  const suffix = query.size ? `?${query}` : '';
  return getJson(`/neighbourhood/${segment(node)}${suffix}`, { signal });
}

/** @returns {Promise<{id: string, login: string, name: string, followers: number|null}[]>} */
export async function searchStreamers(text, limit, signal) {
  const query = new URLSearchParams({ q: text, limit: String(limit) });
  return (await getJson(`/search?${query}`, { signal })).streamers;
}

/** How many search results are looked through for a streamer named exactly (/search's prefix matches). */
const EXACT_SEARCH = 50;

/**
 * The streamer whose login or display name is `key` (any case), or null when there is none: asked of
 * /search, which answers 200 either way (a page looking a name up logs no failed request).
 * @returns {Promise<{id: string, login: string, name: string, followers: number|null}|null>}
 */
export async function findStreamer(key, signal) {
  const wanted = key.trim().toLowerCase();
  let found;
  try {
    found = await searchStreamers(wanted, EXACT_SEARCH, signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) return null; // not a name at all (too long)
    throw error;
  }
  return (
    found.find((s) => s.login.toLowerCase() === wanted) ??
    found.find((s) => (s.name ?? '').toLowerCase() === wanted) ??
    null
  );
}

/** @returns {Promise<string[]>} */
export async function getLanguages(signal) {
  return (await getJson('/languages', { signal })).languages.map((row) => row.title);
}

/** @returns {Promise<string[]>} */
export async function getGames(signal) {
  return (await getJson('/games', { signal })).games.map((row) => row.title);
}

/** @returns {Promise<{nodes: GraphNode[], links: GraphLink[]}>} */
export function getStreamersPlaying(language, game, signal) {
  return getJson(`/streamers/${segment(language)}/${segment(game)}`, { signal });
}

/** The two whole-graph scores, as ranked rows. */
export const MEASURES = [
  {
    id: 'page-rank',
    title: 'PageRank',
    listKey: 'page_rank',
    scoreKey: 'rank',
    sentence:
      'How likely a random walk along chat, VIP and moderator links is to be at this person: ' +
      'high for those whom many well-connected people point to.',
  },
  {
    id: 'betweenness-centrality',
    title: 'Betweenness centrality',
    listKey: 'bc',
    scoreKey: 'betweenness_centrality',
    sentence:
      'How often this person lies on the shortest paths between two others: ' +
      'the bridges between communities.',
  },
];

/**
 * One measure's top rows with their positions now and at the previous recompute (null: not ranked then,
 * or none before), when it and the previous recompute (null: none) were made (ISO 8601, UTC), whether
 * the graph has changed since (`stale`: newer scores are being computed), and, for sampled betweenness,
 * its bound (`exact` false: every score within `epsilon` with probability 1 - `delta`, from `samples`).
 * @typedef {RankedRow & {position: number, previousPosition: number|null}} MeasuredRow
 * @returns {Promise<{rows: MeasuredRow[], version: string|null, computedAt: string|null,
 *   previousComputedAt: string|null, stale: boolean, exact: boolean, epsilon: number|null,
 *   delta: number|null, samples: number|null}>}
 */
export async function getMeasure(measure, limit, signal) {
  const body = await getJson(`/${measure.id}?limit=${limit}`, { signal });
  return {
    rows: body[measure.listKey].map((row, i) => ({
      name: row.name,
      streamer: row.streamer ?? false,
      value: row[measure.scoreKey],
      position: row.position ?? i + 1,
      previousPosition: row.previous_position ?? null,
    })),
    version: body.version ?? null,
    computedAt: body.computed_at ?? null,
    previousComputedAt: body.previous_computed_at ?? null,
    stale: body.stale ?? false,
    exact: body.exact ?? true,
    epsilon: body.epsilon ?? null,
    delta: body.delta ?? null,
    samples: body.samples ?? null,
  };
}

/**
 * Day processing's health: the last day's sanity and viewers, their change since the same weekday a week
 * earlier (`compared_with`; null when that day was not processed), and every processed day's sanity.
 * @returns {Promise<{sanity: 'ok'|'failed'|'unknown', last_day: string|null, viewers_last_day: number,
 *   viewers_change: number|null, compared_with: string|null, days: {date: string, sanity: 'ok'|'failed'}[]}>}
 */
export const getPipelineHealth = (signal) => getJson('/pipeline/health', { signal });

/**
 * Every processed day, oldest first, with its counts and each stage's seconds (in pipeline order).
 * @typedef {{date: string, viewers: number, channels: number, windows: number, presences: number,
 *   bots_banned: number, sanity: 'ok'|'failed', stages: Record<string, number>, processed_at: string}} PipelineDay
 * @returns {Promise<PipelineDay[]>}
 */
export async function getPipelineDays(signal) {
  return (await getJson('/pipeline/days', { signal })).days;
}

/**
 * Whether `token` is the operator's (the sign-in box asks before keeping it): resolves when it is; an
 * ApiError with status 401 when it is not, 403 when the server has viewer pages turned off.
 * @returns {Promise<{operator: true}>}
 */
export function checkOperator(token, signal) {
  return getJson('/operator/check', { signal, token });
}

// What the API takes as a login prefix: the start of a Twitch login.
const LOGIN_PREFIX = /^[A-Za-z0-9_]{1,25}$/;

/**
 * The logins with a profile starting with `prefix` (any case), in order (operator only); none for a
 * prefix no login can start with (the API is not asked).
 * @returns {Promise<string[]>}
 */
export async function getViewerLogins(prefix, token, signal, limit = 10) {
  if (!LOGIN_PREFIX.test(prefix)) return [];
  const query = new URLSearchParams({ prefix, limit: String(limit) });
  return (await getJson(`/viewers?${query}`, { signal, token })).logins;
}

/**
 * A viewer's profile (operator only).
 * @typedef {{name: string, score_pct: number}} ScoredRow
 * @typedef {{name: string, minutes: number}} TimedRow
 * @typedef {{login: string, last_analysed: string, recent_channels: ScoredRow[], recent_games: ScoredRow[],
 *   all_time_channels: TimedRow[], all_time_games: TimedRow[], workday_schedule: number[],
 *   weekend_schedule: number[], heatmap: {date: string, minutes: number}[], days: string[],
 *   timezone: string}} ViewerProfile `timezone`: the server's IANA zone, of the days, hours and schedules
 * @returns {Promise<ViewerProfile>}
 */
export function getViewer(login, token, signal) {
  return getJson(`/viewers/${segment(login)}`, { signal, token });
}

/**
 * One day of a viewer: the windows they were seen in (operator only).
 * @returns {Promise<{login: string, date: string,
 *   windows: {start: string, channel: string, game: string|null, minutes: number}[]}>}
 */
export function getViewerDay(login, date, token, signal) {
  return getJson(`/viewers/${segment(login)}/day/${segment(date)}`, { signal, token });
}

/**
 * Where the API process's stream consumer stands (source 'none' when it runs none).
 * @typedef {{source: 'kafka'|'replay'|'none', state: string, description: string|null, messages: number,
 *   written: number, dead_letters: number, rate: number, lag: number|null, last_error: string|null}} StreamStatus
 * @returns {Promise<StreamStatus>}
 */
export const getStreamStatus = (signal) => getJson('/stream/status', { signal });

/**
 * The atlas: channels by shared audience (a channel's audience: the distinct users seen chatting in it).
 *
 * @typedef {{login: string, name: string, audience: number, community: number, x: number, y: number,
 *   game: string|null, language: string|null}} AtlasNode `community` -1: no link; x, y in [-1, 1]
 * @typedef {{source: string, target: string, shared: number, jaccard: number, weight: number}} AtlasLink
 *   source and target are logins
 * @typedef {{name: string, channels: number}} NamedCount
 * @typedef {{id: number, size: number, label: string, top_games: NamedCount[], languages: NamedCount[]}}
 *   AtlasCommunity
 * @typedef {{nodes: AtlasNode[], links: AtlasLink[], communities: AtlasCommunity[], modularity: number|null,
 *   min_shared: number, version: string|null, computed_at: string|null, stale: boolean}} Atlas nodes
 *   biggest audience first; `min_shared` the threshold used (the server's choice when none was asked)
 * @typedef {'shared'|'jaccard'|'lift'} AtlasWeight
 * @typedef {{kind: 'chatters'|'watched', days: number|null}} AtlasSource whose audiences: the chatters
 *   (the snapshot and the stream), or the viewers seen in the last `days` processed days of viewer
 *   profiling (1 to 90; null: the server's default, 7)
 * @typedef {{limit?: number|null, minShared?: number|null, weight?: AtlasWeight|null,
 *   includeBots?: boolean, source?: AtlasSource|null}} AtlasOptions unset: the server's defaults
 *   (2,000 channels, the lowest threshold keeping at most 20,000 links, shared, bots left out,
 *   chatters); only the default atlas is served stale while it is recomputed, the others are computed
 *   on request
 * @typedef {'shared'|'jaccard'|'share'|'lift'} OverlapMetric
 * @typedef {{login: string, name: string, shared: number, jaccard: number, share: number, lift: number}}
 *   OverlapRow `share`: the fraction (0 to 1) of the asked streamer's audience also chatting there
 * @typedef {{streamer: string, audience: number, metric: OverlapMetric, channels: OverlapRow[],
 *   version: string|null, computed_at: string|null, stale: boolean}} Overlap
 * @typedef {AtlasCommunity & {channels: {login: string, name: string, audience: number,
 *   game: string|null, language: string|null}[], bridges: {login: string, name: string, weight: number,
 *   communities: number[]}[], version: string|null, computed_at: string|null, stale: boolean}} Community
 */

/** `source` and `days` of an audience source into `query` (nothing for chatters, the default). */
function setSource(query, source) {
  if (source?.kind !== 'watched') return;
  query.set('source', 'watched');
  if (source.days) query.set('days', String(source.days));
}

/** The query string of an atlas's options: only what differs from the server's defaults. */
function atlasQuery({ limit, minShared, weight, includeBots, source } = {}) {
  const query = new URLSearchParams();
  if (limit) query.set('limit', String(limit));
  if (minShared) query.set('min_shared', String(minShared));
  if (weight && weight !== 'shared') query.set('weight', weight);
  if (includeBots) query.set('include_bots', '1');
  setSource(query, source);
  return query.size ? `?${query}` : '';
}

/**
 * @param {AtlasOptions} [options]
 * @returns {Promise<Atlas>}
 */
export function getAtlas(options, signal) {
  return getJson(`/atlas${atlasQuery(options)}`, { signal });
}

/**
 * The channels sharing the most chatters with `login`, by `metric` (then login).
 * @param {string} login a login or display name
 * @param {{metric?: OverlapMetric, limit?: number, includeBots?: boolean, source?: AtlasSource|null}}
 *   [options] `source`: whose audiences (the chatters when unset)
 * @returns {Promise<Overlap>}
 */
export function getOverlap(
  login,
  { metric = 'shared', limit = 10, includeBots = false, source = null } = {},
  signal,
) {
  const query = new URLSearchParams({ limit: String(limit), metric });
  if (includeBots) query.set('include_bots', '1');
  setSource(query, source);
  return getJson(`/overlap/${segment(login)}?${query}`, { signal });
}

/**
 * One community of the atlas asked with the same options: its channels and its bridges to others.
 * @param {number} id
 * @param {AtlasOptions} [options]
 * @returns {Promise<Community>}
 */
export function getCommunity(id, options, signal) {
  return getJson(`/communities/${segment(String(id))}${atlasQuery(options)}`, { signal });
}
