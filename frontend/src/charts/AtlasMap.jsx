/**
 * The atlas: channels placed where the server's layout put them, on a canvas so that 2,000 channels and
 * 20,000 links stay fluid. No simulation: positions come with the data.
 *
 * React owns the elements (canvas, buttons, tooltip); d3-scale sizes the dots; d3-zoom pans and zooms
 * the canvas; d3-quadtree finds the channel under the pointer. Drawing is imperative and screen-space, at
 * most once per animation frame: links faint (more opaque the heavier), the selected channel's strong,
 * dots coloured by community (dimmed when a filter leaves them out), then labels of the biggest channels
 * placed without overlaps, again after every zoom.
 */
import { useCallback, useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { max } from 'd3-array';
import { quadtree } from 'd3-quadtree';
import { scaleSqrt } from 'd3-scale';
import { pointer, select } from 'd3-selection';
import { zoom, zoomIdentity } from 'd3-zoom';
import { downloadBlob, LABEL_HEIGHT, labelText, placeLabels } from '../lib/atlas.js';
import { formatCount } from '../lib/format.js';
import { communityColour } from '../lib/palette.js';
import { exposeForTests } from './exposeForTests.js';
import { onViewKey, ViewControls } from './ViewControls.jsx';

const BACKGROUND = '#ffffff';
// Links by weight, lightest to heaviest: five buckets of equal counts, one path each, each the slate of
// its opacity over white but opaque, drawn lightest first: where thousands of links cross, the picture
// shows the heaviest of them instead of adding them up to black. Hairlines (1 px at most) and plain
// source-over drawing: the fast path of Chromium's software canvas (wider lines or a blend mode make
// 20,000 links take a second).
const LINK_OPACITIES = [0.08, 0.13, 0.2, 0.3, 0.45];
/** The colour `rgb` at `opacity` over white, as an opaque colour. */
function shadeOf(rgb) {
  return (opacity) => {
    const [r, g, b] = rgb.map((c) => Math.round(255 - opacity * (255 - c)));
    return `rgb(${r}, ${g}, ${b})`;
  };
}
const LINK_SHADES = LINK_OPACITIES.map(shadeOf([51, 65, 85]));
// The selected channel's links: near-black shades, darker the heavier (by the same buckets), opaque
// too. Black and white are no community's colours.
const SELECTED_LINK_SHADES = [0.4, 0.52, 0.64, 0.78, 0.92].map(shadeOf([15, 23, 42]));
const SELECTED_RING = '#0f172a';
const HOVER_RING = '#475569';
const NODE_EDGE = 'rgba(255, 255, 255, 0.85)';
const EDGE_MIN_RADIUS = 6;
const DIMMED_ALPHA = 0.14;
const TEXT_COLOUR = '#0f172a';
const HALO_COLOUR = 'rgba(255, 255, 255, 0.92)';
const FONT = '12px system-ui, -apple-system, "Segoe UI", "Noto Sans CJK KR", sans-serif';
const FIT_PADDING = 12;
const ZOOM_RANGE = [0.5, 60]; // relative to the fitted scale
const CENTRE_ZOOM = 3; // centring on a channel zooms in at least this far (relative to the fit)
const HIT_SLOP = 5;
const LABEL_AREA = 11_000; // one label at most per this many square pixels of map
const MOVING_LINKS = 4000; // links drawn while the view moves (the heaviest)
const SETTLE_MS = 150; // the view has stopped moving this long after its last step
const LABEL_CANDIDATES = 600; // the biggest channels on screen that may get a label, per frame

/**
 * @typedef {import('../api/endpoints.js').AtlasNode} AtlasNode
 * @typedef {import('../api/endpoints.js').AtlasLink} AtlasLink
 * @typedef {{node: AtlasNode, login: string, x: number, y: number, r: number, colour: string}} MapItem
 *   x, y: the server's layout; r: the dot's radius in pixels at the fitted scale
 * @typedef {{items: MapItem[], byLogin: Map<string, number>, sources: Int32Array, targets: Int32Array,
 *   bucketEnds: number[], adjacency: Map<number, number[]>, maxR: number,
 *   tree: import('d3-quadtree').Quadtree<MapItem>}} MapLayout links sorted lightest first,
 *   `bucketEnds[b]` where bucket b ends
 * @typedef {{mode: 'fit'}|{mode: 'centre', login: string, zoom: number}|{mode: 'free'}} MapView what the
 *   view follows: the fit, a channel at the centre (`zoom` times the fitted scale), or the user's moves
 */

/**
 * @param {{
 *   nodes: AtlasNode[],
 *   links: AtlasLink[],
 *   width: number,
 *   height: number,
 *   description: string,
 *   communityLabel: (id: number) => string,
 *   selected?: string|null,
 *   dimmed?: Set<string>,
 *   centre?: {login: string|null}|null,
 *   onSelect?: (login: string) => void,
 *   name?: string,
 * }} props `centre`: a new object centres the view on its channel (a search picked it); `dimmed`: the
 *   logins a filter leaves out
 */
export function AtlasMap({
  nodes,
  links,
  width,
  height,
  description,
  communityLabel,
  selected = null,
  dimmed = EMPTY_SET,
  centre = null,
  onSelect,
  name = 'atlas',
}) {
  const canvasRef = useRef(null);
  const zoomRef = useRef(null);
  const transformRef = useRef(zoomIdentity);
  // What the view follows when the size or the data change: the fit, a centred channel, or the user.
  const viewRef = useRef(/** @type {MapView} */ ({ mode: 'fit' }));
  const hoverRef = useRef(null);
  const frameRef = useRef(0);
  const drawRef = useRef(() => {});
  const statsRef = useRef({ firstDrawnAt: null, frames: 0, lastDrawMs: 0, labels: [] });
  const widthCache = useRef(new Map());
  const linksRef = useRef(null); // the links layer: {canvas, layout, dimmed, key}
  const motionRef = useRef({ at: -Infinity, timer: 0, stepping: false });
  const [hover, setHover] = useState(null);

  const maxRadius = Math.max(7, Math.min(17, Math.min(width, height) / 40));
  const layout = useMemo(() => mapLayout(nodes, links, maxRadius), [nodes, links, maxRadius]);
  const fit = useMemo(() => fitTransform(layout, width, height, dimmed), [layout, width, height, dimmed]);
  // What the drawing and the test handle read: the latest committed props.
  const currentRef = useRef({ layout, fit, selected, dimmed, width, height });
  useLayoutEffect(() => {
    currentRef.current = { layout, fit, selected, dimmed, width, height };
  }, [layout, fit, selected, dimmed, width, height]);

  const requestDraw = useCallback(() => {
    if (frameRef.current) return;
    frameRef.current = requestAnimationFrame(() => {
      frameRef.current = 0;
      drawRef.current();
    });
  }, []);

  useLayoutEffect(() => {
    drawRef.current = () => {
      const context = canvasRef.current?.getContext?.('2d');
      if (!context) return;
      linksRef.current = linksRef.current ?? { canvas: document.createElement('canvas') };
      const started = performance.now();
      const stats = statsRef.current;
      const ratio = window.devicePixelRatio || 1;
      const { layout: now, fit: fitted, selected: chosen, dimmed: out } = currentRef.current;
      stats.labels = drawMap(context, now, {
        t: transformRef.current,
        fitK: fitted.k,
        ratio,
        width,
        height,
        selected: chosen,
        hover: hoverRef.current,
        dimmed: out,
        moving: performance.now() - motionRef.current.at < SETTLE_MS,
        cache: linksRef.current,
        measure: (text) => {
          let w = widthCache.current.get(text);
          if (w === undefined) {
            context.font = FONT;
            w = context.measureText(text).width;
            widthCache.current.set(text, w);
          }
          return w;
        },
      });
      stats.frames += 1;
      stats.lastDrawMs = performance.now() - started;
      if (now.items.length && stats.firstDrawnAt === null) {
        stats.firstDrawnAt = performance.now();
        performance.mark?.(`twitchgraph:first-map:${name}`);
      }
    };
  }, [width, height, name]);

  // d3-zoom on the canvas: wheel and pinch zoom, drag pans.
  useEffect(() => {
    const selection = select(canvasRef.current);
    const behaviour = zoom().on('zoom', (event) => {
      transformRef.current = event.transform;
      // The user moving the view (a gesture, a key, a button): a frame with the lighter picture now, the
      // full one once the view has stopped for SETTLE_MS. Fits and centring jump: full pictures.
      const motion = motionRef.current;
      if (event.sourceEvent || motion.stepping) {
        motion.at = performance.now();
        window.clearTimeout(motion.timer);
        motion.timer = window.setTimeout(requestDraw, SETTLE_MS + 10);
      }
      if (event.sourceEvent) {
        viewRef.current = { mode: 'free' };
        hoverRef.current = null;
        setHover(null);
      }
      requestDraw();
    });
    selection.call(behaviour).on('dblclick.zoom', null);
    zoomRef.current = behaviour;
    return () => {
      selection.on('.zoom', null);
      zoomRef.current = null;
    };
  }, [requestDraw]);

  /** Show the view `viewRef` asks for, at the current size and data (nothing to do when it is free). */
  const applyView = useEffectEvent(() => {
    const behaviour = zoomRef.current;
    const view = viewRef.current;
    if (!behaviour || view.mode === 'free') return;
    const { layout: now, fit: fitted } = currentRef.current;
    let target = fitted;
    if (view.mode === 'centre') {
      const item = now.items[now.byLogin.get(view.login)];
      if (!item) return;
      const k = fitted.k * view.zoom;
      target = zoomIdentity.translate(width / 2 - k * item.x, height / 2 - k * item.y).scale(k);
    }
    select(canvasRef.current).call(behaviour.transform, target);
  });

  // A new size or new data: the zoom's range follows the fitted scale, and the view is shown again
  // unless the user has moved it (the layout is stable across reloads: a moved view shows the same places).
  useEffect(() => {
    const behaviour = zoomRef.current;
    if (!behaviour) return;
    behaviour.scaleExtent([fit.k * ZOOM_RANGE[0], fit.k * ZOOM_RANGE[1]]);
    applyView();
    requestDraw();
  }, [fit, requestDraw]);

  // Centre on the channel a search picked (and on the one the URL names when the map opens), zoomed in.
  useEffect(() => {
    const login = centre?.login;
    if (!login || !currentRef.current.layout.byLogin.has(login)) return;
    const zoomNow = transformRef.current.k / currentRef.current.fit.k;
    viewRef.current = { mode: 'centre', login, zoom: Math.max(zoomNow, CENTRE_ZOOM) };
    applyView();
  }, [centre]);

  useEffect(() => {
    requestDraw();
  }, [layout, selected, dimmed, width, height, requestDraw]);

  useEffect(
    () =>
      exposeForTests(name, {
        nodeCount: () => currentRef.current.layout.items.length,
        /** Every channel as drawn: its community and colour, where it is (CSS pixels from the canvas's corner). */
        nodes: () => {
          const { layout: now, fit: fitted, dimmed: out } = currentRef.current;
          const t = transformRef.current;
          const grow = radiusGrowth(t.k / fitted.k);
          return now.items.map((item) => ({
            login: item.login,
            community: item.node.community,
            colour: item.colour,
            x: t.applyX(item.x),
            y: t.applyY(item.y),
            r: item.r * grow,
            dimmed: out.has(item.login),
          }));
        },
        position: (login) => {
          const { layout: now, fit: fitted } = currentRef.current;
          const index = now.byLogin.get(login);
          if (index === undefined) return null;
          const item = now.items[index];
          const t = transformRef.current;
          return { x: t.applyX(item.x), y: t.applyY(item.y), r: item.r * radiusGrowth(t.k / fitted.k) };
        },
        /** The labels of the last frame: login, text and box (CSS pixels). */
        labels: () => statsRef.current.labels.map(({ key, text, box }) => ({ login: key, text, box })),
        selected: () => currentRef.current.selected,
        zoom: () => transformRef.current.k / currentRef.current.fit.k,
        firstDrawnAt: () => statsRef.current.firstDrawnAt,
        frames: () => statsRef.current.frames,
        lastDrawMs: () => statsRef.current.lastDrawMs,
      }),
    [name],
  );

  useEffect(
    () => () => {
      cancelAnimationFrame(frameRef.current);
      window.clearTimeout(motionRef.current.timer);
    },
    [],
  );

  /** The channel under a point of the canvas (CSS pixels), or null. */
  const itemAt = (px, py) => {
    const t = transformRef.current;
    const grow = radiusGrowth(t.k / fit.k);
    const [x, y] = t.invert([px, py]);
    const found = layout.tree.find(x, y, (layout.maxR * grow + HIT_SLOP) / t.k);
    if (!found) return null;
    const distance = Math.hypot(t.applyX(found.x) - px, t.applyY(found.y) - py);
    return distance <= found.r * grow + HIT_SLOP ? found : null;
  };

  const onPointerMove = (event) => {
    const [x, y] = pointer(event, canvasRef.current);
    const item = itemAt(x, y);
    if (item !== hoverRef.current) {
      hoverRef.current = item;
      requestDraw();
    }
    setHover(item ? { item, x, y } : null);
  };
  const onPointerLeave = () => {
    hoverRef.current = null;
    setHover(null);
    requestDraw();
  };
  const onClick = (event) => {
    const [x, y] = pointer(event, canvasRef.current);
    const item = itemAt(x, y);
    if (item) onSelect?.(item.login);
  };
  /** Move the view by a step of the user's (a key or a button). */
  const step = (move) => {
    viewRef.current = { mode: 'free' };
    motionRef.current.stepping = true;
    try {
      move(select(canvasRef.current), zoomRef.current);
    } finally {
      motionRef.current.stepping = false;
    }
  };
  const zoomBy = (factor) => step((canvas, behaviour) => canvas.call(behaviour.scaleBy, factor));
  const panBy = (dx, dy) => {
    const { k } = transformRef.current;
    step((canvas, behaviour) => canvas.call(behaviour.translateBy, dx / k, dy / k));
  };
  const refit = () => {
    viewRef.current = { mode: 'fit' };
    select(canvasRef.current).call(zoomRef.current.transform, fit);
  };
  const savePng = () => {
    canvasRef.current?.toBlob?.((blob) => {
      if (blob) downloadBlob(blob, 'twitchgraph-atlas.png');
    }, 'image/png');
  };
  const onKeyDown = (event) => onViewKey(event, { zoomBy, panBy, fit: refit });

  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  return (
    <div className="atlas-map" style={{ height }}>
      <canvas
        ref={canvasRef}
        width={Math.round(width * ratio)}
        height={Math.round(height * ratio)}
        style={{ width, height, cursor: hover ? 'pointer' : 'grab' }}
        role="application"
        aria-roledescription="map"
        aria-label={description}
        aria-describedby={`${name}-map-keys`}
        tabIndex={0}
        data-node-count={nodes.length}
        data-link-count={links.length}
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
        onClick={onClick}
        onKeyDown={onKeyDown}
      />
      <p id={`${name}-map-keys`} className="visually-hidden">
        Keys: plus and minus zoom, arrows pan, 0 fits the map. The channel search above selects a channel.
      </p>
      <ViewControls zoomBy={zoomBy} fit={refit} fitTitle="Fit the map (0)">
        <button
          type="button"
          onClick={savePng}
          aria-label="Download PNG"
          title="Download the map as a PNG image"
        >
          PNG
        </button>
      </ViewControls>
      {hover && (
        <div className="graph-tooltip" style={tooltipPosition(hover, width, height)} aria-hidden="true">
          <MapTooltip node={hover.item.node} communityLabel={communityLabel} />
        </div>
      )}
    </div>
  );
}

const EMPTY_SET = new Set();

/** @param {{node: AtlasNode, communityLabel: (id: number) => string}} props */
function MapTooltip({ node, communityLabel }) {
  return (
    <>
      <strong>{node.name}</strong>
      {node.login !== node.name.toLowerCase() && <span className="muted"> @{node.login}</span>}
      <div>{formatCount(node.audience)} chatters</div>
      <div>
        <span className="swatch" style={{ background: communityColour(node.community) }} aria-hidden="true" />{' '}
        {communityLabel(node.community)}
      </div>
      {(node.game || node.language) && (
        <div className="muted">{[node.game, node.language].filter(Boolean).join(' · ')}</div>
      )}
    </>
  );
}

/**
 * What drawing needs, computed once per answer: dots sized by audience (as area) and coloured by
 * community, links as index pairs sorted into weight buckets, each channel's links, a quadtree.
 * @param {AtlasNode[]} nodes
 * @param {AtlasLink[]} links
 * @param {number} maxRadius the biggest dot's radius at the fitted scale
 * @returns {MapLayout}
 */
export function mapLayout(nodes, links, maxRadius) {
  const radius = scaleSqrt()
    .domain([0, max(nodes, (node) => node.audience) || 1])
    .range([1.5, maxRadius])
    .clamp(true);
  // Biggest first: labels go to them first, and smaller dots are drawn over bigger ones.
  const ordered = [...nodes].sort((a, b) => b.audience - a.audience || a.login.localeCompare(b.login));
  const items = ordered.map((node) => ({
    node,
    login: node.login,
    x: node.x,
    y: node.y,
    r: radius(node.audience),
    colour: communityColour(node.community),
  }));
  const byLogin = new Map(items.map((item, i) => [item.login, i]));
  const known = links.filter((link) => byLogin.has(link.source) && byLogin.has(link.target));
  const sorted = known.map((link) => link.weight).sort((a, b) => a - b);
  const buckets = LINK_SHADES.length;
  // Equal-count buckets by the weights' ranks: the same picture whether weights are counts or ratios.
  const cuts = Array.from(
    { length: buckets - 1 },
    (_, b) => sorted[Math.floor(((b + 1) * sorted.length) / buckets)],
  );
  const bucketOf = (weight) => {
    let b = 0;
    while (b < cuts.length && weight >= cuts[b]) b += 1;
    return b;
  };
  const byBucket = Array.from({ length: buckets }, () => []);
  for (const link of known) byBucket[bucketOf(link.weight)].push(link);
  const sources = new Int32Array(known.length);
  const targets = new Int32Array(known.length);
  const bucketEnds = [];
  const adjacency = new Map();
  let i = 0;
  for (const group of byBucket) {
    for (const link of group) {
      const s = byLogin.get(link.source);
      const t = byLogin.get(link.target);
      sources[i] = s;
      targets[i] = t;
      if (!adjacency.has(s)) adjacency.set(s, []);
      if (!adjacency.has(t)) adjacency.set(t, []);
      adjacency.get(s).push(i);
      adjacency.get(t).push(i);
      i += 1;
    }
    bucketEnds.push(i);
  }
  const tree = quadtree(
    items,
    (item) => item.x,
    (item) => item.y,
  );
  return { items, byLogin, sources, targets, bucketEnds, adjacency, maxR: maxRadius, tree };
}

/**
 * The transform that shows the channels in focus with room for the biggest dots: those the filters keep
 * (all without filters), and of those the linked ones when there are any (a channel with no link may
 * lie anywhere; it says nothing about the others).
 * @param {MapLayout} layout
 * @param {Set<string>} [dimmed]
 */
export function fitTransform(layout, width, height, dimmed = EMPTY_SET) {
  const kept = layout.items.filter((item) => !dimmed.has(item.login));
  const linked = kept.filter((item) => item.node.community >= 0);
  const focus = linked.length ? linked : kept.length ? kept : layout.items;
  let [x0, y0, x1, y1] = [-1, -1, 1, 1];
  if (focus.length) {
    [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const item of focus) {
      x0 = Math.min(x0, item.x);
      y0 = Math.min(y0, item.y);
      x1 = Math.max(x1, item.x);
      y1 = Math.max(y1, item.y);
    }
  }
  const pad = FIT_PADDING + layout.maxR;
  const k = Math.max(
    1e-6,
    Math.min((width - 2 * pad) / Math.max(x1 - x0, 0.05), (height - 2 * pad) / Math.max(y1 - y0, 0.05)),
  );
  return zoomIdentity.translate(width / 2 - (k * (x0 + x1)) / 2, height / 2 - (k * (y0 + y1)) / 2).scale(k);
}

/** How much the dots grow with the zoom (`relative`: the scale over the fitted one): slower than it. */
export function radiusGrowth(relative) {
  return relative >= 1 ? Math.sqrt(relative) : relative;
}

function tooltipPosition({ x, y }, width, height) {
  const left = x + 14 > width - 240 ? Math.max(4, x - 250) : x + 14;
  const top = y + 14 > height - 120 ? Math.max(4, y - 110) : y + 14;
  return { left, top };
}

/**
 * One frame, in screen space: links by weight bucket (from `cache`, a layer drawn again only when the
 * view, data or filters changed; while `moving`, the heaviest MOVING_LINKS only), the selected channel's
 * links, dots by colour (dimmed ones first, faint), rings, then labels.
 * @returns {import('../lib/atlas.js').PlacedLabel[]} the labels drawn
 */
function drawMap(
  context,
  layout,
  { t, fitK, ratio, width, height, selected, hover, dimmed, measure, moving, cache },
) {
  const { items, sources, targets, bucketEnds, adjacency } = layout;
  const n = items.length;
  const grow = radiusGrowth(t.k / fitK);
  const sx = new Float32Array(n);
  const sy = new Float32Array(n);
  const out = new Uint8Array(n); // 1: dimmed
  for (let i = 0; i < n; i += 1) {
    sx[i] = t.applyX(items[i].x);
    sy[i] = t.applyY(items[i].y);
    if (dimmed.size && dimmed.has(items[i].login)) out[i] = 1;
  }
  const offScreen = (a, b) =>
    (sx[a] < 0 && sx[b] < 0) ||
    (sx[a] > width && sx[b] > width) ||
    (sy[a] < 0 && sy[b] < 0) ||
    (sy[a] > height && sy[b] > height);

  // The links (and the background) come from a layer kept while the view, the data and the filters stay
  // the same: hovering and selecting redraw only what is above it.
  const key = `${t.x},${t.y},${t.k}|${width}x${height}@${ratio}|${moving}`;
  if (cache.layout !== layout || cache.dimmed !== dimmed || cache.key !== key) {
    const layer = cache.canvas;
    layer.width = Math.round(width * ratio);
    layer.height = Math.round(height * ratio);
    const links = layer.getContext('2d');
    links.setTransform(ratio, 0, 0, ratio, 0, 0);
    links.fillStyle = BACKGROUND;
    links.fillRect(0, 0, width, height);
    links.lineWidth = 0.8;
    // While the view moves, only the heaviest links (the last ones): the full picture when it stops.
    const first = moving ? Math.max(0, sources.length - MOVING_LINKS) : 0;
    let start = 0;
    bucketEnds.forEach((end, bucket) => {
      links.beginPath();
      for (let i = Math.max(start, first); i < end; i += 1) {
        const a = sources[i];
        const b = targets[i];
        if (out[a] || out[b] || offScreen(a, b)) continue;
        links.moveTo(sx[a], sy[a]);
        links.lineTo(sx[b], sy[b]);
      }
      links.strokeStyle = LINK_SHADES[bucket];
      links.stroke();
      start = end;
    });
    Object.assign(cache, { layout, dimmed, key });
  }
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.globalAlpha = 1;
  context.drawImage(cache.canvas, 0, 0);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);

  const chosen = selected === null ? undefined : layout.byLogin.get(selected);
  if (chosen !== undefined) {
    const mine = adjacency.get(chosen) ?? []; // ascending, so bucket by bucket
    let next = 0;
    context.lineWidth = 1;
    bucketEnds.forEach((end, bucket) => {
      context.beginPath();
      for (; next < mine.length && mine[next] < end; next += 1) {
        const i = mine[next];
        context.moveTo(sx[sources[i]], sy[sources[i]]);
        context.lineTo(sx[targets[i]], sy[targets[i]]);
      }
      context.strokeStyle = SELECTED_LINK_SHADES[bucket];
      context.stroke();
    });
  }

  const visible = (i, r) => sx[i] + r >= 0 && sx[i] - r <= width && sy[i] + r >= 0 && sy[i] - r <= height;
  const drawDots = (keep, alpha) => {
    const byColour = new Map();
    for (let i = 0; i < n; i += 1) {
      if (!keep(i) || !visible(i, items[i].r * grow)) continue;
      const colour = items[i].colour;
      if (!byColour.has(colour)) byColour.set(colour, []);
      byColour.get(colour).push(i);
    }
    context.globalAlpha = alpha;
    const edged = [];
    for (const [colour, group] of byColour) {
      context.beginPath();
      for (const i of group) {
        const r = items[i].r * grow;
        context.moveTo(sx[i] + r, sy[i]);
        context.arc(sx[i], sy[i], r, 0, 2 * Math.PI);
        if (r >= EDGE_MIN_RADIUS) edged.push(i);
      }
      context.fillStyle = colour;
      context.fill();
    }
    // A white rim on the bigger dots sets them apart where they overlap (on small ones it would hide them).
    context.beginPath();
    for (const i of edged) {
      const r = items[i].r * grow;
      context.moveTo(sx[i] + r, sy[i]);
      context.arc(sx[i], sy[i], r, 0, 2 * Math.PI);
    }
    context.lineWidth = 0.75;
    context.strokeStyle = NODE_EDGE;
    context.stroke();
    context.globalAlpha = 1;
  };
  drawDots((i) => out[i] === 1, DIMMED_ALPHA);
  drawDots((i) => out[i] === 0, 1);

  const ring = (item, colour, lineWidth, gap) => {
    const i = layout.byLogin.get(item.login);
    context.beginPath();
    context.arc(sx[i], sy[i], item.r * grow + gap, 0, 2 * Math.PI);
    context.strokeStyle = HALO_COLOUR;
    context.lineWidth = lineWidth + 3;
    context.stroke();
    context.strokeStyle = colour;
    context.lineWidth = lineWidth;
    context.stroke();
  };
  if (chosen !== undefined) ring(items[chosen], SELECTED_RING, 2.5, 3);
  if (hover && hover.login !== selected) ring(hover, HOVER_RING, 2, 2);

  // Labels: the selected and hovered channels first, then the biggest on screen and not dimmed.
  const hovered = hover ? layout.byLogin.get(hover.login) : undefined;
  const wish = (i, pinned) => ({
    key: items[i].login,
    x: sx[i],
    y: sy[i] + items[i].r * grow + 2,
    text: labelText(items[i].node.name),
    size: items[i].node.audience,
    pinned,
    dot: { x: sx[i], y: sy[i], r: items[i].r * grow },
  });
  const wishes = [chosen, hovered].filter((i) => i !== undefined).map((i) => wish(i, true));
  for (let i = 0; i < n && wishes.length < LABEL_CANDIDATES; i += 1) {
    if (i === chosen || i === hovered || out[i] || !visible(i, 0)) continue;
    wishes.push(wish(i, false));
  }
  const limit = Math.max(6, Math.round((width * height) / LABEL_AREA));
  const placed = placeLabels(wishes, measure, { width, height, limit, lineHeight: LABEL_HEIGHT });
  context.font = FONT;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  context.lineJoin = 'round';
  context.lineWidth = 3;
  context.strokeStyle = HALO_COLOUR;
  context.fillStyle = TEXT_COLOUR;
  for (const label of placed) {
    context.strokeText(label.text, label.x, label.y);
    context.fillText(label.text, label.x, label.y);
  }
  return placed;
}
