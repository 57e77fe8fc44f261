/**
 * Atlas: the biggest channels on one map, placed by the server's layout of their shared audiences and
 * coloured by community. Search, filters (language, game, community), the link threshold and weight,
 * bots in or out; a selected channel's card lists its channels in common by a metric. The map is fetched
 * again when the live events say the graph changed; while the server recomputes it, it answers the
 * previous one marked stale, and the panel asks again every RECHECK_MS until it is current.
 * URL: ?panel=atlas&channel=<login>&language=&game=&community=<id>&min_shared=N&weight=&include_bots=1
 *   &metric=shared|jaccard|share|lift
 */
import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import { scaleLinear } from 'd3-scale';
import { getAtlas, getOverlap } from '../api/endpoints.js';
import { AtlasMap } from '../charts/AtlasMap.jsx';
import { useApi } from '../hooks/useApi.js';
import { useDebounced } from '../hooks/useDebounced.js';
import { useGraphGeneration } from '../hooks/useGraphGeneration.js';
import { useParentSize } from '../hooks/useParentSize.js';
import { useResetState } from '../hooks/useResetState.js';
import { navigate, useUrlParams } from '../hooks/useUrlState.js';
import {
  ATLAS_WEIGHTS,
  atlasCsv,
  dimmedLogins,
  downloadBlob,
  isFiltering,
  OVERLAP_METRICS,
  overlapMetric,
  valuesOf,
} from '../lib/atlas.js';
import { formatCount, formatMoment } from '../lib/format.js';
import { communityColour } from '../lib/palette.js';
import { Combobox } from './Combobox.jsx';
import { Link } from './Link.jsx';
import { PanelHeading } from './PanelHeading.jsx';
import { AsyncView, Empty } from './Status.jsx';

export const RECHECK_MS = 3000;
export const CARD_ROWS = 10;
const MAX_MIN_SHARED = 1_000_000;
const SEARCH_ANY = ''; // the selects' "all" value
// Every key of the atlas's URL state, cleared when a link leaves for another panel.
const ATLAS_KEYS = [
  'channel',
  'language',
  'game',
  'community',
  'min_shared',
  'weight',
  'include_bots',
  'metric',
];
const LEAVE_ATLAS = Object.fromEntries(ATLAS_KEYS.map((key) => [key, null]));

/** A whole number from 1 up, else null. */
function parseMinShared(text) {
  const n = Number(text);
  return text && Number.isInteger(n) && n >= 1 && n <= MAX_MIN_SHARED ? n : null;
}

/** The atlas's options and filters as the URL states them (anything invalid: the default). */
export function atlasState(params) {
  const weight = ATLAS_WEIGHTS.some((w) => w.id === params.get('weight')) ? params.get('weight') : 'shared';
  const community = params.get('community');
  return {
    options: {
      minShared: parseMinShared(params.get('min_shared')),
      weight,
      includeBots: params.get('include_bots') === '1',
    },
    filter: {
      language: params.get('language') || null,
      game: params.get('game') || null,
      community: community !== null && /^-?\d+$/.test(community) ? Number(community) : null,
    },
    channel: params.get('channel') || null,
    metric: overlapMetric(params.get('metric')),
  };
}

