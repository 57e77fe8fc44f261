/**
 * A force-directed graph drawn on a canvas, so thousands of nodes stay fluid.
 *
 * React owns the elements (canvas, buttons, tooltip); d3-force computes positions in a hook;
 * d3-zoom and d3-drag run on the canvas in an effect; d3-quadtree finds the node under the pointer.
 * Drawing is imperative, once per animation frame at most, from the live layout. Links are coloured by
 * relationship type (lib/palette.js); labels are placed greedily without overlaps (lib/labelPlacement.js).
 * Nodes in `highlight` (id -> when they arrived) wear a ring that fades over `highlightMs`.
 *
 * The view follows the fit of the whole graph, animated frame by frame through d3-zoom's transform while
 * the layout moves, until the user zooms, pans or drags; a new `fitKey` (the graph grew by the user's
 * action) or the Fit button starts following again.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { max } from 'd3-array';
import { drag } from 'd3-drag';
import { quadtree } from 'd3-quadtree';
import { scaleSqrt } from 'd3-scale';
import { pointer, select } from 'd3-selection';
import { zoom, zoomIdentity } from 'd3-zoom';
import { useForceLayout } from '../hooks/useForceLayout.js';
import { labelWishes } from '../lib/graph.js';
import { colourOf } from '../lib/labels.js';
import { LABEL_HEIGHT, placeLabels } from '../lib/labelPlacement.js';
import { LINK_ORDER, linkStyle, opaqueColour } from '../lib/palette.js';
import { exposeForTests } from './exposeForTests.js';
import { onViewKey, ViewControls } from './ViewControls.jsx';

const TEXT_COLOUR = '#0f172a';
const HALO_COLOUR = 'rgba(255, 255, 255, 0.9)';
const SCALE_EXTENT = [0.05, 8];
const FIT_PADDING = 36;
const MAX_FIT_SCALE = 3;
// Pixels the pointer may miss a node by and still hit it (small nodes are hard to hit on touch screens).
const HIT_SLOP = 5;
const HIGHLIGHT_RGB = '22, 163, 74'; // a live arrival's ring: green, fading to nothing
const FADE_FRAME_MS = 100; // redraws while a ring fades: smooth enough, cheap
const FOLLOW_STEP = 0.2; // the part of the way to the fit the view moves each frame while it follows
const MAX_LABELS = 250;
const LABEL_FONT = '12px system-ui, -apple-system, "Segoe UI", "Noto Sans CJK KR", sans-serif';

/**
 * @param {{
 *   name: string,
 *   nodes: import('../api/endpoints.js').GraphNode[],
 *   links: import('../api/endpoints.js').GraphLink[],
 *   width: number,
 *   height: number,
 *   description: string,
 *   emphasis?: Set<string>,
 *   highlight?: Map<string, number>,
 *   highlightMs?: number,
 *   focusId?: string|null,
 *   fitKey?: string|number,
 *   onActivate?: (node: import('../api/endpoints.js').GraphNode) => void,
 *   renderDetails: (node: any) => import('react').ReactNode,
 * }} props
 */
