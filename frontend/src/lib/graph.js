/**
 * The explorer's graph as immutable values: what was fetched, merged neighbourhood by neighbourhood.
 *
 * @typedef {import('../api/endpoints.js').GraphNode} GraphNode
 * @typedef {import('../api/endpoints.js').GraphLink} GraphLink
 * @typedef {import('../api/endpoints.js').Neighbourhood} Neighbourhood
 * @typedef {{type: string, direction: 'in'|'out', total: number, page: number, limit: number,
 *   shown: number}} GroupSummary
 * @typedef {{nodes: Map<string, GraphNode>, links: Map<string, GraphLink>,
 *   groups: Map<string, GroupSummary[]>, details: Map<string, Record<string, any>>,
 *   expanded: string[]}} ExplorerGraph
 */
import { labelText } from './labelPlacement.js';

/** @type {ExplorerGraph} */
export const EMPTY_GRAPH = Object.freeze({
  nodes: new Map(),
  links: new Map(),
  groups: new Map(),
  details: new Map(),
  expanded: [],
});

/** One key per relationship: two people can be linked twice (VIP and CHATTER). */
export function linkKey(link) {
  return `${link.source}|${link.type ?? ''}|${link.target}`;
}

/**
 * The graph with one more neighbourhood (or one more page of one) in it. Inputs are not changed.
 * @param {ExplorerGraph} graph
 * @param {Neighbourhood} hood
 * @returns {ExplorerGraph}
 */
export function mergeNeighbourhood(graph, hood) {
  const nodes = new Map(graph.nodes);
  for (const node of hood.nodes) nodes.set(node.id, { ...nodes.get(node.id), ...node });
  const links = new Map(graph.links);
  for (const link of hood.links) links.set(linkKey(link), { ...link });
  const id = hood.node.id;
  const groups = new Map(graph.groups);
  groups.set(id, mergeGroups(groups.get(id) ?? [], hood.groups));
  const details = new Map(graph.details);
  details.set(id, { ...hood.node });
  const expanded = graph.expanded.includes(id) ? graph.expanded : [...graph.expanded, id];
  return { nodes, links, groups, details, expanded };
}

/**
 * @param {GroupSummary[]} known
 * @param {import('../api/endpoints.js').NeighbourGroup[]} incoming
 * @returns {GroupSummary[]}
 */
function mergeGroups(known, incoming) {
  const merged = known.map((group) => ({ ...group }));
  for (const group of incoming) {
    const found = merged.find((g) => g.type === group.type && g.direction === group.direction);
    if (found) {
      if (group.page > found.page) {
        found.shown += group.nodes.length;
        found.page = group.page;
      }
      found.total = group.total;
    } else {
      const { type, direction, total, page, limit } = group;
      merged.push({ type, direction, total, page, limit, shown: group.nodes.length });
    }
  }
  return merged;
}

/** Nodes and links as arrays for drawing, links only between nodes that are there. */
export function graphArrays(graph) {
  const nodes = [...graph.nodes.values()];
  const links = [...graph.links.values()].filter(
    (link) => graph.nodes.has(link.source) && graph.nodes.has(link.target),
  );
  return { nodes, links };
}

/** How many nodes of each label, in a fixed label order. */
export function countByLabel(nodes) {
  const counts = new Map();
  for (const node of nodes) counts.set(node.label, (counts.get(node.label) ?? 0) + 1);
  return counts;
}

/** How many links of each relationship type. */
export function countByType(links) {
  const counts = new Map();
  for (const link of links) counts.set(link.type, (counts.get(link.type) ?? 0) + 1);
  return counts;
}

/** From this zoom on, people's names are labelled too (they are many: zoomed out, only the hovered one). */
export const USER_LABEL_SCALE = 1.6;
const LANDMARKS = new Set(['Game', 'Language', 'Team']);
// Sizes that rank the kinds of label before the radius ranks within a kind.
const LABEL_RANK = { expanded: 4000, landmark: 3000, streamer: 2000, person: 1000 };
const OFF_VIEW = 50; // pixels beyond the edges where a node's label is still worth considering

/**
 * What a force graph would like labelled, for placeLabels (lib/labelPlacement.js), in screen pixels
 * under the zoom transform `t`: the hovered node pinned, then the expanded nodes, the games, languages
 * and teams, the streamers (bigger first), and people only once zoomed in to USER_LABEL_SCALE. Each
 * label sits under its node, whose dot keeps the labels of less important nodes away.
 * @param {{x: number, y: number, r: number, id: string, label: string, name?: string}[]} nodes laid out
 * @param {{k: number, applyX: (x: number) => number, applyY: (y: number) => number}} t
 * @param {{emphasis: Set<string>, hot: object|null, width: number, height: number}} view
 * @returns {import('./labelPlacement.js').LabelWish[]}
 */
