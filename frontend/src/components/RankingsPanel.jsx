/** Rankings: the six top-N lists as bar charts with sortable tables beside them; N is the user's. */
import { useEffect, useEffectEvent } from 'react';
import { getRanking } from '../api/endpoints.js';
import { RANKINGS } from '../api/rankings.js';
import { BarChart } from '../charts/BarChart.jsx';
import { useApi } from '../hooks/useApi.js';
import { useDebounced } from '../hooks/useDebounced.js';
import { useResetState } from '../hooks/useResetState.js';
import { navigate, useUrlParams } from '../hooks/useUrlState.js';
import { formatCount } from '../lib/format.js';
import { Link } from './Link.jsx';
import { PanelHeading } from './PanelHeading.jsx';
import { SortableTable } from './SortableTable.jsx';
import { AsyncView } from './Status.jsx';

export const DEFAULT_N = 10;
export const MAX_N = 100;

/** N from the URL, or the default when it is missing or not a whole number in range. */
export function parseN(text) {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= MAX_N ? n : DEFAULT_N;
}

export function RankingsPanel() {
  const params = useUrlParams();
  const n = parseN(params.get('n'));
  // A URL change (Back) resets the draft; only a settled edit moves the URL.
  const [draft, setDraft] = useResetState(String(n));
  const settled = useDebounced(draft, 300);
  // Reads the current N without reacting to it: a new N alone must not send a stale draft to the URL.
  const onSettled = useEffectEvent((text) => {
    const value = Number(text);
    if (Number.isInteger(value) && value >= 1 && value <= MAX_N && value !== n) {
      navigate({ n: value === DEFAULT_N ? null : value }, { replace: true });
    }
  });
  useEffect(() => onSettled(settled), [settled]);

  const invalid = !(Number.isInteger(Number(draft)) && Number(draft) >= 1 && Number(draft) <= MAX_N);
  return (
    <section className="panel" aria-labelledby="panel-title">
      <PanelHeading title="Rankings">
        Top games, teams, VIPs, moderators and streamers. Click a column to sort a table.
      </PanelHeading>
      <form className="toolbar" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="rankings-n">Show the top</label>
        <input
          id="rankings-n"
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_N}
          value={draft}
          aria-invalid={invalid}
          aria-describedby="rankings-n-hint"
          onChange={(event) => setDraft(event.target.value)}
        />
        <span id="rankings-n-hint" className={invalid ? 'hint hint--error' : 'hint'}>
          {invalid ? `Enter a whole number from 1 to ${MAX_N}.` : `1 to ${MAX_N}`}
        </span>
      </form>
      <div className="ranking-list">
        {RANKINGS.map((ranking) => (
          <RankingCard key={ranking.route} ranking={ranking} n={n} />
        ))}
      </div>
    </section>
  );
}

/** @param {{ranking: import('../api/rankings.js').Ranking, n: number}} props */
export function RankingCard({ ranking, n }) {
  const state = useApi(`${ranking.route}/${n}`, (signal) => getRanking(ranking, n, signal));
  const headingId = `ranking-${ranking.route}`;
  const columns = [
    { key: 'rank', label: '#', numeric: true },
    {
      key: 'name',
      label: 'Name',
      render: ranking.streamers
        ? (row) => <Link to={{ panel: 'explorer', streamer: row.name, expand: null }}>{row.name}</Link>
        : undefined,
    },
    { key: 'value', label: ranking.valueLabel, numeric: true, render: (row) => formatCount(row.value) },
  ];
  return (
    <article className="card ranking-card" aria-labelledby={headingId} data-route={ranking.route}>
      <h3 id={headingId}>{ranking.title}</h3>
      <p className="muted">{ranking.description}</p>
      <AsyncView state={state} what={ranking.title.toLowerCase()} isEmpty={(rows) => rows.length === 0}>
        {(rows) => {
          const ranked = rows.map((row, i) => ({ ...row, rank: i + 1 }));
          return (
            <div className="chart-and-table">
              <BarChart rows={rows} title={ranking.title} format={formatCount} />
              <SortableTable
                caption={`${ranking.title}, top ${n}`}
                columns={columns}
                rows={ranked}
                rowKey={(row) => `${row.rank}`}
              />
            </div>
          );
        }}
      </AsyncView>
    </article>
  );
}
