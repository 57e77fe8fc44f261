/**
 * Overview: how day processing is doing. Database sanity, viewers tracked on the last processed day and
 * the change, viewers per day, sanity per day (calendar), and the time each stage took per day.
 * URL: ?panel=overview
 */
import { useMemo } from 'react';
import { getPipelineDays, getPipelineHealth } from '../api/endpoints.js';
import { CalendarHeatmap } from '../charts/CalendarHeatmap.jsx';
import { ColumnChart } from '../charts/ColumnChart.jsx';
import { SeriesLegend } from '../charts/SeriesLegend.jsx';
import { useApi } from '../hooks/useApi.js';
import {
  dateOf,
  formatCompact,
  formatCount,
  formatDate,
  formatSeconds,
  formatShortDate,
  formatSigned,
} from '../lib/format.js';
import { categoryColour, SANITY_COLOURS } from '../lib/palette.js';
import { NoDayYet } from './NoDayYet.jsx';
import { PanelHeading } from './PanelHeading.jsx';
import { SortableTable } from './SortableTable.jsx';
import { AsyncView, Empty } from './Status.jsx';

const VIEWERS_COLOUR = '#6d28d9';
const SANITY_NAMES = { ok: 'OK', failed: 'Failed', unknown: 'Unknown' };
// A failed-days sentence names them up to this many, then only counts them.
const NAMED_FAILURES = 8;

export function OverviewPanel() {
  const health = useApi('pipeline/health', getPipelineHealth);
  const days = useApi('pipeline/days', getPipelineDays);
  return (
    <section className="panel" aria-labelledby="panel-title">
      <PanelHeading title="Overview">
        Day processing: whether the database checks out, how many viewers each day tracked, and how long each
        stage took.
      </PanelHeading>
      <AsyncView state={health} what="the pipeline's health">
        {(data) => <HealthCards health={data} />}
      </AsyncView>
      <div className="overview-charts">
        <article className="card" aria-labelledby="overview-viewers" data-card="viewers-per-day">
          <h3 id="overview-viewers">Viewers tracked per day</h3>
          <p className="muted">Distinct viewers seen in the samples of each processed day, bots removed.</p>
          <AsyncView
            state={days}
            what="the processed days"
            isEmpty={(rows) => rows.length === 0}
            empty={<NoDayYet what="day" />}
          >
            {(rows) => <ViewersPerDay days={rows} />}
          </AsyncView>
        </article>
        <article className="card" aria-labelledby="overview-sanity" data-card="sanity-per-day">
          <h3 id="overview-sanity">Sanity per day</h3>
          <p className="muted">
            Each day, one random viewer’s day is recomputed from the raw samples and compared with the
            database: OK when they agree.
          </p>
          <AsyncView
            state={health}
            what="the sanity per day"
            isEmpty={(data) => data.days.length === 0}
            empty={<NoDayYet what="day" />}
          >
            {(data) => <SanityCalendar days={data.days} />}
          </AsyncView>
        </article>
        <article className="card" aria-labelledby="overview-stages" data-card="stage-times">
          <h3 id="overview-stages">Time each stage took</h3>
          <p className="muted">Seconds spent by each stage of day processing, per day, stacked.</p>
          <AsyncView
            state={days}
            what="the stage times"
            isEmpty={(rows) => rows.length === 0}
            empty={<NoDayYet what="day" />}
          >
            {(rows) => <StageTimes days={rows} />}
          </AsyncView>
        </article>
      </div>
    </section>
  );
}