export function ForceGraph({
  name,
  nodes,
  links,
  width,
  height,
  description,
  emphasis = EMPTY_SET,
  highlight = EMPTY_MAP,
  highlightMs = 8_000,
  focusId = null,
  fitKey = 0,
  onActivate,
  renderDetails,
}) {
  const canvasRef = useRef(null);
  const zoomRef = useRef(null);
  const transformRef = useRef(zoomIdentity.translate(width / 2, height / 2));
  const autoFitRef = useRef(true);
  const hoverRef = useRef(null);
  const treeRef = useRef({ tree: null, dirty: true });
  const frameRef = useRef(0);
  const firstDrawRef = useRef(null);
  const labelsRef = useRef([]); // the labels of the last frame, for the test handle
  const drawRef = useRef(() => {});
  const [hover, setHover] = useState(null);
  const highlightRef = useRef({ highlight, highlightMs }); // for the test handle, read later
  useLayoutEffect(() => {
    highlightRef.current = { highlight, highlightMs };
  }, [highlight, highlightMs]);

  const radius = useMemo(() => radiusFor(nodes, emphasis), [nodes, emphasis]);

  const requestDraw = useCallback(() => {
    treeRef.current.dirty = true;
    if (frameRef.current) return;
    frameRef.current = requestAnimationFrame(() => {
      frameRef.current = 0;
      drawRef.current();
    });
  }, []);

  const layoutRef = useForceLayout(nodes, links, { radius, onTick: requestDraw });

  /** The node under a point of the canvas (CSS pixels), or null. */
  const nodeAt = useCallback(
    (px, py) => {
      const { nodes: simNodes } = layoutRef.current;
      const t = transformRef.current;
      const cache = treeRef.current;
      if (cache.dirty || !cache.tree) {
        cache.tree = quadtree(
          simNodes,
          (d) => d.x,
          (d) => d.y,
        );
        cache.maxR = max(simNodes, (d) => d.r) ?? 0;
        cache.dirty = false;
      }
      const [x, y] = t.invert([px, py]);
      const slop = HIT_SLOP / t.k;
      const found = cache.tree.find(x, y, cache.maxR + slop);
      if (!found) return null;
      return Math.hypot(found.x - x, found.y - y) <= found.r + slop ? found : null;
    },
    [layoutRef],
  );

  // Frames requested by d3 (ticks, zoom, drag) draw with the latest committed props.
  useLayoutEffect(() => {
    /** Move the view a step towards the one that fits the whole graph, while the user has not taken over. */
    const followFit = () => {
      const target = fitTransform(layoutRef.current.nodes, width, height);
      if (!target || !zoomRef.current) return;
      const t = transformRef.current;
      const part = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 1 : FOLLOW_STEP;
      const step = (a, b) => a + (b - a) * part;
      const next = zoomIdentity
        .translate(step(t.x, target.x), step(t.y, target.y))
        .scale(step(t.k, target.k));
      if (Math.abs(next.k - t.k) > 1e-4 || Math.abs(next.x - t.x) > 0.3 || Math.abs(next.y - t.y) > 0.3) {
        select(canvasRef.current).call(zoomRef.current.transform, next);
      }
    };
    drawRef.current = () => {
      const canvas = canvasRef.current;
      const context = canvas?.getContext?.('2d');
      if (!context) return;
      const layout = layoutRef.current;
      if (autoFitRef.current && layout.nodes.length) followFit();
      const t = transformRef.current;
      const ratio = window.devicePixelRatio || 1;
      const hot = hoverRef.current ?? (focusId ? layout.byId.get(focusId) : null) ?? null;
      const rings = fadingRings(highlight, highlightMs, Date.now());
      labelsRef.current = drawGraph(context, layout, { t, ratio, width, height, emphasis, hot, rings });
      if (layout.nodes.length && firstDrawRef.current === null) {
        firstDrawRef.current = performance.now();
        performance.mark?.(`twitchgraph:first-graph:${name}`);
      }
    };
  }, [layoutRef, width, height, focusId, emphasis, highlight, highlightMs, name]);

  // The graph grew by the user's action (an expansion, a page more): follow the fit again, which shows
  // the new nodes; the user's next zoom, pan or drag stops it.
  const lastFitKeyRef = useRef(fitKey);
  useEffect(() => {
    if (lastFitKeyRef.current === fitKey) return;
    lastFitKeyRef.current = fitKey;
    autoFitRef.current = true;
    requestDraw();
  }, [fitKey, requestDraw]);

  // Zoom, pan and drag on the canvas; a drag that starts on a node moves the node, elsewhere it pans.
  useEffect(() => {
    const canvas = canvasRef.current;
    const selection = select(canvas);
    const zoomBehaviour = zoom()
      .scaleExtent(SCALE_EXTENT)
      .on('zoom', (event) => {
        transformRef.current = event.transform;
        if (event.sourceEvent) {
          autoFitRef.current = false;
          setHover(null);
        }
        requestDraw();
      });
    const dragBehaviour = drag()
      .container(canvas)
      .subject((event) => {
        const node = nodeAt(event.x, event.y);
        if (!node) return null;
        const t = transformRef.current;
        return { node, x: t.applyX(node.x), y: t.applyY(node.y) };
      })
      // A click on a node is a drag that never moves: only a real move pins the node and takes the
      // view away from the automatic fit.
      .on('drag', (event) => {
        const { node } = event.subject;
        if (!event.subject.moved) {
          event.subject.moved = true;
          autoFitRef.current = false;
          layoutRef.current.simulation?.alphaTarget(0.25).restart();
        }
        const t = transformRef.current;
        node.fx = t.invertX(event.x);
        node.fy = t.invertY(event.y);
        requestDraw();
      })
      .on('end', (event) => {
        if (!event.subject.moved) return;
        if (!event.active) layoutRef.current.simulation?.alphaTarget(0);
        event.subject.node.fx = null;
        event.subject.node.fy = null;
      });
    // Drag first: it claims a gesture that starts on a node, and zoom never sees it.
    selection.call(dragBehaviour).call(zoomBehaviour).on('dblclick.zoom', null);
    selection.call(zoomBehaviour.transform, transformRef.current);
    zoomRef.current = zoomBehaviour;
    return () => {
      selection.on('.zoom', null).on('.drag', null);
      zoomRef.current = null;
    };
  }, [layoutRef, nodeAt, requestDraw]);

  useEffect(() => {
    return exposeForTests(name, {
      nodeCount: () => layoutRef.current.nodes.length,
      firstDrawMs: () => firstDrawRef.current,
      alpha: () => layoutRef.current.simulation?.alpha() ?? 0,
      /** The ids whose highlight ring has not faded yet. */
      highlighted: () => {
        const { highlight: now, highlightMs: ms } = highlightRef.current;
        return [...fadingRings(now, ms, Date.now()).keys()].filter((id) => layoutRef.current.byId.has(id));
      },
      /** The zoom transform, and whether the view follows the fit of the graph. */
      view: () => {
        const { x, y, k } = transformRef.current;
        return { x, y, k, following: autoFitRef.current };
      },
      /** The labels drawn in the last frame: node id, text and box in CSS pixels. */
      labels: () => labelsRef.current.map(({ key, text, box }) => ({ id: key, text, box })),
      /** Where node `id` is, in CSS pixels from the canvas's top left corner, or null. */
      position: (id) => {
        const node = layoutRef.current.byId.get(id);
        if (!node) return null;
        const t = transformRef.current;
        return { x: t.applyX(node.x), y: t.applyY(node.y), r: node.r * t.k };
      },
    });
  }, [name, layoutRef]);

  useEffect(() => () => cancelAnimationFrame(frameRef.current), []);

  // Rings fade with time, not with the layout: redraw while one is fading, then stop.
  useEffect(() => {
    if (!highlight.size) return undefined;
    const timer = window.setInterval(() => {
      requestDraw();
      if (!fadingRings(highlight, highlightMs, Date.now()).size) window.clearInterval(timer);
    }, FADE_FRAME_MS);
    return () => window.clearInterval(timer);
  }, [highlight, highlightMs, requestDraw]);

  // A new size, focus or emphasis changes the picture but not the layout.
  useEffect(() => {
    requestDraw();
  }, [width, height, focusId, emphasis, requestDraw]);

  const onPointerMove = (event) => {
    const [x, y] = pointer(event, canvasRef.current);
    const node = nodeAt(x, y);
    if (node !== hoverRef.current) {
      hoverRef.current = node;
      requestDraw();
    }
    setHover(node ? { node, x, y } : null);
  };
  const onPointerLeave = () => {
    hoverRef.current = null;
    setHover(null);
    requestDraw();
  };
  const onClick = (event) => {
    const [x, y] = pointer(event, canvasRef.current);
    const node = nodeAt(x, y);
    if (node) onActivate?.(toGraphNode(node));
  };
  const zoomBy = (factor) => {
    autoFitRef.current = false;
    select(canvasRef.current).call(zoomRef.current.scaleBy, factor);
  };
  const panBy = (dx, dy) => {
    autoFitRef.current = false;
    const { k } = transformRef.current;
    select(canvasRef.current).call(zoomRef.current.translateBy, dx / k, dy / k);
  };
  const fit = () => {
    autoFitRef.current = true;
    requestDraw();
  };
  const onKeyDown = (event) => onViewKey(event, { zoomBy, panBy, fit });

  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const focused = focusId ? nodes.find((node) => node.id === focusId) : null;
  const details = hover?.node ?? focused;
  return (
    <div className="force-graph" style={{ height }}>
      <canvas
        ref={canvasRef}
        width={Math.round(width * ratio)}
        height={Math.round(height * ratio)}
        style={{ width, height, cursor: hover ? 'pointer' : 'grab' }}
        role="application"
        aria-roledescription="graph"
        aria-label={description}
        aria-describedby={`${name}-graph-keys`}
        tabIndex={0}
        data-node-count={nodes.length}
        data-link-count={links.length}
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
        onClick={onClick}
        onKeyDown={onKeyDown}
      />
      <p id={`${name}-graph-keys`} className="visually-hidden">
        Keys: plus and minus zoom, arrows pan, 0 fits the graph. The node list has every node as a button.
      </p>
      <ViewControls zoomBy={zoomBy} fit={fit} fitTitle="Fit the graph (0)" />
      {details && (
        <div
          className={`graph-tooltip${hover ? '' : ' graph-tooltip--pinned'}`}
          style={hover ? tooltipPosition(hover, width, height) : undefined}
          aria-hidden="true"
        >
          {renderDetails(toGraphNode(details))}
        </div>
      )}
    </div>
  );
}

