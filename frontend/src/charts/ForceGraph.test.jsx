import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fadingRings, fitTransform, ForceGraph, radiusFor } from './ForceGraph.jsx';

const NODES = [
  { id: 'Stream:alpha', label: 'Stream', name: 'Alpha', followers: 5000 },
  { id: 'Game:Chess', label: 'Game', name: 'Chess' },
  { id: 'User:bob', label: 'User', name: 'bob' },
];
const LINKS = [
  { source: 'Stream:alpha', target: 'Game:Chess', type: 'PLAYS' },
  { source: 'User:bob', target: 'Stream:alpha', type: 'CHATTER' },
];

function renderGraph(props = {}) {
  return render(
    <ForceGraph
      name="test"
      nodes={NODES}
      links={LINKS}
      width={600}
      height={400}
      description="Graph of 3 nodes"
      renderDetails={(node) => <span>details of {node.name}</span>}
      {...props}
    />,
  );
}

describe('ForceGraph', () => {
  it('draws on a labelled, focusable canvas with zoom buttons', () => {
    renderGraph();
    const canvas = screen.getByRole('application', { name: 'Graph of 3 nodes' });
    expect(canvas).toHaveAttribute('tabindex', '0');
    expect(canvas).toHaveAttribute('data-node-count', '3');
    for (const name of ['Zoom in', 'Zoom out', 'Fit'])
      expect(screen.getByRole('button', { name })).toBeTruthy();
  });

  it('simulates copies: the API objects it was given stay as they were', () => {
    const before = JSON.stringify({ NODES, LINKS });
    renderGraph();
    expect(JSON.stringify({ NODES, LINKS })).toBe(before);
    expect(window.__TWITCHGRAPH__.test.nodeCount()).toBe(3);
    expect(window.__TWITCHGRAPH__.test.position('Stream:alpha')).toMatchObject({ x: expect.any(Number) });
  });

  it('shows the focused node’s details, as when the list focuses it', () => {
    renderGraph({ focusId: 'Game:Chess' });
    expect(screen.getByText('details of Chess')).toBeTruthy();
  });

  it('zooms from the keyboard without throwing', async () => {
    const user = userEvent.setup();
    renderGraph();
    screen.getByRole('application').focus();
    await user.keyboard('+-0{ArrowLeft}');
    await user.click(screen.getByRole('button', { name: 'Zoom in' }));
  });

  it('stops its simulation when it goes away', () => {
    const cancel = vi.spyOn(window, 'cancelAnimationFrame');
    const { unmount } = renderGraph();
    const handle = window.__TWITCHGRAPH__.test;
    unmount();
    expect(window.__TWITCHGRAPH__.test).toBeUndefined();
    expect(handle.alpha()).toBe(0); // no simulation left to ask
    expect(cancel).toHaveBeenCalled();
  });
});

describe('highlighted arrivals', () => {
  it('rings fade from full to nothing over their time', () => {
    const highlight = new Map([
      ['User:bob', 1000],
      ['Game:Chess', 0],
    ]);
    expect(fadingRings(highlight, 1000, 1000)).toEqual(new Map([['User:bob', 1]]));
    expect(fadingRings(highlight, 1000, 1500).get('User:bob')).toBeCloseTo(0.5);
    expect(fadingRings(highlight, 1000, 2000).size).toBe(0);
  });

  it('says which nodes are highlighted until their ring has faded', () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      const highlight = new Map([
        ['User:bob', Date.now()],
        ['User:nobody', Date.now()], // not on the graph
      ]);
      renderGraph({ highlight, highlightMs: 1000 });
      expect(window.__TWITCHGRAPH__.test.highlighted()).toEqual(['User:bob']);
      vi.advanceTimersByTime(1000);
      expect(window.__TWITCHGRAPH__.test.highlighted()).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('layout helpers', () => {
  it('sizes streamers by followers, people small, landmarks in between, expanded nodes bigger', () => {
    const radius = radiusFor(NODES, new Set(['Game:Chess']));
    expect(radius(NODES[0])).toBe(17); // the biggest channel
    expect(radius({ label: 'Stream', followers: 0 })).toBe(5);
    expect(radius(NODES[2])).toBe(3.5);
    expect(radius(NODES[1])).toBe(12);
  });

  it('fits every node in the view with a margin', () => {
    const nodes = [
      { x: -100, y: -50, r: 0 },
      { x: 100, y: 50, r: 0 },
    ];
    const t = fitTransform(nodes, 600, 400);
    expect(t.applyX(-100)).toBeGreaterThanOrEqual(36 - 1e-9);
    expect(t.applyX(100)).toBeLessThanOrEqual(600 - 36 + 1e-9);
    expect(t.applyY(0)).toBeCloseTo(200);
    expect(fitTransform([], 600, 400)).toBeNull();
  });
});
