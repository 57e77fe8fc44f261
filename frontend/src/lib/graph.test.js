import { describe, expect, it } from 'vitest';
import { neighbourhood } from '../test/api.js';
import { countByLabel, EMPTY_GRAPH, graphArrays, linkKey, mergeNeighbourhood } from './graph.js';

const alpha = { id: 'Stream:alpha', label: 'Stream', name: 'Alpha', login: 'alpha', followers: 5000 };
const chess = { id: 'Game:Chess', label: 'Game', name: 'Chess' };
const viewer = { id: 'User:viewer_one', label: 'User', name: 'viewer_one', login: 'viewer_one' };
const bob = { id: 'User:bob', label: 'User', name: 'bob', login: 'bob' };

const alphaHood = neighbourhood(alpha, [
  { type: 'PLAYS', direction: 'out', total: 1, nodes: [chess] },
  { type: 'VIP', direction: 'in', total: 1, nodes: [viewer] },
  { type: 'CHATTER', direction: 'in', total: 3, limit: 2, nodes: [viewer, bob] },
]);

describe('mergeNeighbourhood', () => {
  it('adds the node, its neighbours, one link per relationship, and marks the node expanded', () => {
    const graph = mergeNeighbourhood(EMPTY_GRAPH, alphaHood);
    expect([...graph.nodes.keys()]).toEqual(['Stream:alpha', 'Game:Chess', 'User:viewer_one', 'User:bob']);
    expect(graph.links.size).toBe(4); // viewer_one is VIP and chatter: two links, one node
    expect(graph.expanded).toEqual(['Stream:alpha']);
    expect(graph.details.get('Stream:alpha').name).toBe('Alpha');
  });

  it('keeps each group with its total and how many of it are shown', () => {
    const graph = mergeNeighbourhood(EMPTY_GRAPH, alphaHood);
    expect(graph.groups.get('Stream:alpha')).toEqual([
      { type: 'PLAYS', direction: 'out', total: 1, page: 1, limit: 60, shown: 1 },
      { type: 'VIP', direction: 'in', total: 1, page: 1, limit: 60, shown: 1 },
      { type: 'CHATTER', direction: 'in', total: 3, page: 1, limit: 2, shown: 2 },
    ]);
  });

  it('adds a next page to its group without duplicating nodes', () => {
    const carol = { id: 'User:carol', label: 'User', name: 'carol', login: 'carol' };
    const page2 = neighbourhood(alpha, [
      { type: 'CHATTER', direction: 'in', total: 3, limit: 2, page: 2, nodes: [carol] },
    ]);
    const graph = mergeNeighbourhood(mergeNeighbourhood(EMPTY_GRAPH, alphaHood), page2);
    const chatters = graph.groups.get('Stream:alpha').find((g) => g.type === 'CHATTER');
    expect(chatters).toMatchObject({ page: 2, shown: 3, total: 3 });
    expect(graph.nodes.size).toBe(5);
    expect(graph.expanded).toEqual(['Stream:alpha']);
  });

  it('expanding a neighbour grows the graph and keeps the first nodes', () => {
    const viewerHood = neighbourhood(viewer, [
      { type: 'VIP', direction: 'out', total: 1, nodes: [alpha] },
      {
        type: 'CHATTER',
        direction: 'out',
        total: 1,
        nodes: [{ id: 'Stream:echo', label: 'Stream', name: 'Echo' }],
      },
    ]);
    const graph = mergeNeighbourhood(mergeNeighbourhood(EMPTY_GRAPH, alphaHood), viewerHood);
    expect(graph.expanded).toEqual(['Stream:alpha', 'User:viewer_one']);
    expect(graph.nodes.has('Stream:echo')).toBe(true);
    expect(graph.nodes.get('Stream:alpha').followers).toBe(5000);
    expect(graph.links.has(linkKey({ source: 'User:viewer_one', target: 'Stream:alpha', type: 'VIP' }))).toBe(
      true,
    );
  });

  it('changes neither the graph nor the answer it is given', () => {
    const before = JSON.stringify(alphaHood);
    const first = mergeNeighbourhood(EMPTY_GRAPH, alphaHood);
    const sizes = [first.nodes.size, first.links.size];
    mergeNeighbourhood(
      first,
      neighbourhood(bob, [{ type: 'CHATTER', direction: 'out', total: 1, nodes: [alpha] }]),
    );
    expect([first.nodes.size, first.links.size]).toEqual(sizes);
    expect(JSON.stringify(alphaHood)).toBe(before);
    expect(EMPTY_GRAPH.nodes.size).toBe(0);
  });
});

describe('graphArrays and countByLabel', () => {
  it('drops links to nodes that are not there and counts labels', () => {
    const graph = mergeNeighbourhood(EMPTY_GRAPH, alphaHood);
    graph.links.set('dangling', { source: 'Stream:alpha', target: 'User:ghost', type: 'VIP' });
    const { nodes, links } = graphArrays(graph);
    expect(links).toHaveLength(4);
    expect(Object.fromEntries(countByLabel(nodes))).toEqual({ Stream: 1, Game: 1, User: 2 });
  });
});
