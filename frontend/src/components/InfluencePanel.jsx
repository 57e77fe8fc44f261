/**
 * Influence: PageRank and betweenness centrality over the whole graph, as ranked bars or bubbles (circles
 * sized by score) with a table, each row with its move since the last recompute. Scores are shown as a
 * share of the top score; streamers and users have their own colour, streamers a badge in the table. The scores are fetched again when the API's live events say
 * the graph changed (at most once per REFETCH_MIN_MS), so moves appear without a reload. The server
 * recomputes in the background: while it does, it answers the previous scores marked stale (or, before
 * the very first ones, 503), and the card asks again every RECHECK_MS until they are current.
 * URL: ?panel=influence&top=N&view=bubbles
 */
import { useState } from 'react';
import { max } from 'd3-array';
import { getMeasure, MEASURES } from '../api/endpoints.js';
import { BarChart } from '../charts/BarChart.jsx';
import { BubbleChart } from '../charts/BubbleChart.jsx';
import { useRecheckingApi } from '../hooks/useRecheckingApi.js';
import { useGraphGeneration } from '../hooks/useGraphGeneration.js';
import { navigate, useUrlParams } from '../hooks/useUrlState.js';
import { formatMoment, formatShareOfTop } from '../lib/format.js';
import { colourOf } from '../lib/labels.js';
import { Link } from './Link.jsx';
import { PanelHeading } from './PanelHeading.jsx';
import { SortableTable } from './SortableTable.jsx';
import { AsyncView } from './Status.jsx';
import { ViewSwitch } from './ViewSwitch.jsx';

export { REFETCH_MIN_MS } from '../hooks/useGraphGeneration.js';
export const TOP_CHOICES = [10, 20, 50];
const DEFAULT_TOP = 20;
const SINCE = 'since the last recompute';
export const VIEWS = [
  { id: 'bars', title: 'Bars' },
  { id: 'bubbles', title: 'Bubbles' },
];
/** How the scores are shown, in words (the panel says it). */
export const SCORE_FORM = 'Scores are shown as a share of the top score (the first row is 100%).';
// Streamers and users as the explorer's graph colours them.
const KINDS = [
  { id: 'streamer', title: 'Streamer', colour: colourOf('Stream') },
  { id: 'user', title: 'User', colour: colourOf('User') },
];

/** A row's colour: a streamer's or a user's. */
export function kindColour(row) {
  return row.streamer ? KINDS[0].colour : KINDS[1].colour;
}

