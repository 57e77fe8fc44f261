/**
 * One day of a viewer: a lane per channel, a bar per stretch of consecutive windows, coloured by
 * channel; the game and the times are in the tooltip (hover, or Tab to a bar). React renders the SVG;
 * d3-scale places it; lib/timeline.js merges the windows and picks the time axis.
 */
import { scaleLinear } from 'd3-scale';
import { useMemo, useState } from 'react';
import { useParentSize } from '../hooks/useParentSize.js';
import { formatClock, formatMinutes } from '../lib/format.js';
import { categoryColour } from '../lib/palette.js';
import { clockIn } from '../lib/timezone.js';
import { channelLanes, hourTicks, mergeWindows, timelineDomain } from '../lib/timeline.js';
import { AxisBottom } from './axes.jsx';

const LANE = 28;
const BAR = 18;
const TOP = 4;
const BOTTOM = 24;
const RIGHT = 22; // half of the last hour's label

/** A time of day in `timeZone` (an IANA zone), or the browser's when none. */
const clock = (ms, timeZone) => (timeZone ? clockIn(ms, timeZone) : formatClock(ms));

/** What a segment is, in words (its accessible name and its tooltip). */
export function describeSegment(segment, timeZone) {
  return (
    `${segment.channel}, ${segment.game ?? 'no game'}: ${clock(segment.start, timeZone)}–${clock(segment.end, timeZone)}, ` +
    formatMinutes(segment.minutes)
  );
}

/**
 * @param {{date: string, windows: {start: string, channel: string, game: string|null, minutes: number}[],
 *   login: string, timeZone?: string}} props `timeZone`: the axis's and the times' (the browser's when
 *   absent)
 */
export function DayTimeline({ date, windows, login, timeZone }) {
  const { ref, width } = useParentSize({ initialWidth: 640, initialHeight: 200 });
  const segments = useMemo(() => mergeWindows(windows), [windows]);
  const lanes = useMemo(() => channelLanes(segments), [segments]);
  const domain = useMemo(() => timelineDomain(date, segments, timeZone), [date, segments, timeZone]);
  const [active, setActive] = useState(null); // {segment, x, y}

  const labelWidth = Math.min(150, Math.max(80, Math.round(width * 0.22)));
  const right = Math.max(labelWidth + 120, width - RIGHT);
  const x = scaleLinear().domain(domain).range([labelWidth, right]);
  const laneOf = new Map(lanes.map((lane, i) => [lane.channel, i]));
  const height = TOP + lanes.length * LANE + BOTTOM;
  const hours = (domain[1] - domain[0]) / 3_600_000;
  const step = [1, 2, 3, 4, 6, 12].find((s) => ((right - labelWidth) / hours) * s >= 40) ?? 12;
  const ticks = hourTicks(domain, step, timeZone);
  const maxChars = Math.floor((labelWidth - 10) / 7.2);

  return (
    <div ref={ref} className="day-timeline">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="group"
        aria-label={`Timeline of ${login}'s ${segments.length} stretches of watching on ${date}, by channel. Tab to a bar for its details.`}
        onMouseLeave={() => setActive(null)}
      >
        {ticks.map((t) => (
          <line key={t} x1={x(t)} x2={x(t)} y1={TOP} y2={height - BOTTOM} className="grid-line" />
        ))}
        {lanes.map((lane, i) => (
          <g key={lane.channel} aria-hidden="true" transform={`translate(0, ${TOP + i * LANE})`}>
            <rect
              x={labelWidth}
              y={0}
              width={right - labelWidth}
              height={LANE}
              className={i % 2 ? 'lane lane--odd' : 'lane'}
            />
            <text x={labelWidth - 8} y={LANE / 2} dy="0.32em" textAnchor="end" className="lane-label">
              {lane.channel.length > maxChars ? `${lane.channel.slice(0, maxChars - 1)}…` : lane.channel}
            </text>
          </g>
        ))}
        {segments.map((segment) => {
          const lane = laneOf.get(segment.channel);
          const left = x(segment.start);
          const barY = TOP + lane * LANE + (LANE - BAR) / 2;
          const barWidth = Math.max(2, x(segment.end) - left);
          const show = () => setActive({ segment, x: left + barWidth / 2, y: barY });
          return (
            <rect
              key={`${segment.channel}-${segment.start}`}
              className="timeline-bar"
              data-channel={segment.channel}
              data-minutes={segment.minutes}
              x={left}
              y={barY}
              width={barWidth}
              height={BAR}
              rx={3}
              fill={categoryColour(lane)}
              tabIndex={0}
              role="img"
              aria-label={describeSegment(segment, timeZone)}
              onMouseEnter={show}
              onFocus={show}
              onBlur={() => setActive(null)}
            />
          );
        })}
        <AxisBottom
          ticks={ticks.map((t) => ({ key: t, x: x(t), label: clock(t, timeZone) }))}
          y={height - BOTTOM + 4}
        />
      </svg>
      {active && (
        <div
          className="graph-tooltip chart-tooltip"
          role="tooltip"
          style={{
            left: Math.min(Math.max(0, active.x - 110), Math.max(0, width - 230)),
            top: active.y + BAR + 6,
          }}
        >
          <strong>{active.segment.channel}</strong>
          <div>{active.segment.game ?? 'No game'}</div>
          <div className="muted">
            {clock(active.segment.start, timeZone)}–{clock(active.segment.end, timeZone)} ·{' '}
            {formatMinutes(active.segment.minutes)}
          </div>
        </div>
      )}
    </div>
  );
}
