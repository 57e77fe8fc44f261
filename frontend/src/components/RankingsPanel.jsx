/**
 * Rankings: the top-N lists, each as bars or as a sortable table (one view at a time, the user's choice);
 * every name opens in the explorer. The rankings of people leave known bots out unless asked.
 * URL: ?panel=rankings&n=N&view=table&include_bots=1
 */
import { useEffect, useEffectEvent } from 'react';
import { getRanking } from '../api/endpoints.js';
import { explorerKey, RANKINGS } from '../api/rankings.js';
import { BarChart } from '../charts/BarChart.jsx';
import { useApi } from '../hooks/useApi.js';
import { useDebounced } from '../hooks/useDebounced.js';
import { useResetState } from '../hooks/useResetState.js';
import { followLink, navigate, useUrlParams, withParams } from '../hooks/useUrlState.js';
import { formatCount } from '../lib/format.js';
import { Link } from './Link.jsx';
import { PanelHeading } from './PanelHeading.jsx';
import { SortableTable } from './SortableTable.jsx';
import { AsyncView } from './Status.jsx';
import { ViewSwitch } from './ViewSwitch.jsx';

export const DEFAULT_N = 10;
export const MAX_N = 100;

/** N from the URL, or the default when it is missing or not a whole number in range. */
export function parseN(text) {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= MAX_N ? n : DEFAULT_N;
}

export const VIEWS = [
  { id: 'bars', title: 'Bars' },
  { id: 'table', title: 'Table' },
];

/** The view the URL names (bars by default). */
export function parseView(text) {
  return VIEWS.some((view) => view.id === text) ? text : 'bars';
}

/**
 * The explorer's view of a ranking's row: a fresh URL (nothing of the rankings' state, such as `n`,
 * follows the user there).
 */
export function explorerTarget(ranking, name) {
  return { panel: 'explorer', streamer: explorerKey(ranking, name) };
}

export function RankingsPanel() {
  const params = useUrlParams();
  const n = parseN(params.get('n'));
  const view = parseView(params.get('view'));
  const includeBots = params.get('include_bots') === '1';
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
        Top streamers, games, teams, VIPs and moderators, as bars or as tables. Click a name to open it in the
        explorer.
      </PanelHeading>
      <form className="toolbar rankings-toolbar" onSubmit={(event) => event.preventDefault()}>
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
        <ViewSwitch views={VIEWS} view={view} label="Show each ranking as" />
        <label className="check">
          <input
            type="checkbox"
            checked={includeBots}
            onChange={(event) =>
              navigate({ include_bots: event.target.checked ? '1' : null }, { replace: true })
            }
          />
          Include known bots
        </label>
      </form>
      <p className="muted rankings-note" role="status">
        {includeBots
          ? 'Bots are counted in the VIPs, the moderators and the chatters.'
          : 'Known chat bots (such as Nightbot), banned accounts and accounts chatting in very many channels are left out of the VIPs, the moderators and the chatters.'}
      </p>
      <div className="ranking-list">
        {RANKINGS.map((ranking) => (
          <RankingCard key={ranking.route} ranking={ranking} n={n} view={view} includeBots={includeBots} />
        ))}
      </div>
    </section>
  );
}

/**
 * @param {{ranking: import('../api/rankings.js').Ranking, n: number, view?: 'bars'|'table',
 *   includeBots?: boolean}} props
 */
export function RankingCard({ ranking, n, view = 'bars', includeBots = false }) {
  const bots = includeBots && ranking.people;
  const state = useApi(`${ranking.route}/${n}${bots ? '/bots' : ''}`, (signal) =>
    getRanking(ranking, n, signal, { includeBots: bots }),
  );
  const headingId = `ranking-${ranking.route}`;
  const columns = [
    { key: 'rank', label: '#', numeric: true },
    {
      key: 'name',
      label: 'Name',
      render: (row) => (
        <Link to={explorerTarget(ranking, row.name)} keep={[]}>
          {row.name}
        </Link>
      ),
    },
    { key: 'value', label: ranking.valueLabel, numeric: true, render: (row) => formatCount(row.value) },
  ];
  const linkOf = (row) => {
    const to = explorerTarget(ranking, row.name);
    return { href: withParams(to, new URLSearchParams()), onClick: (event) => followLink(event, to, []) };
  };
  return (
    <article
      className="card ranking-card"
      aria-labelledby={headingId}
      data-route={ranking.route}
      data-view={view}
      data-bots={ranking.people ? String(bots) : undefined}
    >
      <h3 id={headingId}>{ranking.title}</h3>
      <p className="muted">
        {ranking.description}
        {ranking.people && (bots ? ' Bots included.' : ' Known bots left out.')} Click a name to explore it.
      </p>
      <AsyncView state={state} what={ranking.title.toLowerCase()} isEmpty={(rows) => rows.length === 0}>
        {(rows) =>
          view === 'table' ? (
            <SortableTable
              caption={`${ranking.title}, top ${n}`}
              columns={columns}
              rows={rows.map((row, i) => ({ ...row, rank: i + 1 }))}
              rowKey={(row) => `${row.rank}`}
            />
          ) : (
            <BarChart
              rows={rows}
              title={ranking.title}
              format={formatCount}
              linkOf={linkOf}
              summary={`${ranking.title}, top ${n}: bar chart of ${rows.length} rows, each name a link to the explorer; the table view has the same numbers.`}
            />
          )
        }
      </AsyncView>
    </article>
  );
}