export function InfluencePanel() {
  const params = useUrlParams();
  const chosen = Number(params.get('top'));
  const top = TOP_CHOICES.includes(chosen) ? chosen : DEFAULT_TOP;
  const view = params.get('view') === 'bubbles' ? 'bubbles' : 'bars';
  const { generation, watching } = useGraphGeneration();
  return (
    <section className="panel" aria-labelledby="panel-title" data-watching={watching}>
      <PanelHeading title="Influence">
        Who matters in the audience graph of users and streamers, by two classic measures.
      </PanelHeading>
      <div className="toolbar">
        <label htmlFor="influence-top">Show the top</label>
        <select
          id="influence-top"
          value={top}
          onChange={(event) =>
            navigate(
              { top: Number(event.target.value) === DEFAULT_TOP ? null : event.target.value },
              { replace: true },
            )
          }
        >
          {TOP_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <ViewSwitch views={VIEWS} view={view} label="Show the scores as" />
      </div>
      <div className="influence-key">
        <p className="muted" data-testid="score-form">
          {SCORE_FORM}
        </p>
        <ul className="legend" aria-label="Legend: streamers and users">
          {KINDS.map((kind) => (
            <li key={kind.id}>
              <span
                className="swatch swatch--square"
                style={{ background: kind.colour }}
                aria-hidden="true"
              />
              {kind.title}
            </li>
          ))}
        </ul>
      </div>
      <div className="ranking-list">
        {MEASURES.map((measure) => (
          <MeasureCard key={measure.id} measure={measure} top={top} chart={view} generation={generation} />
        ))}
      </div>
    </section>
  );
}

/**
 * A row's move since the previous recompute: its sign, the marker shown and the words said.
 * @param {{position: number, previousPosition: number|null}} row
 * @param {boolean} compared whether there was a previous recompute at all
 * @returns {{by: number, kind: 'up'|'down'|'new'|'same', mark: string, label: string}}
 */
export function movement({ position, previousPosition }, compared) {
  if (!compared) return { by: 0, kind: 'same', mark: '', label: '' };
  if (previousPosition === null) {
    return { by: Number.MAX_SAFE_INTEGER, kind: 'new', mark: 'new', label: `new ${SINCE}` };
  }
  const by = previousPosition - position;
  if (by > 0) return { by, kind: 'up', mark: `▲${by}`, label: `up ${by} ${SINCE}` };
  if (by < 0) return { by, kind: 'down', mark: `▼${-by}`, label: `down ${-by} ${SINCE}` };
  return { by: 0, kind: 'same', mark: '', label: `unchanged ${SINCE}` };
}

/** @param {{move: ReturnType<typeof movement>}} props */
function MoveMark({ move }) {
  if (!move.label) return null;
  if (!move.mark) return <span className="visually-hidden">{move.label}</span>;
  return (
    <span className={`move move--${move.kind}`} role="img" aria-label={move.label} title={move.label}>
      {move.mark}
    </span>
  );
}

/**
 * @param {{measure: (typeof MEASURES)[number], top: number, chart: 'bars'|'bubbles', generation: number}} props
 */
function MeasureCard({ measure, top, chart, generation }) {
  const shown = `${measure.id}/${top}`;
  const state = useRecheckingApi(`${shown}/${generation}`, (signal) => getMeasure(measure, top, signal));
  // While a refetch for a changed graph runs, the last answer stays up (no flash of "Loading").
  const [last, setLast] = useState(null);
  if (state.data && last?.data !== state.data) setLast({ shown, data: state.data });
  const stale = state.loading && last?.shown === shown ? last.data : null;
  const view = stale ? { ...state, data: stale, loading: false } : state;
  const headingId = `measure-${measure.id}`;
  return (
    <article
      className="card ranking-card"
      aria-labelledby={headingId}
      aria-busy={state.loading}
      data-measure={measure.id}
      data-version={view.data?.version ?? ''}
    >
      <h3 id={headingId}>{measure.title}</h3>
      {view.data?.computedAt && <ComputedLine result={view.data} />}
      <p className="muted">{measure.sentence}</p>
      <AsyncView
        state={view}
        what={measure.title}
        isEmpty={(result) => result.rows.length === 0}
        empty="The graph is empty: load some data first."
      >
        {(result) => <MeasureBody measure={measure} top={top} chart={chart} result={result} />}
      </AsyncView>
    </article>
  );
}

/** @param {{result: Awaited<ReturnType<typeof getMeasure>>}} props */
function ComputedLine({ result }) {
  return (
    <p className="computed-at" data-testid="computed-at">
      Computed <time dateTime={result.computedAt}>{formatMoment(result.computedAt)}</time>
      {result.previousComputedAt ? (
        <>
          ; moves since the recompute of{' '}
          <time dateTime={result.previousComputedAt}>{formatMoment(result.previousComputedAt)}</time>
        </>
      ) : (
        '; no earlier recompute to compare with yet'
      )}
      .
      {result.stale && (
        <span className="stale-note" data-testid="stale">
          {' '}
          The graph has changed since: new scores are being computed.
        </span>
      )}
      {!result.exact && (
        <span data-testid="sampled">
          {' '}
          Estimated from {result.samples?.toLocaleString('en')} sampled sources: every score within ±
          {result.epsilon} of the exact one with {Math.round((1 - result.delta) * 100)}% confidence.
        </span>
      )}
    </p>
  );
}

/**
 * @param {{measure: (typeof MEASURES)[number], top: number, chart: 'bars'|'bubbles',
 *   result: Awaited<ReturnType<typeof getMeasure>>}} props
 */
function MeasureBody({ measure, top, chart, result }) {
  const best = max(result.rows, (row) => row.value) ?? 0;
  const format = (value) => formatShareOfTop(value, best);
  const compared = Boolean(result.previousComputedAt);
  const rows = result.rows.map((row) => {
    const move = movement(row, compared);
    return { ...row, rank: row.position, move, moveBy: move.by };
  });
  const columns = [
    { key: 'rank', label: '#', numeric: true },
    { key: 'moveBy', label: 'Move', numeric: true, render: (row) => <MoveMark move={row.move} /> },
    {
      key: 'name',
      label: 'Name',
      render: (row) => (
        <>
          <Link to={{ panel: 'explorer', streamer: row.name }} keep={[]}>
            {row.name}
          </Link>
          {row.streamer && <span className="badge badge--streamer">streamer</span>}
        </>
      ),
    },
    { key: 'value', label: '% of top', numeric: true, render: (row) => format(row.value) },
  ];
  return (
    <div className="chart-and-table">
      {chart === 'bubbles' ? (
        <BubbleChart
          rows={rows}
          title={measure.title}
          format={format}
          colour={kindColour}
          rowKey={(row) => `${row.rank}`}
        />
      ) : (
        <BarChart rows={rows} title={measure.title} format={format} colour={kindColour} />
      )}
      <SortableTable
        caption={`${measure.title}, top ${top}`}
        columns={columns}
        rows={rows}
        rowKey={(row) => `${row.rank}`}
      />
    </div>
  );
}