export function AtlasPanel() {
  const params = useUrlParams();
  const { options, filter, channel, metric } = atlasState(params);
  const { generation, watching } = useGraphGeneration();
  const [recheck, setRecheck] = useState(0);
  const shown = `${options.minShared ?? ''}/${options.weight}/${options.includeBots}`;
  const state = useApi(`${shown}/${generation}/${recheck}`, (signal) => getAtlas(options, signal));
  const computing = Boolean(state.data?.stale) || state.error?.status === 503;
  useEffect(() => {
    if (!computing) return undefined;
    const timer = window.setTimeout(() => setRecheck((n) => n + 1), RECHECK_MS);
    return () => window.clearTimeout(timer);
  }, [computing, state.data, state.error]);
  // While another answer is on its way, the last map stays up (no flash of "Loading", the view kept).
  const [last, setLast] = useState(null);
  if (state.data && last !== state.data) setLast(state.data);
  const updating = state.loading && last !== null;
  const view = updating ? { ...state, data: last, loading: false } : state;
  const atlas = view.data;
  // A search (or a card's row) centres the map on the channel it picks; so does a link that opens the
  // atlas on a channel. A click on the map selects where the user is looking: the view stays.
  const [centre, setCentre] = useState(() => (channel ? { login: channel } : null));
  const select = (login) => {
    navigate({ channel: login });
    setCentre({ login });
  };

  const threshold = options.minShared ?? atlas?.min_shared ?? null;
  return (
    <section
      className="panel"
      aria-labelledby="panel-title"
      aria-busy={state.loading}
      data-watching={watching}
      data-version={atlas?.version ?? ''}
    >
      <PanelHeading title="Atlas">
        Channels by shared audience. A channel’s audience is the distinct users seen chatting in it; two
        channels are linked when they share at least {threshold === null ? 'a few' : formatCount(threshold)}{' '}
        {threshold === 1 ? 'chatter' : 'chatters'}; colours are the communities Louvain finds in those links;{' '}
        {options.includeBots ? 'bots are counted too' : 'known bots are left out'}.
      </PanelHeading>
      <AtlasToolbar
        atlas={atlas}
        options={options}
        filter={filter}
        serverMinShared={options.minShared === null ? (atlas?.min_shared ?? null) : null}
        onSelect={select}
      />
      <AsyncView
        state={view}
        what="the atlas"
        isEmpty={(answer) => answer.nodes.length === 0}
        empty="No channel has chatters yet: load some data first."
      >
        {(answer) => (
          <AtlasBody
            atlas={answer}
            filter={filter}
            channel={channel}
            metric={metric}
            includeBots={options.includeBots}
            generation={generation}
            updating={updating}
            centre={centre}
            onSelect={select}
          />
        )}
      </AsyncView>
    </section>
  );
}

/**
 * Search, filters and the atlas's options; all of them live in the URL.
 * @param {{atlas: import('../api/endpoints.js').Atlas|null, options: ReturnType<typeof atlasState>['options'],
 *   filter: import('../lib/atlas.js').AtlasFilter, serverMinShared: number|null,
 *   onSelect: (login: string) => void}} props
 */
function AtlasToolbar({ atlas, options, filter, serverMinShared, onSelect }) {
  const nodes = atlas?.nodes ?? EMPTY;
  const languages = useMemo(() => valuesOf(nodes, 'language'), [nodes]);
  const games = useMemo(() => valuesOf(nodes, 'game'), [nodes]);
  const refine = (patch) => navigate(patch, { replace: true });
  return (
    <form className="toolbar atlas-toolbar" onSubmit={(event) => event.preventDefault()}>
      <Combobox
        label="Find a channel"
        inputId="atlas-search"
        placeholder="name of a channel on the map"
        options={nodes}
        optionKey={(node) => node.login}
        optionText={(node) => node.name}
        renderOption={(node) => (
          <span className="search-option">
            <span>{node.name}</span>
            <span className="muted">{formatCount(node.audience)} chatters</span>
          </span>
        )}
        noMatch={(text) => `No channel on the map is called “${text}”.`}
        onSelect={(node) => onSelect(node.login)}
      />
      <FilterSelect
        id="atlas-language"
        label="Language"
        all="All languages"
        value={filter.language}
        values={languages}
        onChange={(language) => refine({ language })}
      />
      <FilterSelect
        id="atlas-game"
        label="Game"
        all="All games"
        value={filter.game}
        values={games}
        onChange={(game) => refine({ game })}
      />
      <MinSharedInput value={options.minShared} serverChoice={serverMinShared} />
      <div className="field">
        <label htmlFor="atlas-weight">Link weight</label>
        <select
          id="atlas-weight"
          value={options.weight}
          onChange={(event) =>
            refine({ weight: event.target.value === 'shared' ? null : event.target.value })
          }
        >
          {ATLAS_WEIGHTS.map((weight) => (
            <option key={weight.id} value={weight.id}>
              {weight.title}
            </option>
          ))}
        </select>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={options.includeBots}
          onChange={(event) => refine({ include_bots: event.target.checked ? '1' : null })}
        />
        Include bots
      </label>
    </form>
  );
}

