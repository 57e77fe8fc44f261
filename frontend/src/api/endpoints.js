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
import { getJson } from './client.js';

const segment = encodeURIComponent;

/** The demo's six top-N routes: two parallel lists, names and counts. */
export const RANKINGS = [
  {
    route: 'top-streamers-by-followers',
    title: 'Streamers by followers',
    namesKey: 'streamers',
    valuesKey: 'followers',
    valueLabel: 'Followers',
    description: 'Channels with the most followers.',
    streamers: true,
  },
  {
    route: 'top-streamers-by-views',
    title: 'Streamers by views',
    namesKey: 'streamers',
    valuesKey: 'views',
    valueLabel: 'Views',
    description: 'Channels with the most views, all time.',
    streamers: true,
  },
  {
    route: 'top-games',
    title: 'Games',
    namesKey: 'games',
    valuesKey: 'players',
    valueLabel: 'Streamers',
    description: 'Games by how many streamers play them.',
  },
  {
    route: 'top-teams',
    title: 'Teams',
    namesKey: 'teams',
    valuesKey: 'members',
    valueLabel: 'Members',
    description: 'Teams by how many streamers belong to them.',
  },
  {
    route: 'top-vips',
    title: 'VIPs',
    namesKey: 'vips',
    valuesKey: 'streamers',
    valueLabel: 'Channels',
    description: 'People by how many channels gave them the VIP badge.',
  },
  {
    route: 'top-moderators',
    title: 'Moderators',
    namesKey: 'moderators',
    valuesKey: 'streamers',
    valueLabel: 'Channels',
    description: 'People (and bots) by how many channels they moderate.',
  },
];

/** @returns {Promise<{backend: string, reachable: boolean, database: string, nodes: number, edges: number}>} */
export const getHealth = (signal) => getJson('/health', { signal });

/**
 * One top-N ranking as rows.
 * @param {(typeof RANKINGS)[number]} ranking
 * @returns {Promise<RankedRow[]>}
 */
export async function getRanking(ranking, n, signal) {
  const body = await getJson(`/${ranking.route}/${n}`, { signal });
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

/** @returns {Promise<RankedRow[]>} */
export async function getMeasure(measure, limit, signal) {
  const body = await getJson(`/${measure.id}?limit=${limit}`, { signal });
  return body[measure.listKey].map((row) => ({ name: row.name, value: row[measure.scoreKey] }));
}