/** Panels 1 and 2: database sanity with the last day, and its viewers with the change. */
function HealthCards({ health }) {
  const {
    sanity,
    last_day: lastDay,
    viewers_last_day: viewers,
    viewers_change: change,
    compared_with: comparedWith,
  } = health;
  const known = SANITY_NAMES[sanity] ? sanity : 'unknown';
  return (
    <div className="overview-stats">
      <article className="card stat-card" aria-labelledby="overview-health" data-card="sanity">
        <h3 id="overview-health">Database sanity</h3>
        <p className="stat">
          <span className={`sanity sanity--${known}`} data-testid="sanity" data-value={sanity}>
            <span aria-hidden="true">{{ ok: '✓', failed: '✗', unknown: '?' }[known]} </span>
            {SANITY_NAMES[known]}
          </span>
        </p>
        {lastDay ? (
          <p className="muted">
            Last processed day:{' '}
            <time dateTime={lastDay} data-testid="last-day" data-value={lastDay}>
              {formatDate(lastDay)}
            </time>
            {known === 'failed' && '. Its check failed: see the server’s log for that day.'}
          </p>
        ) : (
          <Empty>
            <NoDayYet what="check" />
          </Empty>
        )}
      </article>
      <article
        className="card stat-card"
        aria-labelledby="overview-last-viewers"
        data-card="viewers-last-day"
      >
        <h3 id="overview-last-viewers">
          Viewers tracked {lastDay ? `on ${formatShortDate(lastDay)}` : 'on the last day'}
        </h3>
        <p className="stat">
          <span data-testid="viewers-last-day" data-value={viewers}>
            {formatCount(viewers)}
          </span>
        </p>
        <p className="muted" data-testid="viewers-change" data-value={change ?? ''}>
          {change === null || change === undefined ? (
            lastDay ? (
              <WeekEarlierMissing lastDay={lastDay} comparedWith={comparedWith} />
            ) : (
              'No processed day yet.'
            )
          ) : (
            <>
              <span
                className={change > 0 ? 'change change--up' : change < 0 ? 'change change--down' : 'change'}
              >
                <span aria-hidden="true">{change > 0 ? '▲ ' : change < 0 ? '▼ ' : ''}</span>
                {formatSigned(change)}
              </span>{' '}
              {weekEarlierWords(lastDay, comparedWith)}
            </>
          )}
        </p>
      </article>
    </div>
  );
}

/**
 * "since Sat, May 2 (the same weekday a week earlier)": the change compares like with like, a Saturday
 * with a Saturday, so that a normal weekend-to-Monday drop is no alarm.
 */
export function weekEarlierWords(lastDay, comparedWith) {
  const weekday = formatWeekday(lastDay);
  return `since ${formatDate(comparedWith)} (${weekday ? `the ${weekday}` : 'the same weekday'} a week earlier)`;
}

function WeekEarlierMissing({ lastDay, comparedWith }) {
  return comparedWith
    ? `The change is counted from the same weekday a week earlier (${formatDate(comparedWith)}), which was not processed.`
    : `Nothing to compare ${formatShortDate(lastDay)} with yet.`;
}

/** "2026-05-09" -> "Saturday"; null when not a date. */
function formatWeekday(isoDate) {
  const date = dateOf(isoDate);
  return Number.isNaN(date.getTime()) ? null : WEEKDAY.format(date);
}

const WEEKDAY = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' });

/** Panel 3: a column per day, and the day's counts in a table. */
function ViewersPerDay({ days }) {
  const rows = useMemo(
    () =>
      days.map((d) => ({
        id: d.date,
        label: formatShortDate(d.date),
        title: formatDate(d.date),
        values: { viewers: d.viewers },
      })),
    [days],
  );
  const columns = [
    { key: 'date', label: 'Day' },
    { key: 'viewers', label: 'Viewers', numeric: true, render: (row) => formatCount(row.viewers) },
    { key: 'channels', label: 'Channels', numeric: true, render: (row) => formatCount(row.channels) },
    { key: 'windows', label: 'Windows', numeric: true, render: (row) => formatCount(row.windows) },
    { key: 'presences', label: 'Presences', numeric: true, render: (row) => formatCount(row.presences) },
    {
      key: 'bots_banned',
      label: 'Bots banned',
      numeric: true,
      render: (row) => formatCount(row.bots_banned),
    },
    { key: 'sanity', label: 'Sanity', render: (row) => SANITY_NAMES[row.sanity] ?? row.sanity },
  ];
  return (
    <>
      <ColumnChart
        name="viewers-per-day"
        rows={rows}
        series={[{ key: 'viewers', label: 'Viewers', colour: VIEWERS_COLOUR }]}
        title="Viewers tracked per day"
        format={(v) => `${formatCount(v)} viewers`}
        tickFormat={formatCompact}
      />
      <details className="numbers">
        <summary>Every day in numbers</summary>
        <SortableTable
          caption="Processed days: viewers, channels, windows, presences, bots banned and sanity"
          columns={columns}
          rows={days}
          rowKey={(row) => row.date}
          initialSort={{ key: 'date', direction: 'descending' }}
        />
      </details>
    </>
  );
}

