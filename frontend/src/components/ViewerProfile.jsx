/**
 * A viewer's profile, as the operator sees it: name and last analysed day, recent and all-time favourite
 * channels and games, workday and weekend schedules, watch time per day, and one day's schedule.
 */
import { max } from 'd3-array';
import { useMemo } from 'react';
import { getViewer } from '../api/endpoints.js';
import { BarChart } from '../charts/BarChart.jsx';
import { CalendarHeatmap } from '../charts/CalendarHeatmap.jsx';
import { HourChart, hourLabel, HOURS } from '../charts/HourChart.jsx';
import { SeriesLegend } from '../charts/SeriesLegend.jsx';
import { useAccessErrors } from '../hooks/useAccessErrors.js';
import { useApi } from '../hooks/useApi.js';
import { followLink, navigate, withParams } from '../hooks/useUrlState.js';
import {
  formatAverageMinutes,
  formatCount,
  formatDate,
  formatMinutes,
  formatPercent,
} from '../lib/format.js';
import { HEAT_COLOURS, SANITY_COLOURS } from '../lib/palette.js';
import { browserTimeZone, hoursBetween, isTimeZone, shiftHours } from '../lib/timezone.js';
import { Link } from './Link.jsx';
import { SortableTable } from './SortableTable.jsx';
import { Empty, ErrorMessage, Loading } from './Status.jsx';
import { ViewerDay } from './ViewerDay.jsx';

// The favourite lists show this many rows; the API's order (best first) is kept.
export const TOP_FAVOURITES = 10;
const SCHEDULE_SERIES = [
  { key: 'workday', label: 'Workdays (Mon–Fri)', colour: '#6d28d9', dash: '' },
  { key: 'weekend', label: 'Weekends (Sat–Sun)', colour: '#c2410c', dash: '6 4' },
];

/**
 * @param {{login: string, day: string|null, token: string, onAccessError: (status: number) => void,
 *   zone?: 'server'|'browser'}} props `zone`: whose time zone the hours are shown in (the server's by
 *   default: the one the profile was computed in)
 */
export function ViewerProfile({ login, day, token, onAccessError, zone = 'server' }) {
  const state = useApi(`viewer\u0000${login}`, (signal) => getViewer(login, token, signal));
  const handled = useAccessErrors(state.error, onAccessError);
  if (handled) return null;
  if (state.error?.status === 404) {
    return (
      <ErrorMessage
        what={`a profile for “${login}”`}
        error={
          new Error(
            'No viewer with this login has been seen on a processed day. Check the spelling (Twitch logins ' +
              'are lowercase), or process more days.',
          )
        }
      />
    );
  }
  if (state.error)
    return <ErrorMessage error={state.error} onRetry={state.reload} what={`${login}’s profile`} />;
  if (state.loading || !state.data) return <Loading>Loading {login}’s profile…</Loading>;
  return <Profile profile={state.data} day={day} zone={zone} token={token} onAccessError={onAccessError} />;
}

/**
 * The zone the page shows hours in, and how far its hours are from the server's (the profile's).
 * @param {string} serverZone the profile's (TWITCHGRAPH_TIMEZONE)
 * @param {'server'|'browser'} zone the user's choice
 * @param {string} isoDate the day the offset is taken on (the last analysed)
 * @param {string} [browserZone]
 */
export function pageTimeZone(serverZone, zone, isoDate, browserZone = browserTimeZone()) {
  const server = isTimeZone(serverZone) ? serverZone : 'UTC';
  const timeZone = zone === 'browser' ? browserZone : server;
  return { timeZone, server, browser: browserZone, shift: hoursBetween(server, timeZone, isoDate) };
}

/** The explorer's view of a channel or game of the profile (a fresh URL: nothing of this page's). */
const explorerLink = (name) => {
  const to = { panel: 'explorer', streamer: name };
  return { href: withParams(to, new URLSearchParams()), onClick: (event) => followLink(event, to, []) };
};

