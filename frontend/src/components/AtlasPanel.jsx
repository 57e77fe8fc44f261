/**
 * Atlas: the biggest channels on one map, placed by the server's layout of their shared audiences and
 * coloured by community. Whose audiences (the chatters, or the viewers of the last D processed days of
 * viewer profiling), search, filters (language, game, community), the link threshold and weight, bots in
 * or out; a selected channel's card lists its channels in common by a metric, and its community opens
 * that community's card (its channels, games, languages and bridges; the map shows that community). The
 * map is fetched again when the live events say the graph changed; while the server recomputes it, it
 * answers the previous one marked stale, and the panel asks again every RECHECK_MS until it is current.
 * URL: ?panel=atlas&source=watched&days=D&channel=<login>&language=&game=&community=<id>&min_shared=N
 *   &weight=&include_bots=1&metric=shared|jaccard|share|lift
 */
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { scaleLinear } from 'd3-scale';
import { findStreamer, getAtlas, getCommunity, getOverlap, getPipelineHealth } from '../api/endpoints.js';
import { AtlasMap } from '../charts/AtlasMap.jsx';
import { useApi } from '../hooks/useApi.js';
import { useRecheckingApi } from '../hooks/useRecheckingApi.js';
import { useDebounced } from '../hooks/useDebounced.js';
import { useGraphGeneration } from '../hooks/useGraphGeneration.js';
import { useParentSize } from '../hooks/useParentSize.js';
import { useResetState } from '../hooks/useResetState.js';
import { navigate, useUrlParams } from '../hooks/useUrlState.js';
import {
  ATLAS_WEIGHTS,
  atlasCsv,
  audienceWords,
  DEFAULT_DAYS,
  daysCovered,
  dimmedLogins,
  downloadBlob,
  formatWeight,
  isFiltering,
  MAX_DAYS,
  measureWords,
  OVERLAP_METRICS,
  overlapMetric,
  parseSource,
  valuesOf,
} from '../lib/atlas.js';
import { formatCount, formatMoment, formatShortDate } from '../lib/format.js';
import { communityColour } from '../lib/palette.js';
import { Combobox } from './Combobox.jsx';
import { Link } from './Link.jsx';
import { PanelHeading } from './PanelHeading.jsx';
import { AsyncView, Empty } from './Status.jsx';

export const CARD_ROWS = 10;
export const COMMUNITY_ROWS = 8; // a community card's channels before "Show all"
export const DAYS_SETTLE_MS = 300; // the days slider's value goes into the URL once still this long
const MAX_MIN_SHARED = 1_000_000;
const SEARCH_ANY = ''; // the selects' "all" value
// A new atlas (another source, window, threshold, weight or bots rule) has another partition: a
// community's id in the old one means nothing in it, so the community filter goes with the change.
const NEW_PARTITION = { community: null };

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
      source: parseSource(params.get('source'), params.get('days')),
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
  const { source } = options;
  const watched = source.kind === 'watched';
  const words = audienceWords(source);
  const { generation, watching } = useGraphGeneration();
  const shown = `${options.minShared ?? ''}/${options.weight}/${options.includeBots}/${source.kind}/${source.days ?? ''}`;
  const state = useRecheckingApi(`${shown}/${generation}`, (signal) => getAtlas(options, signal));
  // The watched source maps the processed days of viewer profiling: which there are (none: say so).
  const pipeline = useApi(watched ? `days/${generation}` : null, (signal) => getPipelineHealth(signal));
  const processed = pipeline.data ? pipeline.data.days.map((day) => day.date) : null;
  const noDays = watched && processed !== null && processed.length === 0;
  const covered = watched && processed?.length ? daysCovered(processed, source.days ?? DEFAULT_DAYS) : null;
  // While another answer is on its way, the last map stays up (no flash of "Loading", the view kept).
  const [last, setLast] = useState(null);
  if (state.data && last !== state.data) setLast(state.data);
  const updating = state.loading && last !== null;
  // An empty watched map waits for the processed days: none is said otherwise than no viewer seen.
  const view =
    watched && pipeline.loading && state.data?.nodes.length === 0
      ? { ...state, data: null, loading: true }
      : updating
        ? { ...state, data: last, loading: false }
        : state;
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
      data-source={watched ? `watched/${source.days}` : 'chatters'}
    >
      <PanelHeading title="Atlas">
        Channels by shared audience. A channel’s audience is the distinct {words.seen}; two channels are
        linked when they share at least {threshold === null ? 'a few' : formatCount(threshold)}{' '}
        {threshold === 1 ? words.one : words.many}; colours are the communities Louvain finds in those links;{' '}
        {options.includeBots ? 'bots are counted too' : 'known bots are left out'}.
      </PanelHeading>
      <AtlasToolbar
        atlas={noDays ? null : atlas}
        options={options}
        filter={filter}
        serverMinShared={options.minShared === null ? (atlas?.min_shared ?? null) : null}
        onSelect={select}
      />
      {noDays ? (
        <NoWatchedDays />
      ) : (
        <AsyncView
          state={view}
          what="the atlas"
          isEmpty={(answer) => answer.nodes.length === 0}
          empty={
            watched ? (
              <>
                No channel had viewers in the last{' '}
                {source.days === 1 ? 'processed day' : `${source.days} processed days`} of viewer profiling.
              </>
            ) : (
              'No channel has chatters yet: load some data first.'
            )
          }
        >
          {(answer) => (
            <AtlasBody
              atlas={answer}
              options={options}
              filter={filter}
              channel={channel}
              metric={metric}
              covered={covered}
              generation={generation}
              updating={updating}
              centre={centre}
              onSelect={select}
            />
          )}
        </AsyncView>
      )}
    </section>
  );
}

