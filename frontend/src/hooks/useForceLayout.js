/**
 * A d3-force simulation that lives as long as the component: d3 does the math, the caller draws.
 *
 * d3-force mutates what it simulates (x, y, vx, vy, index; link ends become objects), so it works on
 * copies of the API's nodes and links, never on them. The copies persist across updates: a node that
 * was already there keeps its place and speed, a new one starts next to a neighbour already placed
 * (on a sunflower spiral around it), so expanding a node grows the picture instead of reshuffling it.
 */
import { useEffect, useEffectEvent, useRef } from 'react';
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from 'd3-force';

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * @typedef {import('../api/endpoints.js').GraphNode & {x: number, y: number, vx?: number, vy?: number,
 *   fx?: number|null, fy?: number|null, r: number}} SimNode
 * @typedef {{source: SimNode, target: SimNode, type?: string}} SimLink
 * @typedef {{nodes: SimNode[], links: SimLink[], byId: Map<string, SimNode>,
 *   simulation: import('d3-force').Simulation<SimNode, SimLink>|null}} Layout
 */

/**
 * @param {import('../api/endpoints.js').GraphNode[]} nodes
 * @param {import('../api/endpoints.js').GraphLink[]} links
 * @param {{radius: (node: any) => number, onTick: () => void, onEnd?: () => void}} options
 * @returns {import('react').RefObject<Layout>} the live layout (read it when drawing)
 */
export function useForceLayout(nodes, links, { radius, onTick, onEnd }) {
  const layoutRef = useRef(
    /** @type {Layout} */ ({ nodes: [], links: [], byId: new Map(), simulation: null }),
  );
  // The caller's latest callbacks: new closures neither restart the simulation nor re-run the layout.
  const tick = useEffectEvent(() => onTick());
  const end = useEffectEvent(() => onEnd?.());
  const radiusOf = useEffectEvent((node) => radius(node));

  useEffect(() => {
    const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    const simulation = forceSimulation()
      .force('charge', forceManyBody().strength(-45).distanceMax(420).theta(0.95))
      .force(
        'link',
        forceLink()
          .id((d) => d.id)
          .distance(38),
      )
      .force('x', forceX(0).strength(0.035))
      .force('y', forceY(0).strength(0.035))
      .force(
        'collide',
        forceCollide((d) => d.r + 1.5),
      )
      .alphaDecay(reducedMotion ? 0.12 : 0.03)
      .on('tick', () => tick())
      .on('end', () => end())
      .stop();
    const layout = layoutRef.current;
    layout.simulation = simulation;
    // Nodes kept from a previous mount (React's development double mount) go into the new simulation.
    if (layout.nodes.length) {
      simulation.nodes(layout.nodes);
      simulation.force('link').links(layout.links);
    }
    return () => {
      simulation.stop();
      simulation.on('tick', null).on('end', null);
      layout.simulation = null;
    };
  }, []);

  useEffect(() => {
    const layout = layoutRef.current;
    const byId = new Map();
    const fresh = [];
    const simNodes = nodes.map((node) => {
      const known = layout.byId.get(node.id);
      const simNode = known ? Object.assign(known, node) : { ...node };
      simNode.r = radiusOf(node);
      if (!known) fresh.push(simNode);
      byId.set(node.id, simNode);
      return simNode;
    });
    const simLinks = links
      .filter((link) => byId.has(link.source) && byId.has(link.target))
      .map((link) => ({ source: link.source, target: link.target, type: link.type }));
    placeNewNodes(fresh, byId, simLinks);

    layout.nodes = simNodes;
    layout.links = simLinks;
    layout.byId = byId;
    const { simulation } = layout;
    if (!simulation) return;
    simulation.nodes(simNodes);
    simulation.force('link').links(simLinks);
    const allNew = fresh.length === simNodes.length;
    simulation.alpha(allNew ? 1 : Math.max(simulation.alpha(), 0.5)).restart();
    tick();
  }, [nodes, links]);

  return layoutRef;
}

/**
 * Give each new node a start next to a neighbour that already has one: the first new node of a graph
 * at the centre, then breadth-first outwards. Nodes with no placed neighbour start near the centre.
 */
function placeNewNodes(fresh, byId, links) {
  if (!fresh.length) return;
  const neighbours = new Map();
  for (const { source, target } of links) {
    if (!neighbours.has(source)) neighbours.set(source, []);
    if (!neighbours.has(target)) neighbours.set(target, []);
    neighbours.get(source).push(target);
    neighbours.get(target).push(source);
  }
  const waiting = new Set(fresh.map((node) => node.id));
  const children = new Map(); // anchor id -> how many nodes were placed around it
  const isPlaced = (id) => !waiting.has(id) && byId.has(id);
  if (fresh.length === byId.size) {
    Object.assign(fresh[0], { x: 0, y: 0 });
    waiting.delete(fresh[0].id);
  }
  let progress = true;
  while (waiting.size && progress) {
    progress = false;
    for (const node of fresh) {
      if (!waiting.has(node.id)) continue;
      const anchorId = (neighbours.get(node.id) ?? []).find(isPlaced);
      if (anchorId === undefined) continue;
      const anchor = byId.get(anchorId);
      const index = children.get(anchorId) ?? 0;
      children.set(anchorId, index + 1);
      const distance = 26 + 9 * Math.sqrt(index + 1);
      node.x = anchor.x + distance * Math.cos(index * GOLDEN_ANGLE);
      node.y = anchor.y + distance * Math.sin(index * GOLDEN_ANGLE);
      waiting.delete(node.id);
      progress = true;
    }
  }
  let index = 0;
  for (const node of fresh) {
    if (!waiting.has(node.id)) continue;
    const distance = 10 * Math.sqrt(++index);
    node.x = distance * Math.cos(index * GOLDEN_ANGLE);
    node.y = distance * Math.sin(index * GOLDEN_ANGLE);
  }
}
