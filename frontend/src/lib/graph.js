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