/** The watched source with no processed day: what to run to get one (README, "Viewer profiling"). */
function NoWatchedDays() {
  return (
    <div className="status status--empty atlas-no-days" data-testid="atlas-no-days">
      <p>
        <strong>No day of viewer profiling has been processed yet</strong>, so no channel has watched viewers
        to map.
      </p>
      <p>
        Collect samples (<code>twitchgraph collect samples SAMPLEDIR</code>, or made-up ones with{' '}
        <code>twitchgraph demo-samples SAMPLEDIR</code>), then process their days with{' '}
        <code>twitchgraph process-day SAMPLEDIR --all</code> (the README’s “Viewer profiling” section says
        more). Until then the chatters make the map.
      </p>
      <button
        type="button"
        className="button"
        onClick={() => navigate({ source: null, days: null, ...NEW_PARTITION }, { replace: true })}
      >
        Map the chatters instead
      </button>
    </div>
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
  const kind = options.source.kind;
  return (
    <form className="toolbar atlas-toolbar" onSubmit={(event) => event.preventDefault()}>
      <SourceControl source={options.source} />
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
      <MinSharedInput
        value={options.minShared}
        serverChoice={serverMinShared}
        noun={audienceWords(options.source).many}
      />
      <div className="field">
        <label htmlFor="atlas-weight">Link weight</label>
        <select
          id="atlas-weight"
          value={options.weight}
          onChange={(event) =>
            refine({ weight: event.target.value === 'shared' ? null : event.target.value, ...NEW_PARTITION })
          }
        >
          {ATLAS_WEIGHTS.map((weight) => (
            <option key={weight.id} value={weight.id}>
              {measureWords(weight, kind).title}
            </option>
          ))}
        </select>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={options.includeBots}
          onChange={(event) => refine({ include_bots: event.target.checked ? '1' : null, ...NEW_PARTITION })}
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
 * Whose audiences the map is of: the chatters (the snapshot and the stream), or the viewers of the last
 * D processed days of viewer profiling (a slider, 1 to MAX_DAYS). Both go into the URL (`source`,
 * `days`); the slider's value once it has stood still for DAYS_SETTLE_MS.
 * @param {{source: import('../api/endpoints.js').AtlasSource}} props
 */
function SourceControl({ source }) {
  const watched = source.kind === 'watched';
  const [draft, setDraft] = useResetState(source.days ?? DEFAULT_DAYS);
  const settled = useDebounced(draft, DAYS_SETTLE_MS);
  // Reads the current source without reacting to it: a new source alone must not send a stale draft.
  const onSettled = useEffectEvent((days) => {
    if (watched && days !== source.days) navigate({ days, ...NEW_PARTITION }, { replace: true });
  });
  useEffect(() => onSettled(settled), [settled]);
  const choose = (kind) =>
    navigate(
      kind === 'watched'
        ? { source: 'watched', days: draft, ...NEW_PARTITION }
        : { source: null, days: null, ...NEW_PARTITION },
      { replace: true },
    );
  const dayWord = draft === 1 ? 'day' : 'days';
  return (
    <fieldset className="atlas-source">
      <legend>Audience</legend>
      <label className="choice">
        <input
          type="radio"
          name="atlas-source"
          value="chatters"
          checked={!watched}
          onChange={() => choose('chatters')}
        />
        Chatters (snapshot + stream)
      </label>
      <label className="choice">
        <input
          type="radio"
          name="atlas-source"
          value="watched"
          checked={watched}
          onChange={() => choose('watched')}
        />
        <span>
          Watched, last <strong className="atlas-days">{draft}</strong> {dayWord}
        </span>
      </label>
      <input
        id="atlas-days"
        type="range"
        min={1}
        max={MAX_DAYS}
        step={1}
        value={draft}
        disabled={!watched}
        aria-label="Days of viewer profiling"
        aria-valuetext={`the last ${draft} ${dayWord}`}
        onChange={(event) => setDraft(Number(event.target.value))}
      />
    </fieldset>
  );
}

/**
 * The least number of shared chatters (or viewers: `noun`) that links two channels: the server's choice
 * until the user types one (shown, and said to be the server's).
 * @param {{value: number|null, serverChoice: number|null, noun: string}} props
 */
function MinSharedInput({ value, serverChoice, noun }) {
  const source = value ?? serverChoice;
  const [draft, setDraft] = useResetState(source === null ? '' : String(source));
  const settled = useDebounced(draft, 400);
  // Only what the user typed goes to the URL, never a server choice the box showed meanwhile (a source
  // switch shows the old map's choice, then the new one's, while the debounce runs).
  const typed = useRef(null);
  // Reads the current value without reacting to it: a new value alone must not send a stale draft.
  const onSettled = useEffectEvent((text) => {
    if (text !== typed.current) return;
    typed.current = null;
    const n = parseMinShared(text);
    if (n !== null && n !== source) navigate({ min_shared: n, ...NEW_PARTITION }, { replace: true });
  });
  useEffect(() => onSettled(settled), [settled]);
  const invalid = draft !== '' && parseMinShared(draft) === null;
  return (
    <div className="field">
      <label htmlFor="atlas-min-shared">Min. shared {noun}</label>
      <div className="field-row">
        <input
          id="atlas-min-shared"
          type="number"
          inputMode="numeric"
          min={1}
          value={draft}
          aria-invalid={invalid}
          aria-describedby="atlas-min-shared-hint"
          onChange={(event) => {
            typed.current = event.target.value;
            setDraft(event.target.value);
          }}
        />
        {value !== null && (
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => navigate({ min_shared: null, ...NEW_PARTITION }, { replace: true })}
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
 * @param {{atlas: import('../api/endpoints.js').Atlas, options: ReturnType<typeof atlasState>['options'],
 *   filter: import('../lib/atlas.js').AtlasFilter, channel: string|null,
 *   metric: (typeof OVERLAP_METRICS)[number], covered: ReturnType<typeof daysCovered>|null,
 *   generation: number, updating: boolean, centre: {login: string}|null,
 *   onSelect: (login: string) => void}} props
 */
function AtlasBody({
  atlas,
  options,
  filter,
  channel,
  metric,
  covered,
  generation,
  updating,
  centre,
  onSelect,
}) {
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
        <AtlasSummary
          atlas={atlas}
          updating={updating}
          kept={isFiltering(filter) ? kept : null}
          source={options.source}
          covered={covered}
        />
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
            activeCommunity={community}
            metric={metric}
            options={options}
            generation={generation}
            onSelect={onSelect}
          />
        )}
        {community !== null && community >= 0 && (
          <CommunityCard
            key={community}
            id={community}
            summary={communities.get(community) ?? null}
            communityLabel={communityLabel}
            options={options}
            generation={generation}
            version={atlas.version}
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

/** A community's colour swatch (decoration: its name is beside it). */
function Swatch({ id }) {
  return <span className="swatch" style={{ background: communityColour(id) }} aria-hidden="true" />;
}

/**
 * When the map was computed, what is on it (for the watched source: the processed days it covers),
 * whether it is being recomputed; the CSV of its channels.
 */
function AtlasSummary({ atlas, updating, kept, source, covered }) {
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
        {source.kind === 'watched' && covered && <WatchedWindow days={source.days} covered={covered} />}
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

/** "; viewers of 3 processed days, May 6 to May 8 (only 3 processed so far)". */
function WatchedWindow({ days, covered }) {
  const count = covered.dates.length;
  return (
    <span data-testid="atlas-window">
      {'; viewers of '}
      {count === 1 ? 'the processed day ' : `${count} processed days, `}
      <time dateTime={covered.first}>{formatShortDate(covered.first)}</time>
      {count > 1 && (
        <>
          {' to '}
          <time dateTime={covered.last}>{formatShortDate(covered.last)}</time>
        </>
      )}
      {covered.short && ` (${days} asked, only ${count} processed so far)`}
    </span>
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
        Each named after its biggest channels and its most played game. Click one to show only its channels
        and open its card.
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
              <Swatch id={row.id} />
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
 * The selected channel: its audience and community (a button: that community's card, and the map shows
 * it), and its channels in common by the chosen metric. A streamer the server has no audience for (404,
 * or an audience of 0) gets a plain sentence, not an error.
 * @param {{login: string, node: import('../api/endpoints.js').AtlasNode|null,
 *   communityLabel: (id: number) => string, communityOf: (login: string) => number|null,
 *   activeCommunity: number|null, metric: (typeof OVERLAP_METRICS)[number],
 *   options: ReturnType<typeof atlasState>['options'], generation: number,
 *   onSelect: (login: string) => void}} props
 */
function ChannelCard({
  login,
  node,
  communityLabel,
  communityOf,
  activeCommunity,
  metric,
  options,
  generation,
  onSelect,
}) {
  const { includeBots, source } = options;
  const words = audienceWords(source);
  const onMap = node !== null;
  const state = useApi(
    `${login}/${onMap}/${metric.id}/${includeBots}/${source.kind}/${source.days ?? ''}/${generation}`,
    async (signal) => {
      // A login the map does not have may be no streamer at all: looked up first (/overlap would
      // answer 404, which the browser logs as a failed request).
      if (!onMap && (await findStreamer(login, signal)) === null) return UNKNOWN_STREAMER;
      return getOverlap(login, { metric: metric.id, limit: CARD_ROWS, includeBots, source }, signal);
    },
  );
  const name = node?.name ?? login;
  const unknown = state.data === UNKNOWN_STREAMER || state.error?.status === 404;
  const audience = node?.audience ?? (unknown ? null : state.data?.audience) ?? null;
  const unseen = unknown || state.data?.audience === 0;
  const community = node?.community ?? null;
  const facts = [
    ['Audience', audience ? `${formatCount(audience)} ${audience === 1 ? words.one : words.many}` : null],
    [
      'Community',
      community !== null &&
        (community >= 0 ? (
          <button
            type="button"
            className="link-button community-link"
            aria-pressed={activeCommunity === community}
            title="Open this community’s card and show its channels on the map"
            onClick={() => navigate({ community })}
          >
            <Swatch id={community} /> {communityLabel(community)}
          </button>
        ) : (
          <>
            <Swatch id={community} /> {communityLabel(community)}
          </>
        )),
    ],
    ['Game', node?.game],
    ['Language', node?.language],
  ].filter(([, value]) => value);
  const { title, sentence } = measureWords(metric, source.kind);
  return (
    <article className="card atlas-card" aria-labelledby="atlas-card-title" data-channel={login}>
      <div className="card-title-row">
        <h3 id="atlas-card-title">{name}</h3>
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
      {!node && !unseen && <p className="muted">Not on this map: it is not among its biggest channels.</p>}
      {unseen ? (
        <p className="status status--empty" data-testid="atlas-unseen">
          {source.kind === 'watched'
            ? `No viewers seen for ${name} in the last ${source.days === 1 ? 'processed day' : `${source.days} processed days`}`
            : `No chatters seen for ${name} yet`}
          {unknown ? ': no streamer by that name is in the graph.' : '.'}
        </p>
      ) : (
        <>
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
                  {m.id === metric.id ? title : measureWords(m, source.kind).title}
                </option>
              ))}
            </select>
          </div>
          <p className="muted metric-sentence">{sentence}</p>
          <AsyncView
            state={state}
            what="the channels in common"
            isEmpty={(overlap) => overlap.channels.length === 0}
            empty={`No other channel has a ${words.one} of this one.`}
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
        </>
      )}
      {!unknown && (
        <p className="card-link">
          <Link to={{ panel: 'explorer', streamer: login }} keep={[]}>
            Open in the explorer
          </Link>
        </p>
      )}
    </article>
  );
}

// The card's answer for a login that is no streamer's (nor any display name).
const UNKNOWN_STREAMER = Object.freeze({ unknown: true });

/**
 * One community of this atlas (`/communities/<id>` with the atlas's options): its size, games and
 * languages, its channels (biggest audience first; each selects itself), and the channels that bridge it
 * to other communities (the most link weight to them). The map shows only its channels while it is open.
 * @param {{id: number, summary: import('../api/endpoints.js').AtlasCommunity|null,
 *   communityLabel: (id: number) => string, options: ReturnType<typeof atlasState>['options'],
 *   generation: number, version: string|null, onSelect: (login: string) => void}} props
 */
function CommunityCard({ id, summary, communityLabel, options, generation, version, onSelect }) {
  const { source, minShared, weight, includeBots } = options;
  const words = audienceWords(source);
  // Asked only for a community this map has (another id would be a 404: said here instead).
  const state = useApi(
    summary
      ? `${id}/${minShared ?? ''}/${weight}/${includeBots}/${source.kind}/${source.days ?? ''}/${generation}/${version}`
      : null,
    (signal) => getCommunity(id, options, signal),
  );
  const close = () => navigate({ community: null }, { replace: true });
  return (
    <article className="card community-card" aria-labelledby="community-card-title" data-community={id}>
      <div className="card-title-row">
        <h3 id="community-card-title">
          <Swatch id={id} /> {communityLabel(id)}
        </h3>
        <button
          type="button"
          className="close-button"
          aria-label="Close the community card"
          title="Close (the map shows every community again)"
          onClick={close}
        >
          ×
        </button>
      </div>
      {summary === null ? (
        <p className="status status--empty">
          This map has no community {id}: the communities change with the map’s options.
        </p>
      ) : (
        <AsyncView state={state} what="the community">
          {(detail) => (
            <CommunityDetail
              detail={detail}
              words={words}
              weight={weight}
              communityLabel={communityLabel}
              onSelect={onSelect}
            />
          )}
        </AsyncView>
      )}
    </article>
  );
}

/** @param {{detail: import('../api/endpoints.js').Community}} props */
function CommunityDetail({ detail, words, weight, communityLabel, onSelect }) {
  const [all, setAll] = useState(false);
  const channels = all ? detail.channels : detail.channels.slice(0, COMMUNITY_ROWS);
  const named = (list) =>
    list.length ? list.map((v) => `${v.name} (${formatCount(v.channels)})`).join(', ') : '–';
  const weightTitle = measureWords(
    ATLAS_WEIGHTS.find((w) => w.id === weight) ?? ATLAS_WEIGHTS[0],
    words.many === 'viewers' ? 'watched' : 'chatters',
  ).title.toLowerCase();
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Channels</dt>
          <dd>{formatCount(detail.size)}</dd>
        </div>
        <div>
          <dt>Top games</dt>
          <dd data-testid="community-games">{named(detail.top_games)}</dd>
        </div>
        <div>
          <dt>Languages</dt>
          <dd data-testid="community-languages">{named(detail.languages)}</dd>
        </div>
      </dl>
      <h4 id="community-channels-title" className="card-heading">
        Its channels
      </h4>
      <ol className="community-channels" aria-labelledby="community-channels-title">
        {channels.map((channel) => (
          <li key={channel.login} data-login={channel.login}>
            <ChannelLink login={channel.login} name={channel.name} onSelect={onSelect} />
            <span className="muted">
              {formatCount(channel.audience)} {channel.audience === 1 ? words.one : words.many}
            </span>
          </li>
        ))}
      </ol>
      {detail.channels.length > COMMUNITY_ROWS && (
        <button type="button" className="button button--quiet button--small" onClick={() => setAll(!all)}>
          {all ? `Show the first ${COMMUNITY_ROWS}` : `Show all ${formatCount(detail.channels.length)}`}
        </button>
      )}
      <h4 id="community-bridges-title" className="card-heading">
        Bridges to other communities
      </h4>
      <p className="muted metric-sentence">
        Its channels with the most link weight ({weightTitle}) to other communities; the dots are the
        communities each reaches (each opens its card).
      </p>
      {detail.bridges.length === 0 ? (
        <p className="status status--empty">No link leaves this community.</p>
      ) : (
        <ol className="community-bridges" aria-labelledby="community-bridges-title">
          {detail.bridges.map((bridge) => (
            <li key={bridge.login} data-login={bridge.login}>
              <ChannelLink login={bridge.login} name={bridge.name} onSelect={onSelect} />
              <span className="bridge-to" aria-label="reaches">
                {bridge.communities.map((other) => (
                  <Link
                    key={other}
                    to={{ community: other }}
                    className="bridge-community"
                    data-community={other}
                    aria-label={communityLabel(other)}
                    title={`${communityLabel(other)}: open its card`}
                  >
                    <Swatch id={other} />
                  </Link>
                ))}
              </span>
              <span className="bridge-weight">{formatWeight(bridge.weight, weight)}</span>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** A channel's name as a link to its card on this page (a plain click selects and centres it). */
function ChannelLink({ login, name, onSelect, className = 'overlap-name' }) {
  return (
    <Link
      className={className}
      to={{ channel: login }}
      onClick={(event) => {
        if (event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey) {
          event.preventDefault();
          onSelect(login);
        }
      }}
    >
      {name}
    </Link>
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
            <ChannelLink login={row.login} name={row.name} onSelect={onSelect} />
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
