/**
 * A calendar of days (weeks as columns, Monday on top), each day coloured by its value. React renders
 * the SVG; the layout comes from lib/calendar.js.
 */
import { useMemo } from 'react';
import { useParentSize } from '../hooks/useParentSize.js';
import { calendarLayout, WEEKDAYS } from '../lib/calendar.js';

const LEFT = 34; // weekday labels
const TOP = 20; // month labels
const GAP = 3;
const MIN_CELL = 11; // below this the calendar scrolls sideways in its own box instead
const MAX_CELL = 36; // a few weeks: big squares with their day of the month, not a postage stamp
const NUMBERED_CELL = 22; // from this side up, each day shows its day of the month
const LABEL_CHAR = 6.6; // px per character of the 11 px month labels

/** The side of a day's square for `weeks` columns in `width` px. */
export function cellSize(weeks, width) {
  if (weeks === 0) return MAX_CELL;
  const fit = Math.floor((width - LEFT) / weeks) - GAP;
  return Math.max(MIN_CELL, Math.min(MAX_CELL, fit));
}

/** A readable colour for a day's number on `fill` ("#rrggbb"): dark on light squares, white on dark. */
export function numberColour(fill) {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(fill ?? '');
  if (!match) return '#0f172a';
  const [r, g, b] = match.slice(1).map((hex) => {
    const c = parseInt(hex, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.35 ? '#0f172a' : '#fff';
}

/** The calendar's width: its weeks, and room for a month label that runs past the last one ("Nov 2026"). */
export function calendarWidth(weeks, pitch, months) {
  const labelEnds = months.map((month) => month.week * pitch + month.label.length * LABEL_CHAR);
  return LEFT + Math.ceil(Math.max(weeks * pitch, ...labelEnds));
}

/**
 * @param {{dates: string[], colourOf: (date: string) => string, describe: (date: string) => string,
 *   label: string, mark?: (date: string) => boolean, selected?: string|null,
 *   onSelect?: (date: string) => void, selectable?: (date: string) => boolean, name: string}} props
 *   `dates` sets the range shown; days in the range without data get colourOf's answer too.
 *   `mark` draws a cross on a day (a second cue besides colour); `onSelect` makes days clickable.
 */
export function CalendarHeatmap({
  dates,
  colourOf,
  describe,
  label,
  mark,
  selected,
  onSelect,
  selectable,
  name,
}) {
  const { ref, width } = useParentSize({ initialWidth: 640, initialHeight: 160 });
  const layout = useMemo(() => calendarLayout(dates), [dates]);
  const cell = cellSize(layout.weeks, width);
  const pitch = cell + GAP;
  const svgWidth = calendarWidth(layout.weeks, pitch, layout.months);
  const svgHeight = TOP + 7 * pitch;
  const numbered = cell >= NUMBERED_CELL;
  return (
    <div ref={ref} className="calendar" data-chart={name}>
      <div className="calendar-scroll">
        <svg
          width={svgWidth}
          height={svgHeight}
          viewBox={`0 0 ${svgWidth} ${svgHeight}`}
          role="img"
          aria-label={label}
        >
          <g aria-hidden="true" className="axis">
            {layout.months.map((month) => (
              <text key={`${month.week}-${month.label}`} x={LEFT + month.week * pitch} y={TOP - 6}>
                {month.label}
              </text>
            ))}
            {[0, 2, 4, 6].map((weekday) => (
              <text
                key={weekday}
                x={LEFT - 6}
                y={TOP + weekday * pitch + cell / 2}
                dy="0.32em"
                textAnchor="end"
              >
                {WEEKDAYS[weekday]}
              </text>
            ))}
          </g>
          <g aria-hidden="true">
            {layout.cells
              .filter((c) => !c.inRange)
              .map((c) => (
                <rect
                  key={c.date}
                  className="calendar-outside"
                  x={LEFT + c.week * pitch + 0.5}
                  y={TOP + c.weekday * pitch + 0.5}
                  width={cell - 1}
                  height={cell - 1}
                  rx={2}
                />
              ))}
          </g>
          {layout.cells
            .filter((c) => c.inRange)
            .map((c) => {
              const x = LEFT + c.week * pitch;
              const y = TOP + c.weekday * pitch;
              const clickable = Boolean(onSelect) && (selectable ? selectable(c.date) : true);
              return (
                <g
                  key={c.date}
                  className={clickable ? 'calendar-day calendar-day--link' : 'calendar-day'}
                  data-date={c.date}
                  onClick={clickable ? () => onSelect(c.date) : undefined}
                >
                  <title>{describe(c.date)}</title>
                  <rect
                    x={x}
                    y={y}
                    width={cell}
                    height={cell}
                    rx={2}
                    fill={colourOf(c.date)}
                    className={c.date === selected ? 'calendar-selected' : undefined}
                  />
                  {numbered && !mark?.(c.date) && (
                    <text
                      className="calendar-day-number"
                      fill={numberColour(colourOf(c.date))}
                      x={x + cell / 2}
                      y={y + cell / 2}
                      dy="0.35em"
                      textAnchor="middle"
                      aria-hidden="true"
                    >
                      {Number(c.date.slice(8, 10))}
                    </text>
                  )}
                  {mark?.(c.date) && (
                    <path
                      d={`M${x + cell * 0.28},${y + cell * 0.28}L${x + cell * 0.72},${y + cell * 0.72}M${x + cell * 0.72},${y + cell * 0.28}L${x + cell * 0.28},${y + cell * 0.72}`}
                      className="calendar-mark"
                    />
                  )}
                </g>
              );
            })}
        </svg>
      </div>
    </div>
  );
}
