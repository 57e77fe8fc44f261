/**
 * Panel 8 of a viewer: one day's schedule. Pick a date the viewer has a record of; see the windows they
 * were seen in, as a timeline by channel and as a table.
 */
import { getViewerDay } from '../api/endpoints.js';
import { DayTimeline } from '../charts/DayTimeline.jsx';
import { useAccessErrors } from '../hooks/useAccessErrors.js';
import { useApi } from '../hooks/useApi.js';
import { navigate } from '../hooks/useUrlState.js';
import { formatCount, formatDate, formatMinutes } from '../lib/format.js';
import { browserTimeZone, clockIn } from '../lib/timezone.js';
import { Link } from './Link.jsx';
import { SortableTable } from './SortableTable.jsx';
import { Empty, ErrorMessage, Loading } from './Status.jsx';

/**
 * @param {{login: string, days: string[], day: string|null, token: string,
 *   onAccessError: (status: number) => void, timeZone?: string, serverZone?: string}} props `day`: the
 *   URL's, the latest day when null; `timeZone`: the page's, of every time shown (the browser's when
 *   absent); `serverZone`: the zone the days are days of
 */
export function ViewerDay({
  login,
  days,
  day,
  token,
  onAccessError,
  timeZone = browserTimeZone(),
  serverZone,
}) {
  const latestFirst = [...days].sort().reverse();
  const chosen = day ?? latestFirst[0] ?? null;
  const index = latestFirst.indexOf(chosen);
  const options = index === -1 && chosen ? [chosen, ...latestFirst] : latestFirst;

  return (
    <article className="card" aria-labelledby="viewer-day-title" data-card="day">
      <h3 id="viewer-day-title">One day’s schedule</h3>
      <p className="muted">
        The channels {login} was seen in on one day{serverZone ? ` (a day in ${serverZone})` : ''}, window by
        window, with the game in the tooltip. Times are in {timeZone}.
      </p>
      {chosen === null ? (
        <Empty>No day on record for {login}.</Empty>
      ) : (
        <>
          <div className="toolbar day-picker">
            <label htmlFor="viewer-day">Day</label>
            <select
              id="viewer-day"
              value={chosen}
              onChange={(event) => navigate({ day: event.target.value })}
            >
              {options.map((date) => (
                <option key={date} value={date}>
                  {formatDate(date)}
                  {days.includes(date) ? '' : ' (no record)'}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--small button--quiet"
              disabled={index === -1 || index === latestFirst.length - 1}
              onClick={() => navigate({ day: latestFirst[index + 1] })}
            >
              <span aria-hidden="true">◀ </span>Earlier day
            </button>
            <button
              type="button"
              className="button button--small button--quiet"
              disabled={index <= 0}
              onClick={() => navigate({ day: latestFirst[index - 1] })}
            >
              Later day<span aria-hidden="true"> ▶</span>
            </button>
          </div>
          <DaySchedule
            key={chosen}
            login={login}
            date={chosen}
            token={token}
            onAccessError={onAccessError}
            timeZone={timeZone}
          />
        </>
      )}
    </article>
  );
}

function DaySchedule({ login, date, token, onAccessError, timeZone }) {
  const state = useApi(`day\u0000${login}\u0000${date}`, (signal) =>
    getViewerDay(login, date, token, signal),
  );
  const handled = useAccessErrors(state.error, onAccessError);
  if (handled) return null;
  if (state.error?.status === 404) {
    return <Empty>{`No record of ${login} on ${formatDate(date)}: pick another day.`}</Empty>;
  }
  if (state.error) return <ErrorMessage error={state.error} onRetry={state.reload} what={`${login}’s day`} />;
  if (state.loading || !state.data) return <Loading>Loading {formatDate(date)}…</Loading>;
  const { windows } = state.data;
  if (windows.length === 0) return <Empty>{`${login} was not seen on ${formatDate(date)}.`}</Empty>;

  const minutes = windows.reduce((sum, w) => sum + w.minutes, 0);
  const channels = new Set(windows.map((w) => w.channel)).size;
  const rows = windows.map((w) => ({ ...w, startMs: Date.parse(w.start), game: w.game ?? '' }));
  const columns = [
    { key: 'startMs', label: 'Start', numeric: true, render: (row) => clockIn(row.startMs, timeZone) },
    {
      key: 'channel',
      label: 'Channel',
      render: (row) => (
        <Link to={{ panel: 'explorer', streamer: row.channel }} keep={[]}>
          {row.channel}
        </Link>
      ),
    },
    { key: 'game', label: 'Game', render: (row) => row.game || '–' },
    { key: 'minutes', label: 'Minutes', numeric: true, render: (row) => formatCount(row.minutes) },
  ];
  return (
    <>
      <p className="chart-summary" data-testid="day-total" data-value={minutes}>
        {formatMinutes(minutes)} in {formatCount(channels)} {channels === 1 ? 'channel' : 'channels'} on{' '}
        {formatDate(date)}.
      </p>
      <DayTimeline date={date} windows={windows} login={login} timeZone={timeZone} />
      <details className="numbers">
        <summary>The day’s windows in numbers</summary>
        <SortableTable
          caption={`Windows ${login} was seen in on ${date}`}
          columns={columns}
          rows={rows}
          rowKey={(row) => `${row.start}\u0000${row.channel}`}
        />
      </details>
    </>
  );
}
