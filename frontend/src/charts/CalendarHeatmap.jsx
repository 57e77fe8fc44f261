/**
 * A calendar of days (weeks as columns, Monday on top), each day coloured by its value. React renders
 * the SVG; the layout comes from lib/calendar.js.
 */
import { useMemo } from 'react';
import { useParentSize } from '../hooks/useParentSize.js';
import { calendarLayout, WEEKDAYS } from '../lib/calendar.js';

const LEFT = 34; // weekday labels
const TOP = 18; // month labels
const GAP = 3;
const MIN_CELL = 11; // below this the calendar scrolls sideways in its own box instead
const MAX_CELL = 22;

/** The side of a day's square for `weeks` columns in `width` px. */
export function cellSize(weeks, width) {
  if (weeks === 0) return MAX_CELL;
  const fit = Math.floor((width - LEFT) / weeks) - GAP;
  return Math.max(MIN_CELL, Math.min(MAX_CELL, fit));
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
  const svgWidth = LEFT + layout.weeks * pitch;
  const svgHeight = TOP + 7 * pitch;
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
