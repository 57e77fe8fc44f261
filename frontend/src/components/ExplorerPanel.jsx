/**
 * Streamer explorer: find a streamer, see its neighbourhood as a force-directed graph, expand any node.
 * While it shows a streamer, the chatters the API's stream writes into that channel join the graph as
 * they arrive (from `/events`), highlighted for a few seconds; a button pauses that.
 * URL: ?panel=explorer&streamer=<login, display name or node id>&expand=<id>&expand=<id>[&limit=N]
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { getOverlap, getRanking, searchStreamers } from '../api/endpoints.js';
import { STREAMERS_BY_FOLLOWERS } from '../api/rankings.js';
import { ForceGraph } from '../charts/ForceGraph.jsx';
import { Legend } from '../charts/Legend.jsx';
import { useApi } from '../hooks/useApi.js';
import { EXPAND_LIMIT, ROOT_LIMIT, useExplorerGraph } from '../hooks/useExplorerGraph.js';
import { useEvents } from '../hooks/useEvents.js';
import { useFoldHeight } from '../hooks/useFoldHeight.js';
import { useParentSize } from '../hooks/useParentSize.js';
import { useResetState } from '../hooks/useResetState.js';
import { navigate, useUrlParams } from '../hooks/useUrlState.js';
import { formatCount, formatPercent } from '../lib/format.js';
import {
  countByLabel,
  countByType,
  graphArrays,
  growthKey,
  LIVE_HIGHLIGHT_MS,
  liveHighlights,
} from '../lib/graph.js';
import { groupName, LABEL_NAMES } from '../lib/labels.js';
import { Combobox } from './Combobox.jsx';
import { Link } from './Link.jsx';
import { NodeList } from './NodeList.jsx';
import { PanelHeading } from './PanelHeading.jsx';
import { Empty, ErrorMessage, Loading } from './Status.jsx';

const SEARCH_RESULTS = 8;
const SUGGESTIONS = 6;
const MAX_LIMIT = 1000;
const FEW = 3; // a group this small shows its members' names
/** The order of a channel's chatters (the API's, backend/graph/queries.py CHATTERS_PAGE), in words. */
export const CHATTER_ORDER = 'most active across channels first';
export const IN_COMMON = 5; // channels in common on a streamer's card

/** ?limit= per relationship group, within what the API accepts. */
function parseLimit(text) {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= MAX_LIMIT ? n : ROOT_LIMIT;
}

export function ExplorerPanel() {
  const params = useUrlParams();
  const rootKey = params.get('streamer');
  // ?limit= (1 to 1000) sets how many neighbours per relationship to fetch, for the root and expansions.
  const limit = parseLimit(params.get('limit'));
  const expandLimit = params.has('limit') ? limit : EXPAND_LIMIT;
  const expandParam = params.getAll('expand');
  const onExpanded = useCallback((ids) => navigate({ expand: ids.slice(1) }, { replace: true }), []);
  const explorer = useExplorerGraph(rootKey, { expand: expandParam, limit, expandLimit, onExpanded });

  useEffect(() => {
    const rootName = explorer.graph.details.get(explorer.rootId)?.name;
    document.title = rootName
      ? `${rootName} · Streamer explorer · twitchgraph`
      : 'Streamer explorer · twitchgraph';
  }, [explorer.graph, explorer.rootId]);

  return (
    <section className="panel" aria-labelledby="panel-title">
      <PanelHeading title="Streamer explorer">
        A streamer with its game, language, team, VIPs, moderators and chatters. Click a node to expand it.
      </PanelHeading>
      <div className="toolbar">
        <Combobox
          label="Find a streamer"
          inputId="streamer-search"
          placeholder="login or display name"
          loadOptions={(text, signal) => searchStreamers(text, SEARCH_RESULTS, signal)}
          optionKey={(option) => option.login}
          optionText={(option) => option.name}
          renderOption={(option) => (
            <span className="search-option">
              <span>
                {option.name}
                {option.login !== option.name.toLowerCase() && (
                  <span className="muted"> @{option.login}</span>
                )}
              </span>
              <span className="muted">{formatCount(option.followers)} followers</span>
            </span>
          )}
          noMatch={(text) => `No streamer’s login or name contains “${text}”.`}
          onSelect={(option) => navigate({ streamer: option.login, expand: null })}
        />
      </div>
      <ExplorerBody explorer={explorer} rootKey={rootKey} />
    </section>
  );
}