const EMPTY_SET = new Set();
const EMPTY_MAP = new Map();

/** Node id -> the opacity of its ring (1 on arrival, towards 0 at `ms`), for the rings not faded yet. */
export function fadingRings(highlight, ms, now) {
  const rings = new Map();
  for (const [id, at] of highlight) {
    const left = 1 - (now - at) / ms;
    if (left > 0) rings.set(id, Math.min(left, 1));
  }
  return rings;
}

function toGraphNode(simNode) {
  const { id, label, name, login, followers } = simNode;
  return { id, label, name, login, followers };
}

/** Node radii: streamers by followers (as area), people small, games, languages and teams as landmarks. */
export function radiusFor(nodes, emphasis) {
  const followers = scaleSqrt()
    .domain([0, max(nodes, (node) => node.followers ?? 0) || 1])
    .range([5, 17])
    .clamp(true);
  return (node) => {
    let r = 9;
    if (node.label === 'Stream') r = followers(node.followers ?? 0);
    else if (node.label === 'User') r = 3.5;
    return emphasis.has(node.id) ? r + 3 : r;
  };
}

/** The transform that shows every node with a margin, at most MAX_FIT_SCALE. */
export function fitTransform(nodes, width, height) {
  if (!nodes.length) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const node of nodes) {
    x0 = Math.min(x0, node.x - node.r);
    y0 = Math.min(y0, node.y - node.r);
    x1 = Math.max(x1, node.x + node.r);
    y1 = Math.max(y1, node.y + node.r);
  }
  const k = Math.min(
    MAX_FIT_SCALE,
    (width - 2 * FIT_PADDING) / Math.max(x1 - x0, 1),
    (height - 2 * FIT_PADDING) / Math.max(y1 - y0, 1),
  );
  const scale = Math.max(SCALE_EXTENT[0], k);
  return zoomIdentity
    .translate(width / 2 - (scale * (x0 + x1)) / 2, height / 2 - (scale * (y0 + y1)) / 2)
    .scale(scale);
}