function Profile({ profile, day, zone, token, onAccessError }) {
  const totalMinutes = profile.heatmap.reduce((sum, d) => sum + d.minutes, 0);
  const zones = pageTimeZone(profile.timezone, zone, profile.last_analysed);
  const shownDay = day ?? [...profile.days].sort().at(-1) ?? null; // panel 8's, the latest by default
  return (
    <div className="profile" data-login={profile.login}>
      <article className="card profile-summary" aria-labelledby="viewer-name" data-card="viewer-summary">
        <h3 id="viewer-name" data-testid="viewer-login">
          {profile.login}
        </h3>
        <dl className="facts facts--inline">
          <div>
            <dt>Last analysed</dt>
            <dd>
              <time
                dateTime={profile.last_analysed}
                data-testid="last-analysed"
                data-value={profile.last_analysed}
              >
                {formatDate(profile.last_analysed)}
              </time>
            </dd>
          </div>
          <div>
            <dt>Days on record</dt>
            <dd data-testid="days-on-record" data-value={profile.days.length}>
              {formatCount(profile.days.length)}
            </dd>
          </div>
          <div>
            <dt>Watch time on record</dt>
            <dd data-testid="total-watch-time" data-value={totalMinutes}>
              {formatMinutes(totalMinutes)}
            </dd>
          </div>
        </dl>
        <TimeZoneChoice zones={zones} zone={zone} />
      </article>
      <div className="profile-grid">
        <FavouritesCard
          id="recent-channels"
          title="Recent favourite channels"
          description="Share of the recent score: each day’s minutes, averaged over about four weeks, recent days weighing more."
          rows={profile.recent_channels.map((r) => ({ name: r.name, value: r.score_pct }))}
          format={formatPercent}
          empty="No channel in the recent score."
          linkOf={(row) => explorerLink(row.name)}
        />
        <FavouritesCard
          id="recent-games"
          title="Recent favourite games"
          description="The same recent score, by the game being played."
          rows={profile.recent_games.map((r) => ({ name: r.name, value: r.score_pct }))}
          format={formatPercent}
          empty="No game in the recent score."
          colour="#0f766e"
          linkOf={(row) => explorerLink(`Game:${row.name}`)}
        />
        <FavouritesCard
          id="all-time-channels"
          title="All-time favourite channels"
          description="Watch time in each channel, every processed day together."
          rows={profile.all_time_channels.map((r) => ({ name: r.name, value: r.minutes }))}
          format={formatMinutes}
          empty="No watch time on record."
          linkOf={(row) => explorerLink(row.name)}
        />
        <FavouritesCard
          id="all-time-games"
          title="All-time favourite games"
          description="Watch time by game, every processed day together."
          rows={profile.all_time_games.map((r) => ({ name: r.name, value: r.minutes }))}
          format={formatMinutes}
          empty="No watch time on record."
          colour="#0f766e"
          linkOf={(row) => explorerLink(`Game:${row.name}`)}
        />
      </div>
      <ScheduleCard workday={profile.workday_schedule} weekend={profile.weekend_schedule} zones={zones} />
      <HeatmapCard heatmap={profile.heatmap} days={profile.days} selected={shownDay} zones={zones} />
      <ViewerDay
        login={profile.login}
        days={profile.days}
        day={day}
        token={token}
        onAccessError={onAccessError}
        timeZone={zones.timeZone}
        serverZone={zones.server}
      />
    </div>
  );
}

/**
 * The page's one time zone, named, with the switch to the other (the server's or the browser's): every
 * hour on the page is in it. Days stay the server's days (a day is processed whole, in its zone).
 */
function TimeZoneChoice({ zones, zone }) {
  const same = zones.server === zones.browser;
  return (
    <p className="time-zone" data-testid="time-zone" data-value={zones.timeZone}>
      <span>
        Hours on this page are in <strong>{zones.timeZone}</strong>
        {same
          ? ', the server’s time zone and yours.'
          : zone === 'browser'
            ? ', your time zone.'
            : ', the server’s time zone.'}
        {zone === 'browser' && !same && ` Days are the server’s days (${zones.server}).`}
      </span>{' '}
      {!same && (
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={() => navigate({ tz: zone === 'browser' ? null : 'browser' }, { replace: true })}
        >
          {zone === 'browser' ? `Use the server’s (${zones.server})` : `Use mine (${zones.browser})`}
        </button>
      )}
    </p>
  );
}