/** Panel 4: the calendar of days, green when OK, red with a cross when failed. */
function SanityCalendar({ days }) {
  const byDate = useMemo(() => new Map(days.map((d) => [d.date, d.sanity])), [days]);
  const failed = days
    .filter((d) => d.sanity === 'failed')
    .map((d) => d.date)
    .sort();
  const ok = days.length - failed.length;
  const dates = days.map((d) => d.date);
  const layoutDates = [...dates].sort();
  const summary =
    `${formatCount(ok)} ${ok === 1 ? 'day' : 'days'} OK, ${failed.length ? formatCount(failed.length) : 'none'} failed` +
    ` (${formatShortDate(layoutDates[0])} to ${formatDate(layoutDates[layoutDates.length - 1])}).`;
  const sanityName = (date) => {
    const sanity = byDate.get(date);
    return sanity ? `sanity ${SANITY_NAMES[sanity] ?? sanity}` : 'not processed';
  };
  return (
    <>
      <SeriesLegend
        label="Legend: day sanity"
        items={[
          { key: 'ok', label: 'OK', colour: SANITY_COLOURS.ok },
          { key: 'failed', label: 'Failed (✗)', colour: SANITY_COLOURS.failed },
          { key: 'none', label: 'Not processed', colour: SANITY_COLOURS.none },
        ]}
      />
      <CalendarHeatmap
        name="sanity"
        dates={dates}
        label={`Sanity per day: ${summary}`}
        colourOf={(date) => SANITY_COLOURS[byDate.get(date) ?? 'none'] ?? SANITY_COLOURS.none}
        mark={(date) => byDate.get(date) === 'failed'}
        describe={(date) => `${formatDate(date)}: ${sanityName(date)}`}
      />
      <p className="calendar-summary" data-testid="sanity-summary">
        {summary}
        {failed.length > 0 &&
          ` Failed: ${failed.slice(0, NAMED_FAILURES).map(formatShortDate).join(', ')}${failed.length > NAMED_FAILURES ? ', …' : ''}.`}
      </p>
    </>
  );
}

/** "restructure_day" -> "Restructure day". */
export function stageLabel(stage) {
  const words = stage.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The stages in the order the days list them (pipeline order), new ones appended as they appear. */
export function stagesOf(days) {
  const stages = [];
  for (const day of days)
    for (const stage of Object.keys(day.stages ?? {})) if (!stages.includes(stage)) stages.push(stage);
  return stages;
}

/** The unit of a duration axis up to `seconds`: its divisor and how its ticks read. */
export function durationAxis(seconds) {
  if (seconds >= 7200) return { divisor: 3600, tickFormat: (v) => `${v} h` };
  if (seconds >= 120) return { divisor: 60, tickFormat: (v) => `${v} min` };
  return { divisor: 1, tickFormat: (v) => `${v} s` };
}

/** Panel 5: stacked columns of each stage's seconds, a legend, and the same numbers in a table. */
function StageTimes({ days }) {
  const stages = useMemo(() => stagesOf(days), [days]);
  const series = stages.map((stage, i) => ({
    key: stage,
    label: stageLabel(stage),
    colour: categoryColour(i),
  }));
  const rows = days.map((d) => ({
    id: d.date,
    label: formatShortDate(d.date),
    title: formatDate(d.date),
    values: d.stages ?? {},
  }));
  const tableRows = days.map((d) => ({
    date: d.date,
    ...Object.fromEntries(stages.map((s) => [s, d.stages?.[s] ?? 0])),
    total: stages.reduce((sum, s) => sum + (d.stages?.[s] ?? 0), 0),
  }));
  const columns = [
    { key: 'date', label: 'Day' },
    ...series.map((s) => ({
      key: s.key,
      label: s.label,
      numeric: true,
      render: (row) => formatSeconds(row[s.key]),
    })),
    { key: 'total', label: 'Total', numeric: true, render: (row) => formatSeconds(row.total) },
  ];
  return (
    <>
      <SeriesLegend label="Legend: stages, in pipeline order" items={series} />
      <ColumnChart
        name="stage-times"
        rows={rows}
        series={series}
        title="Time each stage took per day"
        format={formatSeconds}
        {...durationAxis(Math.max(0, ...tableRows.map((row) => row.total)))}
      />
      <details className="numbers">
        <summary>Stage times in numbers</summary>
        <SortableTable
          caption="Seconds each stage took, per processed day"
          columns={columns}
          rows={tableRows}
          rowKey={(row) => row.date}
          initialSort={{ key: 'date', direction: 'descending' }}
        />
      </details>
    </>
  );
}
