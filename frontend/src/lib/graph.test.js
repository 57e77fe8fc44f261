import { describe, expect, it } from 'vitest';
import { neighbourhood } from '../test/api.js';
import { zoomIdentity } from 'd3-zoom';
import {
  countByLabel,
  countByType,
  EMPTY_GRAPH,
  graphArrays,
  growthKey,
  labelWishes,
  linkKey,
  liveHighlights,
  mergeLiveChatters,
  mergeNeighbourhood,
} from './graph.js';

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

describe('countByType and growthKey', () => {
  it('counts links by relationship type', () => {
    const { links } = graphArrays(mergeNeighbourhood(EMPTY_GRAPH, alphaHood));
    expect(countByType(links)).toEqual(
      new Map([
        ['PLAYS', 1],
        ['VIP', 1],
        ['CHATTER', 2],
      ]),
    );
  });

  it('changes when the user grows the graph, not when live chatters arrive', () => {
    const graph = mergeNeighbourhood(EMPTY_GRAPH, alphaHood);
    const live = mergeLiveChatters(graph, [], 'Stream:alpha', { logins: ['zed'], new: ['zed'] }, 1).graph;
    expect(growthKey(live)).toBe(growthKey(graph));
    const more = neighbourhood(alpha, [
      { type: 'CHATTER', direction: 'in', total: 3, limit: 2, page: 2, nodes: [{ ...bob, id: 'User:c' }] },
    ]);
    expect(growthKey(mergeNeighbourhood(graph, more))).not.toBe(growthKey(graph));
    const expanded = mergeNeighbourhood(graph, neighbourhood(viewer, []));
    expect(growthKey(expanded)).not.toBe(growthKey(graph));
  });
});

describe('labelWishes', () => {
  const at = (node, x, y, r) => ({ ...node, x, y, r });
  const nodes = [
    at(alpha, 0, 0, 12),
    at({ ...alpha, id: 'Stream:small', name: 'Small' }, 40, 0, 6),
    at(chess, 0, 40, 9),
    at(viewer, -40, 0, 3.5),
    at(bob, 400, 400, 3.5), // far off screen
  ];
  const view = { emphasis: new Set(['Stream:alpha']), hot: null, width: 300, height: 200 };

  it('ranks expanded nodes, then landmarks, then streamers by size; people only when zoomed in', () => {
    const t = zoomIdentity.translate(150, 100);
    const wishes = labelWishes(nodes, t, view);
    const bySize = [...wishes].sort((a, b) => b.size - a.size).map((w) => w.key);
    expect(bySize).toEqual(['Stream:alpha', 'Game:Chess', 'Stream:small']);
    // Under its node, in screen pixels, with its dot.
    expect(wishes[0]).toMatchObject({
      x: 150,
      y: 100 + 12 + 2,
      text: 'Alpha',
      dot: { x: 150, y: 100, r: 12 },
    });
    const zoomed = labelWishes(nodes, zoomIdentity.translate(150, 100).scale(2), view);
    expect(zoomed.map((w) => w.key)).toContain('User:viewer_one');
    expect(zoomed.map((w) => w.key)).not.toContain('User:bob'); // off screen
  });

  it('pins the hovered node, even a person zoomed out', () => {
    const t = zoomIdentity.translate(150, 100);
    const hot = nodes[3];
    const wishes = labelWishes(nodes, t, { ...view, hot });
    expect(wishes.filter((w) => w.pinned).map((w) => w.key)).toEqual(['User:viewer_one']);
  });
});

describe('mergeLiveChatters', () => {
  const root = 'Stream:alpha';
  const event = (logins, fresh) => ({ channel: 'alpha', user_id: '1001', logins, new: fresh, rate: 1 });

  it('adds arriving chatters as users linked to the streamer, and highlights who was there already', () => {
    const graph = mergeNeighbourhood(EMPTY_GRAPH, alphaHood);
    const merged = mergeLiveChatters(graph, [], root, event(['zed', 'bob', 'zed'], ['zed']), 1000);
    expect(merged.arrived).toBe(2);
    expect(merged.graph.nodes.get('User:zed')).toEqual({
      id: 'User:zed',
      label: 'User',
      name: 'zed',
      login: 'zed',
    });
    expect(merged.graph.links.get('User:zed|CHATTER|Stream:alpha')).toEqual({
      source: 'User:zed',
      target: root,
      type: 'CHATTER',
    });
    expect(merged.graph.nodes.size).toBe(graph.nodes.size + 1); // bob was on the graph: not twice
    expect(merged.live).toEqual([
      { id: 'User:zed', at: 1000, node: true, link: true },
      { id: 'User:bob', at: 1000, node: false, link: false },
    ]);
    const chatters = merged.graph.groups.get(root).find((g) => g.type === 'CHATTER');
    expect(chatters.total).toBe(4); // zed's edge is new to the graph
    expect(graph.nodes.has('User:zed')).toBe(false); // the input is unchanged
    expect(liveHighlights(merged.live)).toEqual(
      new Map([
        ['User:zed', 1000],
        ['User:bob', 1000],
      ]),
    );
  });

  it('keeps at most the limit of arrivals: the oldest go with what they added', () => {
    let { graph, live } = { graph: mergeNeighbourhood(EMPTY_GRAPH, alphaHood), live: [] };
    const size = graph.nodes.size;
    ({ graph, live } = mergeLiveChatters(graph, live, root, event(['a1', 'bob']), 1, 3));
    ({ graph, live } = mergeLiveChatters(graph, live, root, event(['a2', 'a3']), 2, 3));
    expect(live.map((arrival) => arrival.id)).toEqual(['User:bob', 'User:a2', 'User:a3']);
    expect(graph.nodes.has('User:a1')).toBe(false);
    expect(graph.links.has('User:a1|CHATTER|Stream:alpha')).toBe(false);
    ({ graph, live } = mergeLiveChatters(graph, live, root, event(['a4', 'a2']), 3, 3));
    expect(live.map((arrival) => arrival.id)).toEqual(['User:a3', 'User:a4', 'User:a2']); // a2 again: newest
    expect(graph.nodes.has('User:bob')).toBe(true); // fetched, not added live: stays when its arrival goes
    expect(graph.nodes.size).toBe(size + 3);
    expect(
      graphArrays(graph).links.filter((link) => link.target === root && link.type === 'CHATTER'),
    ).toHaveLength(5);
  });

  it('keeps an arrival the user expanded, and a streamer who chats is not a second node', () => {
    const echo = { id: 'Stream:echo', label: 'Stream', name: 'Echo', login: 'echo' };
    let graph = mergeNeighbourhood(
      EMPTY_GRAPH,
      neighbourhood(alpha, [{ type: 'VIP', direction: 'in', total: 1, nodes: [echo] }]),
    );
    let live = [];
    ({ graph, live } = mergeLiveChatters(graph, live, root, event(['echo', 'zed']), 1, 1));
    expect(live).toEqual([{ id: 'User:zed', at: 1, node: true, link: true }]);
    expect(graph.links.has('Stream:echo|CHATTER|Stream:alpha')).toBe(false); // echo's arrival went
    expect(graph.nodes.has('Stream:echo')).toBe(true);
    expect(graph.nodes.has('User:echo')).toBe(false);
    graph = { ...graph, expanded: [...graph.expanded, 'User:zed'] };
    ({ graph } = mergeLiveChatters(graph, live, root, event(['yan']), 2, 1));
    expect(graph.nodes.has('User:zed')).toBe(true);
    expect(graph.links.has('User:zed|CHATTER|Stream:alpha')).toBe(false);
  });
});