/** Panels 2 to 5: a favourites list as bars with their numbers, each name a link when `linkOf` says. */
function FavouritesCard({ id, title, description, rows, format, empty, colour, linkOf }) {
  const shown = rows.slice(0, TOP_FAVOURITES);
  const summary =
    `${title}: ` +
    (shown.length ? shown.map((row) => `${row.name} ${format(row.value)}`).join(', ') : 'none') +
    '.';
  return (
    <article className="card" aria-labelledby={`viewer-${id}`} data-card={id}>
      <h3 id={`viewer-${id}`}>{title}</h3>
      <p className="muted">
        {description}
        {rows.length > TOP_FAVOURITES && ` The top ${TOP_FAVOURITES} of ${formatCount(rows.length)}.`}
      </p>
      {shown.length ? (
        <BarChart
          rows={shown}
          title={title}
          format={format}
          colour={colour}
          summary={summary}
          linkOf={linkOf}
        />
      ) : (
        <Empty>{empty}</Empty>
      )}
    </article>
  );
}

/** Panel 6: minutes per hour of the day, on workdays and on weekends, in the page's time zone. */
function ScheduleCard({ workday: serverWorkday, weekend: serverWeekend, zones }) {
  // The schedules are kept in the server's hours: moved to the page's zone's.
  const workday = shiftHours(serverWorkday, zones.shift);
  const weekend = shiftHours(serverWeekend, zones.shift);
  const series = [
    { ...SCHEDULE_SERIES[0], values: workday },
    { ...SCHEDULE_SERIES[1], values: weekend },
  ];
  const rows = HOURS.map((hour) => ({ hour, workday: workday[hour] ?? 0, weekend: weekend[hour] ?? 0 }));
  const columns = [
    { key: 'hour', label: 'Hour', numeric: true, render: (row) => `${hourLabel(row.hour)}:00` },
    { key: 'workday', label: 'Workdays', numeric: true, render: (row) => formatAverageMinutes(row.workday) },
    { key: 'weekend', label: 'Weekends', numeric: true, render: (row) => formatAverageMinutes(row.weekend) },
  ];
  return (
    <article className="card" aria-labelledby="viewer-schedule" data-card="schedule">
      <h3 id="viewer-schedule">Workday and weekend schedule</h3>
      <p className="muted">
        Minutes watched in each hour of the day ({zones.timeZone}), averaged over about the last 20 workdays
        and the last 8 weekend days, recent days weighing more.
        {!Number.isInteger(zones.shift) &&
          ` ${zones.timeZone} is ${Math.abs(zones.shift)} hours from the server’s zone: each hour is shown at the nearest whole hour.`}
      </p>
      <SeriesLegend label="Legend: schedules" items={series} />
      <HourChart series={series} title="Workday and weekend schedule" format={formatAverageMinutes} />
      <p className="chart-summary">{series.map((s) => peakSentence(s.label, s.values)).join(' ')}</p>
      <details className="numbers">
        <summary>The schedule in numbers</summary>
        <SortableTable
          caption="Minutes watched per hour of the day"
          columns={columns}
          rows={rows}
          rowKey={(row) => String(row.hour)}
        />
      </details>
    </article>
  );
}

/** "Workdays: most at 21:00–22:00 (34.2 min)." */
export function peakSentence(label, values) {
  const top = max(values) ?? 0;
  if (!(top > 0)) return `${label}: no watching on record.`;
  const hour = values.indexOf(top);
  return `${label}: most at ${hourLabel(hour)}:00–${hourLabel((hour + 1) % 24)}:00 (${formatAverageMinutes(top)}).`;
}

// Steps of the watch-time colours, in minutes: the smallest whose four steps cover the busiest day.
const HEAT_STEPS = [5, 10, 15, 30, 60, 90, 120, 180, 240, 360];

