/**
 * Influence: PageRank and betweenness centrality over the whole graph, as ranked bars with a table.
 * URL: ?panel=influence&top=N
 */
import { getMeasure, MEASURES } from '../api/endpoints.js';
import { BarChart } from '../charts/BarChart.jsx';
import { useApi } from '../hooks/useApi.js';
import { navigate, useUrlParams } from '../hooks/useUrlState.js';
import { formatScore } from '../lib/format.js';
import { Link } from './Link.jsx';
import { PanelHeading } from './PanelHeading.jsx';
import { SortableTable } from './SortableTable.jsx';
import { AsyncView } from './Status.jsx';

export const TOP_CHOICES = [10, 20, 50];
const DEFAULT_TOP = 20;

export function InfluencePanel() {
  const params = useUrlParams();
  const chosen = Number(params.get('top'));
  const top = TOP_CHOICES.includes(chosen) ? chosen : DEFAULT_TOP;
  return (
    <section className="panel" aria-labelledby="panel-title">
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
      </div>
      <div className="ranking-list">
        {MEASURES.map((measure) => (
          <MeasureCard key={measure.id} measure={measure} top={top} />
        ))}
      </div>
    </section>
  );
}

/** @param {{measure: (typeof MEASURES)[number], top: number}} props */
function MeasureCard({ measure, top }) {
  const state = useApi(`${measure.id}/${top}`, (signal) => getMeasure(measure, top, signal));
  const headingId = `measure-${measure.id}`;
  const columns = [
    { key: 'rank', label: '#', numeric: true },
    {
      key: 'name',
      label: 'Name',
      render: (row) => (
        <Link to={{ panel: 'explorer', streamer: row.name, expand: null, top: null }}>{row.name}</Link>
      ),
    },
    { key: 'value', label: 'Score', numeric: true, render: (row) => formatScore(row.value) },
  ];
  return (
    <article className="card ranking-card" aria-labelledby={headingId} data-measure={measure.id}>
      <h3 id={headingId}>{measure.title}</h3>
      <p className="muted">{measure.sentence}</p>
      <AsyncView
        state={state}
        what={measure.title}
        isEmpty={(rows) => rows.length === 0}
        empty="The graph is empty: load some data first."
      >
        {(rows) => (
          <div className="chart-and-table">
            <BarChart rows={rows} title={measure.title} format={formatScore} colour="#0f766e" />
            <SortableTable
              caption={`${measure.title}, top ${top}`}
              columns={columns}
              rows={rows.map((row, i) => ({ ...row, rank: i + 1 }))}
              rowKey={(row) => `${row.rank}`}
            />
          </div>
        )}
      </AsyncView>
    </article>
  );
}