function ExplorerBody({ explorer, rootKey }) {
  if (!rootKey) return <Suggestions />;
  if (explorer.status === 'error') {
    const notFound = explorer.error?.status === 404;
    return (
      <ErrorMessage
        error={
          notFound
            ? new Error(`Nothing in the graph is called “${rootKey}”. Try the search box.`)
            : explorer.error
        }
        what={notFound ? 'that streamer' : 'the neighbourhood'}
        onRetry={notFound ? undefined : explorer.retry}
      />
    );
  }
  if (explorer.status !== 'ready') return <Loading>Loading the neighbourhood of {rootKey}…</Loading>;
  return <ExplorerGraph explorer={explorer} />;
}

/** With no streamer chosen: the biggest channels, one click away. */
function Suggestions() {
  const state = useApi('suggestions', (signal) => getRanking(STREAMERS_BY_FOLLOWERS, SUGGESTIONS, signal));
  return (
    <div className="card suggestions">
      <p>Search for a streamer above, or start from one of the biggest channels:</p>
      {state.error && <ErrorMessage error={state.error} onRetry={state.reload} what="suggestions" />}
      {state.loading && <Loading>Loading suggestions…</Loading>}
      {state.data && state.data.length === 0 && (
        <Empty>The graph has no streamer yet: load some data first.</Empty>
      )}
      {state.data && state.data.length > 0 && (
        <ul className="chips">
          {state.data.map((row) => (
            <li key={row.name}>
              <Link className="chip" to={{ streamer: row.name, expand: null }}>
                {row.name}{' '}
                <span className="muted">
                  {formatCount(row.value)} {row.value === 1 ? 'follower' : 'followers'}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ExplorerGraph({ explorer }) {
  const { graph, rootId, pending, expandNode, loadMore, actionError, live, liveCount, addLiveChatters } =
    explorer;
  const [selectedId, setSelectedId] = useResetState(rootId); // a new root is selected
  const [focusId, setFocusId] = useState(null);
  const [paused, setPaused] = useState(false);
  const root = graph.details.get(rootId);
  const channel = root?.label === 'Stream' ? root.login : null; // chatters events name it by login
  const connection = useEvents(
    (type, data) => {
      if (type === 'chatters' && !paused && data.channel === channel) addLiveChatters(data);
    },
    { enabled: channel != null },
  );
  const highlight = useMemo(() => liveHighlights(live), [live]);
  const { ref, width, height } = useParentSize({ initialWidth: 800, initialHeight: 560 });
  const foldHeight = useFoldHeight(ref);
  const { nodes, links } = useMemo(() => graphArrays(graph), [graph]);
  const counts = useMemo(() => countByLabel(nodes), [nodes]);
  const linkCounts = useMemo(() => countByType(links), [links]);
  const fitKey = useMemo(() => growthKey(graph), [graph]);
  const emphasis = useMemo(() => new Set(graph.expanded), [graph.expanded]);

  const activate = useCallback(
    (node) => {
      setSelectedId(node.id);
      expandNode(node.id);
    },
    [expandNode, setSelectedId],
  );

  const description =
    `Graph of ${nodes.length} nodes and ${links.length} links: ${root?.name ?? ''} and its neighbours. ` +
    'Every node is also in the list beside the graph.';
  return (
    <div className="explorer">
      <div className="graph-column">
        <div className="graph-bar">
          <Legend counts={counts} linkCounts={linkCounts} />
          <p className="muted graph-hint">
            Drag to move · scroll or pinch to zoom · click a node to expand it
          </p>
        </div>
        {channel && (
          <LiveLine
            count={liveCount}
            connection={connection}
            paused={paused}
            onToggle={() => setPaused((was) => !was)}
          />
        )}
        <div ref={ref} className="graph-area" style={foldHeight ? { height: foldHeight } : undefined}>
          <ForceGraph
            name="explorer"
            nodes={nodes}
            links={links}
            width={width}
            height={height}
            description={description}
            emphasis={emphasis}
            highlight={highlight}
            highlightMs={LIVE_HIGHLIGHT_MS}
            focusId={focusId}
            fitKey={fitKey}
            onActivate={activate}
            renderDetails={(node) => <NodeTooltip node={node} graph={graph} pending={pending} />}
          />
        </div>
        <p className="visually-hidden" role="status">
          {`${nodes.length} nodes on the graph${pending.length ? ', loading more' : ''}.`}
        </p>
        {actionError && (
          <ErrorMessage
            error={actionError.error}
            what={`the neighbours of ${graph.nodes.get(actionError.id)?.name ?? actionError.id}`}
          />
        )}
      </div>
      <aside className="explorer-side" aria-label="Nodes of the graph">
        <SelectedNode
          id={selectedId}
          graph={graph}
          rootId={rootId}
          pending={pending}
          onExpand={() => expandNode(selectedId)}
          onMore={(group) => loadMore(selectedId, group)}
        />
        <h3 className="side-heading">All nodes</h3>
        <NodeList
          name="explorer"
          nodes={nodes}
          expanded={graph.expanded}
          pending={pending}
          selectedId={selectedId}
          onActivate={activate}
          onFocusNode={setFocusId}
        />
      </aside>
    </div>
  );
}

const LIVE_STATE = {
  connecting: 'connecting to live updates…',
  reconnecting: 'live updates lost, reconnecting…',
  unsupported: 'no live updates in this browser',
};

/** How many chatters arrived live, where the connection stands, and a pause switch. */
function LiveLine({ count, connection, paused, onToggle }) {
  const state = paused ? 'paused' : (LIVE_STATE[connection] ?? null);
  return (
    <div className="explorer-live" data-testid="explorer-live" data-state={paused ? 'paused' : connection}>
      <span
        className={`live-dot live-dot--${connection === 'open' && !paused ? 'on' : 'off'}`}
        aria-hidden="true"
      />
      <span role="status">
        {formatCount(count)} new {count === 1 ? 'chatter' : 'chatters'} live
        {state && <span className="muted"> · {state}</span>}
      </span>
      {connection !== 'unsupported' && (
        <button type="button" className="button button--small" aria-pressed={paused} onClick={onToggle}>
          {paused ? 'Resume' : 'Pause'}
        </button>
      )}
    </div>
  );
}

function NodeTooltip({ node, graph, pending }) {
  const expanded = graph.expanded.includes(node.id);
  const groups = graph.groups.get(node.id) ?? [];
  return (
    <>
      <strong>{node.name}</strong>
      <span className="muted">
        {' '}
        {LABEL_NAMES[node.label] ?? node.label}
        {node.login && node.login !== node.name ? ` · @${node.login}` : ''}
      </span>
      {node.followers != null && <div>{formatCount(node.followers)} followers</div>}
      {expanded ? (
        <ul className="tooltip-groups">
          {groups.map((group) => (
            <li key={`${group.type}-${group.direction}`}>
              {groupName(group.type, group.direction)}: {formatCount(group.total)}
            </li>
          ))}
        </ul>
      ) : (
        <div className="muted">
          {pending.includes(node.id) ? 'Loading its neighbours…' : 'Click to expand'}
        </div>
      )}
    </>
  );
}

/** The selected node: what it is, its neighbour groups with their totals, and more of each. */
function SelectedNode({ id, graph, rootId, pending, onExpand, onMore }) {
  const node = graph.nodes.get(id) ?? graph.details.get(id);
  if (!node) return null;
  const details = graph.details.get(id);
  const groups = graph.groups.get(id);
  const isPending = pending.includes(id);
  return (
    <div className="card selected-node">
      <h3>
        {node.name} <span className="badge">{LABEL_NAMES[node.label] ?? node.label}</span>
      </h3>
      {details && <NodeFacts details={details} />}
      {groups ? (
        <ul className="groups">
          {groups.map((group) => {
            const key = `${id}\u0000${group.type}`;
            return (
              <li key={`${group.type}-${group.direction}`} data-group={`${group.type}-${group.direction}`}>
                <span>
                  {groupName(group.type, group.direction)}
                  {group.type === 'CHATTER' && group.direction === 'in' && group.total > 1 && (
                    <span className="group-order muted" data-testid="chatter-order">
                      {CHATTER_ORDER}
                    </span>
                  )}
                </span>
                <span className="muted">
                  {group.shown < group.total
                    ? `${formatCount(group.shown)} of ${formatCount(group.total)} shown`
                    : group.total <= FEW
                      ? memberNames(graph, id, group)
                      : formatCount(group.total)}
                </span>
                {group.shown < group.total && (
                  <button
                    type="button"
                    className="button button--small"
                    disabled={pending.includes(key)}
                    onClick={() => onMore(group)}
                  >
                    {pending.includes(key)
                      ? 'Loading…'
                      : `Show ${Math.min(group.limit, group.total - group.shown)} more`}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        <button type="button" className="button" onClick={onExpand} disabled={isPending}>
          {isPending ? 'Loading its neighbours…' : 'Expand'}
        </button>
      )}
      {node.label === 'Stream' && node.login && <ChannelsInCommon login={node.login} />}
      {id !== rootId && (
        <p>
          <Link to={{ streamer: node.label === 'Stream' ? (node.login ?? node.name) : id, expand: null }}>
            Explore from {node.name}
          </Link>
        </p>
      )}
    </div>
  );
}

/**
 * The channels whose chatters are most often also this streamer's (`/overlap`, by share of its audience),
 * each a link to the atlas centred on it.
 */
function ChannelsInCommon({ login }) {
  const state = useApi(`in-common/${login}`, (signal) =>
    getOverlap(login, { metric: 'share', limit: IN_COMMON }, signal),
  );
  return (
    <section className="in-common" aria-labelledby="in-common-title" data-testid="channels-in-common">
      <h4 id="in-common-title">Channels in common</h4>
      {state.loading && <Loading>Loading the channels in common…</Loading>}
      {state.error?.status === 404 && <p className="muted">No chatter seen in this channel yet.</p>}
      {state.error && state.error.status !== 404 && (
        <ErrorMessage error={state.error} onRetry={state.reload} what="the channels in common" />
      )}
      {state.data && state.data.channels.length === 0 && (
        <p className="muted">No other channel has a chatter of this one.</p>
      )}
      {state.data && state.data.channels.length > 0 && (
        <>
          <p className="muted">Share of its chatters also chatting there:</p>
          <ol className="in-common-list">
            {state.data.channels.map((row) => (
              <li key={row.login} data-login={row.login}>
                <Link
                  to={{ panel: 'atlas', channel: row.login }}
                  keep={[]}
                  title={`${row.name} on the atlas`}
                >
                  {row.name}
                </Link>
                <span className="in-common-share">{formatPercent(row.share * 100)}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** The names of a small group's members, from the links of the graph. */
function memberNames(graph, id, group) {
  const names = [];
  for (const link of graph.links.values()) {
    if (link.type !== group.type) continue;
    const other =
      group.direction === 'out' ? link.source === id && link.target : link.target === id && link.source;
    if (other && graph.nodes.has(other)) names.push(graph.nodes.get(other).name);
  }
  return names.join(', ') || formatCount(group.total);
}

function NodeFacts({ details }) {
  const facts = [
    ['Login', details.login && `@${details.login}`],
    ['Followers', details.followers != null && formatCount(details.followers)],
    ['Views', details.views != null && formatCount(details.views)],
    ['Streaming since', details.created_at && details.created_at.slice(0, 10)],
  ].filter(([, value]) => value);
  return (
    <>
      {facts.length > 0 && (
        <dl className="facts">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {details.description && <p className="description">{details.description}</p>}
    </>
  );
}