/**
 * The colour of a day's watch time: none is grey, then four steps of a round number of minutes.
 * @param {number[]} minutes every day's
 * @returns {{colourOf: (minutes: number) => string, step: number,
 *   legend: {key: string, label: string, colour: string}[]}}
 */
export function heatScale(minutes) {
  const top = max(minutes) || 0;
  const levels = HEAT_COLOURS.length;
  const step = HEAT_STEPS.find((s) => s * levels >= top) ?? Math.ceil(top / levels / 60) * 60;
  const legend = [{ key: 'none', label: 'None', colour: SANITY_COLOURS.none }];
  HEAT_COLOURS.forEach((colour, i) => {
    let label = `${formatMinutes(i * step)} to ${formatMinutes((i + 1) * step)}`;
    if (i === 0) label = `up to ${formatMinutes(step)}`;
    if (i === levels - 1) label = `over ${formatMinutes(i * step)}`;
    legend.push({ key: colour, label, colour });
  });
  const colourOf = (value) =>
    value > 0 ? HEAT_COLOURS[Math.min(levels - 1, Math.ceil(value / step) - 1)] : SANITY_COLOURS.none;
  return { colourOf, step, legend };
}

/** Panel 7: the calendar of watch time; a day with a record opens its schedule below. */
function HeatmapCard({ heatmap, days, selected, zones }) {
  const byDate = useMemo(() => new Map(heatmap.map((d) => [d.date, d.minutes])), [heatmap]);
  const onRecord = useMemo(() => new Set(days), [days]);
  const { colourOf, legend } = useMemo(() => heatScale(heatmap.map((d) => d.minutes)), [heatmap]);
  const watched = heatmap.filter((d) => d.minutes > 0);
  const busiest = watched.reduce((best, d) => (best && best.minutes >= d.minutes ? best : d), null);
  const dates = heatmap.map((d) => d.date);
  const summary = busiest
    ? `${formatCount(watched.length)} ${watched.length === 1 ? 'day' : 'days'} with watching; the most on ` +
      `${formatDate(busiest.date)} (${formatMinutes(busiest.minutes)}).`
    : 'No watch time on record.';
  const columns = [
    {
      key: 'date',
      label: 'Day',
      render: (row) =>
        onRecord.has(row.date) ? (
          <Link to={{ day: row.date }} aria-label={`${row.date}: show its schedule`}>
            {row.date}
          </Link>
        ) : (
          row.date
        ),
    },
    { key: 'minutes', label: 'Watch time', numeric: true, render: (row) => formatMinutes(row.minutes) },
  ];
  return (
    <article className="card" aria-labelledby="viewer-heatmap" data-card="heatmap">
      <h3 id="viewer-heatmap">Watch time per day</h3>
      <p className="muted">
        Minutes watched on each date (the server’s days, in {zones.server}). Click a day to see its schedule
        below.
      </p>
      {heatmap.length === 0 ? (
        <Empty>No watch time on record.</Empty>
      ) : (
        <>
          <SeriesLegend label="Legend: watch time per day" items={legend} />
          <CalendarHeatmap
            name="watch-time"
            dates={dates}
            label={`Watch time per day: ${summary}`}
            colourOf={(date) => colourOf(byDate.get(date) ?? 0)}
            describe={(date) =>
              `${formatDate(date)}: ${formatMinutes(byDate.get(date) ?? 0)}${date === selected ? ' (its schedule is below)' : ''}`
            }
            selected={selected}
            selectable={(date) => onRecord.has(date)}
            onSelect={(date) => navigate({ day: date })}
          />
          <p className="chart-summary">{summary}</p>
          <details className="numbers">
            <summary>Watch time per day in numbers</summary>
            <SortableTable
              caption="Minutes watched per date"
              columns={columns}
              rows={heatmap}
              rowKey={(row) => row.date}
              initialSort={{ key: 'date', direction: 'descending' }}
            />
          </details>
        </>
      )}
    </article>
  );
}