const EMPTY = [];

/** A select of the values the map's channels have, with how many channels have each. */
function FilterSelect({ id, label, all, value, values, onChange }) {
  // A value from the URL that this map does not have stays choosable (and shows that nothing matches).
  const listed =
    value && !values.some((v) => v.name === value) ? [{ name: value, channels: 0 }, ...values] : values;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? SEARCH_ANY} onChange={(event) => onChange(event.target.value || null)}>
        <option value={SEARCH_ANY}>{all}</option>
        {listed.map((v) => (
          <option key={v.name} value={v.name}>
            {v.name} ({formatCount(v.channels)})
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The least number of shared chatters that links two channels: the server's choice until the user types
 * one (shown, and said to be the server's).
 * @param {{value: number|null, serverChoice: number|null}} props
 */
function MinSharedInput({ value, serverChoice }) {
  const source = value ?? serverChoice;
  const [draft, setDraft] = useResetState(source === null ? '' : String(source));
  const settled = useDebounced(draft, 400);
  // Reads the current value without reacting to it: a new value alone must not send a stale draft.
  const onSettled = useEffectEvent((text) => {
    const n = parseMinShared(text);
    if (n !== null && n !== source) navigate({ min_shared: n }, { replace: true });
  });
  useEffect(() => onSettled(settled), [settled]);
  const invalid = draft !== '' && parseMinShared(draft) === null;
  return (
    <div className="field">
      <label htmlFor="atlas-min-shared">Min. shared chatters</label>
      <div className="field-row">
        <input
          id="atlas-min-shared"
          type="number"
          inputMode="numeric"
          min={1}
          value={draft}
          aria-invalid={invalid}
          aria-describedby="atlas-min-shared-hint"
          onChange={(event) => setDraft(event.target.value)}
        />
        {value !== null && (
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => navigate({ min_shared: null }, { replace: true })}
          >
            Default
          </button>
        )}
      </div>
      <span id="atlas-min-shared-hint" className={invalid ? 'hint hint--error' : 'hint'}>
        {invalid ? 'A whole number from 1.' : value === null ? 'the server’s choice' : 'your choice'}
      </span>
    </div>
  );
}

/**
 * @param {{atlas: import('../api/endpoints.js').Atlas, filter: import('../lib/atlas.js').AtlasFilter,
 *   channel: string|null, metric: (typeof OVERLAP_METRICS)[number], includeBots: boolean,
 *   generation: number, updating: boolean, centre: {login: string}|null,
 *   onSelect: (login: string) => void}} props
 */
function AtlasBody({ atlas, filter, channel, metric, includeBots, generation, updating, centre, onSelect }) {
  const { ref, width, height } = useParentSize({ initialWidth: 800, initialHeight: 560 });
  const communities = useMemo(() => new Map(atlas.communities.map((c) => [c.id, c])), [atlas.communities]);
  const byLogin = useMemo(() => new Map(atlas.nodes.map((node) => [node.login, node])), [atlas.nodes]);
  const { language, game, community } = filter;
  const dimmed = useMemo(
    () => dimmedLogins(atlas.nodes, { language, game, community }),
    [atlas.nodes, language, game, community],
  );
  const communityLabel = (id) => communityName(communities, id);
  const kept = atlas.nodes.length - dimmed.size;
  const description =
    `Map of ${atlas.nodes.length} channels and ${atlas.links.length} links, coloured by community` +
    `${isFiltering(filter) ? `; ${kept} match the filters, the others are dimmed` : ''}. ` +
    'The search box above selects a channel; the legend lists the communities.';
  const selected = channel ? (byLogin.get(channel) ?? null) : null;
  return (
    <div className="atlas">
      <div className="atlas-main">
        <AtlasSummary atlas={atlas} updating={updating} kept={isFiltering(filter) ? kept : null} />
        <div ref={ref} className="graph-area atlas-area">
          <AtlasMap
            nodes={atlas.nodes}
            links={atlas.links}
            width={width}
            height={height}
            description={description}
            communityLabel={communityLabel}
            selected={channel}
            dimmed={dimmed}
            centre={centre}
            onSelect={(login) => navigate({ channel: login })}
          />
        </div>
        <p className="muted graph-hint">
          Drag to pan · scroll or pinch to zoom · click a channel for its card
        </p>
      </div>
      <aside className="atlas-side" aria-label="Channel and communities">
        {channel && (
          <ChannelCard
            key={channel}
            login={channel}
            node={selected}
            communityLabel={communityLabel}
            communityOf={(login) => byLogin.get(login)?.community ?? null}
            metric={metric}
            includeBots={includeBots}
            generation={generation}
            onSelect={onSelect}
          />
        )}
        <CommunityLegend atlas={atlas} active={community} />
      </aside>
    </div>
  );
}

function communityName(communities, id) {
  if (id === -1) return 'Not linked';
  return communities.get(id)?.label || `Community ${id}`;
}

/** When the map was computed, what is on it, whether it is being recomputed; the CSV of its channels. */
function AtlasSummary({ atlas, updating, kept }) {
  const save = () =>
    downloadBlob(
      new Blob([atlasCsv(atlas.nodes)], { type: 'text/csv;charset=utf-8' }),
      'twitchgraph-atlas.csv',
    );
  return (
    <div className="atlas-summary">
      <p className="computed-at" data-testid="atlas-summary">
        {formatCount(atlas.nodes.length)} channels
        {kept !== null && ` (${formatCount(kept)} match the filters)`}, {formatCount(atlas.links.length)}{' '}
        links, {formatCount(atlas.communities.length)} communities
        {atlas.modularity !== null && ` (modularity ${atlas.modularity.toFixed(2)})`}
        {atlas.computed_at && (
          <>
            {'; computed '}
            <time dateTime={atlas.computed_at}>{formatMoment(atlas.computed_at)}</time>
          </>
        )}
        .
        {atlas.stale && (
          <span className="stale-note" data-testid="stale">
            {' '}
            The graph has changed since: the map is being recomputed.
          </span>
        )}
        {updating && <span role="status"> Updating the map…</span>}
      </p>
      <button type="button" className="button button--quiet button--small" onClick={save}>
        Download CSV
      </button>
    </div>
  );
}

/** The communities with their colours and sizes; a click shows only that community's channels. */
function CommunityLegend({ atlas, active }) {
  const unlinked = useMemo(() => atlas.nodes.filter((node) => node.community === -1).length, [atlas.nodes]);
  const rows = [...atlas.communities].sort((a, b) => b.size - a.size || a.id - b.id);
  if (unlinked) rows.push({ id: -1, label: 'Not linked', size: unlinked });
  return (
    <section className="card atlas-legend" aria-labelledby="atlas-legend-title">
      <h3 id="atlas-legend-title">Communities</h3>
      <p className="muted">
        Each named after its biggest channels and its most played game. Click one to show only its channels.
      </p>
      <ul className="community-list" aria-label="Legend: community colours">
        {rows.map((row) => (
          <li key={row.id}>
            <button
              type="button"
              className="community-button"
              data-community={row.id}
              aria-pressed={active === row.id}
              onClick={() => navigate({ community: active === row.id ? null : row.id }, { replace: true })}
            >
              <span className="swatch" style={{ background: communityColour(row.id) }} aria-hidden="true" />
              <span className="community-label">{row.label || `Community ${row.id}`}</span>
              <span className="legend-count">{formatCount(row.size)}</span>
            </button>
          </li>
        ))}
      </ul>
      {rows.length === 0 && <Empty>No two channels share enough chatters to be linked.</Empty>}
    </section>
  );
}

/**
 * The selected channel: its audience and community, and its channels in common by the chosen metric.
 * @param {{login: string, node: import('../api/endpoints.js').AtlasNode|null,
 *   communityLabel: (id: number) => string, communityOf: (login: string) => number|null,
 *   metric: (typeof OVERLAP_METRICS)[number], includeBots: boolean, generation: number,
 *   onSelect: (login: string) => void}} props
 */
function ChannelCard({
  login,
  node,
  communityLabel,
  communityOf,
  metric,
  includeBots,
  generation,
  onSelect,
}) {
  const state = useApi(`${login}/${metric.id}/${includeBots}/${generation}`, (signal) =>
    getOverlap(login, { metric: metric.id, limit: CARD_ROWS, includeBots }, signal),
  );
  const audience = node?.audience ?? state.data?.audience ?? null;
  const facts = [
    ['Audience', audience === null ? null : `${formatCount(audience)} chatters`],
    [
      'Community',
      node && (
        <>
          <span
            className="swatch"
            style={{ background: communityColour(node.community) }}
            aria-hidden="true"
          />{' '}
          {communityLabel(node.community)}
        </>
      ),
    ],
    ['Game', node?.game],
    ['Language', node?.language],
  ].filter(([, value]) => value);
  return (
    <article className="card atlas-card" aria-labelledby="atlas-card-title" data-channel={login}>
      <div className="card-title-row">
        <h3 id="atlas-card-title">{node?.name ?? login}</h3>
        <button
          type="button"
          className="close-button"
          aria-label="Close the channel card"
          title="Close"
          onClick={() => navigate({ channel: null })}
        >
          ×
        </button>
      </div>
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
      {!node && <p className="muted">Not on this map: it is not among its biggest channels.</p>}
      <div className="card-subhead">
        <h4 id="atlas-common-title">Channels in common</h4>
        <label className="visually-hidden" htmlFor="atlas-metric">
          Order by
        </label>
        <select
          id="atlas-metric"
          value={metric.id}
          onChange={(event) =>
            navigate(
              { metric: event.target.value === 'shared' ? null : event.target.value },
              { replace: true },
            )
          }
        >
          {OVERLAP_METRICS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.title}
            </option>
          ))}
        </select>
      </div>
      <p className="muted metric-sentence">{metric.sentence}</p>
      <AsyncView
        state={state}
        what="the channels in common"
        isEmpty={(overlap) => overlap.channels.length === 0}
        empty="No other channel has a chatter of this one."
      >
        {(overlap) => (
          <OverlapBars
            rows={overlap.channels}
            metric={metric}
            communityOf={communityOf}
            onSelect={onSelect}
          />
        )}
      </AsyncView>
      <p className="card-link">
        <Link to={{ ...LEAVE_ATLAS, panel: 'explorer', streamer: login }}>Open in the explorer</Link>
      </p>
    </article>
  );
}