function tooltipPosition({ x, y }, width, height) {
  const left = x + 14 > width - 240 ? Math.max(4, x - 250) : x + 14;
  const top = y + 14 > height - 120 ? Math.max(4, y - 110) : y + 14;
  return { left, top };
}

/** One frame: links by type, nodes batched by colour, rings, then labels; returns the labels placed. */
function drawGraph(context, layout, { t, ratio, width, height, emphasis, hot, rings }) {
  const { nodes, links } = layout;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  context.translate(t.x, t.y);
  context.scale(t.k, t.k);

  drawLinks(context, links, t.k, hot);

  const byColour = new Map();
  for (const node of nodes) {
    const colour = colourOf(node.label);
    if (!byColour.has(colour)) byColour.set(colour, []);
    byColour.get(colour).push(node);
  }
  for (const [colour, group] of byColour) {
    context.beginPath();
    for (const node of group) {
      context.moveTo(node.x + node.r, node.y);
      context.arc(node.x, node.y, node.r, 0, 2 * Math.PI);
    }
    context.fillStyle = colour;
    context.fill();
  }

  context.lineWidth = 2 / t.k;
  context.strokeStyle = TEXT_COLOUR;
  context.beginPath();
  for (const id of emphasis) {
    const node = layout.byId.get(id);
    if (!node) continue;
    context.moveTo(node.x + node.r + 1 / t.k, node.y);
    context.arc(node.x, node.y, node.r + 1 / t.k, 0, 2 * Math.PI);
  }
  context.stroke();
  context.lineWidth = 2.5 / t.k;
  for (const [id, opacity] of rings) {
    const node = layout.byId.get(id);
    if (!node) continue;
    context.beginPath();
    context.arc(node.x, node.y, node.r + 3 / t.k, 0, 2 * Math.PI);
    context.strokeStyle = `rgba(${HIGHLIGHT_RGB}, ${opacity.toFixed(2)})`;
    context.stroke();
  }
  if (hot) {
    context.beginPath();
    context.arc(hot.x, hot.y, hot.r + 4 / t.k, 0, 2 * Math.PI);
    context.strokeStyle = '#f97316';
    context.lineWidth = 3 / t.k;
    context.stroke();
  }

  return drawLabels(context, nodes, { t, ratio, width, height, emphasis, hot });
}