export function labelWishes(nodes, t, { emphasis, hot, width, height }) {
  const wishes = [];
  for (const node of nodes) {
    const x = t.applyX(node.x);
    const y = t.applyY(node.y);
    if (x < -OFF_VIEW || x > width + OFF_VIEW || y < -OFF_VIEW || y > height + OFF_VIEW) continue;
    const r = node.r * t.k;
    let rank;
    if (emphasis.has(node.id)) rank = LABEL_RANK.expanded;
    else if (LANDMARKS.has(node.label)) rank = LABEL_RANK.landmark;
    else if (node.label === 'Stream') rank = LABEL_RANK.streamer;
    else if (t.k >= USER_LABEL_SCALE || node === hot) rank = LABEL_RANK.person;
    else continue;
    wishes.push({
      key: node.id,
      x,
      y: y + r + 2,
      text: labelText(node.name ?? node.id),
      size: rank + r,
      pinned: node === hot,
      dot: { x, y, r },
    });
  }
  return wishes;
}

/** Chatters added live and kept on the graph at most: older ones go (a busy chat would fill it). */
export const LIVE_LIMIT = 50;
/** How long an arrival stays highlighted, fading. */
export const LIVE_HIGHLIGHT_MS = 8_000;

/**
 * @typedef {{id: string, at: number, node: boolean, link: boolean}} LiveArrival a chatter who arrived
 *   live at `at`; `node` / `link`: whether the arrival put the node / its CHATTER link on the graph
 */

/**
 * The graph with a `chatters` event's arrivals in the channel of `rootId`: each a User node linked to
 * the streamer by CHATTER (who was on the graph already stays as they were, only highlighted anew). At
 * most `limit` arrivals are kept: past it the oldest go, and so do the node and link they added, unless
 * the node was expanded or has other links. The CHATTER group's total grows by the event's `new`.
 * Inputs are not changed.
 * @param {ExplorerGraph} graph
 * @param {LiveArrival[]} live the arrivals so far, oldest first
 * @param {string} rootId the streamer's node id
 * @param {{logins: string[], new?: string[]}} event
 * @param {number} now milliseconds
 * @returns {{graph: ExplorerGraph, live: LiveArrival[], arrived: number}} `arrived`: distinct logins
 */
export function mergeLiveChatters(graph, live, rootId, event, now, limit = LIVE_LIMIT) {
  const nodes = new Map(graph.nodes);
  const links = new Map(graph.links);
  const before = new Map(live.map((arrival) => [arrival.id, arrival]));
  const arrivals = [];
  for (const login of new Set(event.logins)) {
    // A streamer chatting elsewhere is on the graph as a Stream: the same person, not a new node.
    const id = nodes.has(`Stream:${login}`) ? `Stream:${login}` : `User:${login}`;
    const link = { source: id, target: rootId, type: 'CHATTER' };
    const key = linkKey(link);
    const known = before.get(id);
    const arrival = {
      id,
      at: now,
      node: known?.node ?? !nodes.has(id),
      link: known?.link ?? !links.has(key),
    };
    if (!nodes.has(id)) nodes.set(id, { id, label: 'User', name: login, login });
    if (!links.has(key)) links.set(key, link);
    arrivals.push(arrival);
  }
  const arrived = new Set(arrivals.map((arrival) => arrival.id));
  const kept = [...live.filter((arrival) => !arrived.has(arrival.id)), ...arrivals];
  const gone = kept.splice(0, Math.max(kept.length - limit, 0));
  for (const arrival of gone) dropArrival({ nodes, links, expanded: graph.expanded }, arrival, rootId);
  const groups = withNewChatters(graph.groups, rootId, event.new?.length ?? 0);
  return { graph: { ...graph, nodes, links, groups }, live: kept, arrived: arrivals.length };
}

/** Take away what an arrival added: its link, then its node when nothing else holds it. */
function dropArrival({ nodes, links, expanded }, arrival, rootId) {
  if (arrival.link) links.delete(linkKey({ source: arrival.id, target: rootId, type: 'CHATTER' }));
  if (!arrival.node || expanded.includes(arrival.id)) return;
  for (const link of links.values()) if (link.source === arrival.id || link.target === arrival.id) return;
  nodes.delete(arrival.id);
}

function withNewChatters(groups, rootId, count) {
  const chatters = groups.get(rootId)?.find((g) => g.type === 'CHATTER' && g.direction === 'in');
  if (!count || !chatters) return groups;
  const next = new Map(groups);
  next.set(
    rootId,
    groups
      .get(rootId)
      .map((group) => (group === chatters ? { ...group, total: group.total + count } : group)),
  );
  return next;
}

/** Node id -> when it arrived, for ForceGraph's `highlight` (it fades them over LIVE_HIGHLIGHT_MS). */
export function liveHighlights(live) {
  return new Map(live.map((arrival) => [arrival.id, arrival.at]));
}

/**
 * A key that changes when the user grew the graph (an expansion, a page more), not when live chatters
 * arrive: the explorer refits its view on a change of it.
 * @param {ExplorerGraph} graph
 */
export function growthKey(graph) {
  let shown = 0;
  for (const groups of graph.groups.values()) for (const group of groups) shown += group.shown;
  return `${graph.expanded.length}:${shown}`;
}