/**
 * Channels in common as horizontal bars (HTML: each name is a link); d3-scale gives the lengths.
 * @param {{rows: import('../api/endpoints.js').OverlapRow[], metric: (typeof OVERLAP_METRICS)[number],
 *   communityOf: (login: string) => number|null, onSelect: (login: string) => void}} props
 */
function OverlapBars({ rows, metric, communityOf, onSelect }) {
  const length = scaleLinear()
    .domain([0, Math.max(...rows.map((row) => row[metric.id]), 0) || 1])
    .range([0, 100]);
  return (
    <ol className="overlap-bars" aria-labelledby="atlas-common-title">
      {rows.map((row) => {
        const community = communityOf(row.login);
        return (
          <li key={row.login} data-login={row.login}>
            <Link
              className="overlap-name"
              to={{ channel: row.login }}
              onClick={(event) => {
                if (
                  event.button === 0 &&
                  !event.metaKey &&
                  !event.ctrlKey &&
                  !event.shiftKey &&
                  !event.altKey
                ) {
                  event.preventDefault();
                  onSelect(row.login);
                }
              }}
            >
              {row.name}
            </Link>
            <span className="overlap-bar" aria-hidden="true">
              <span
                style={{
                  width: `${Math.max(1, length(row[metric.id]))}%`,
                  background: community === null ? 'var(--accent)' : communityColour(community),
                }}
              />
            </span>
            <span className="overlap-value">{metric.format(row[metric.id])}</span>
          </li>
        );
      })}
    </ol>
  );
}