/**
 * Links in one path per type, in LINK_ORDER (the many chatters underneath); the hovered node's links
 * again on top, wider and opaque, in their type's colour.
 */
function drawLinks(context, links, k, hot) {
  const byType = new Map();
  for (const link of links) {
    const type = link.type ?? '';
    if (!byType.has(type)) byType.set(type, []);
    byType.get(type).push(link);
  }
  const types = [...byType.keys()].sort((a, b) => rankOf(a) - rankOf(b));
  const stroke = (group, colour, dash, lineWidth) => {
    context.beginPath();
    for (const { source, target } of group) {
      context.moveTo(source.x, source.y);
      context.lineTo(target.x, target.y);
    }
    context.strokeStyle = colour;
    context.setLineDash(dash.map((d) => d / k));
    context.lineWidth = lineWidth / k;
    context.stroke();
  };
  for (const type of types) {
    const { colour, dash } = linkStyle(type);
    stroke(byType.get(type), colour, dash, 1);
  }
  if (hot) {
    for (const type of types) {
      const touching = byType.get(type).filter(({ source, target }) => source === hot || target === hot);
      if (!touching.length) continue;
      const { colour, dash } = linkStyle(type);
      stroke(touching, opaqueColour(colour), dash, 2);
    }
  }
  context.setLineDash([]);
}

function rankOf(type) {
  const index = LINK_ORDER.indexOf(type);
  return index < 0 ? -1 : index;
}

/** Labels in screen space, placed without overlaps (lib/labelPlacement.js); returns those drawn. */
function drawLabels(context, nodes, { t, ratio, width, height, emphasis, hot }) {
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.font = LABEL_FONT;
  const wishes = labelWishes(nodes, t, { emphasis, hot, width, height });
  const placed = placeLabels(wishes, (text) => context.measureText(text).width, {
    width,
    height,
    limit: MAX_LABELS,
    lineHeight: LABEL_HEIGHT,
  });
  context.textAlign = 'center';
  context.textBaseline = 'top';
  context.lineJoin = 'round';
  context.lineWidth = 3;
  context.strokeStyle = HALO_COLOUR;
  context.fillStyle = TEXT_COLOUR;
  for (const { text, x, y } of placed) {
    context.strokeText(text, x, y);
    context.fillText(text, x, y);
  }
  return placed;
}
