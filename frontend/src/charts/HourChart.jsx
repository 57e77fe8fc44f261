/**
 * Minutes per hour of the day, one line per series (a viewer's workday and weekend schedules). React
 * renders the SVG; d3-shape draws the lines and d3-scale places them.
 */
import { max } from 'd3-array';
import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import { useParentSize } from '../hooks/useParentSize.js';
import { AxisBottom, AxisLeft } from './axes.jsx';

const MARGIN = { top: 10, right: 14, bottom: 26, left: 52 };
export const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** "07" for 7 o'clock. */
export const hourLabel = (hour) => String(hour).padStart(2, '0');

/**
 * @param {{series: {key: string, label: string, colour: string, dash: string, values: number[]}[],
 *   title: string, format: (value: number) => string, height?: number}} props
 */
export function HourChart({ series, title, format, height = 220 }) {
  const { ref, width } = useParentSize({ initialWidth: 640, initialHeight: height });
  const right = Math.max(MARGIN.left + 100, width - MARGIN.right);
  const x = scalePoint().domain(HOURS).range([MARGIN.left, right]).padding(0.3);
  const top = max(series.flatMap((s) => s.values)) || 0;
  const y = scaleLinear()
    .domain([0, Math.max(top, 1)])
    .nice(4)
    .range([height - MARGIN.bottom, MARGIN.top]);
  const path = line()
    .x((_, hour) => x(hour))
    .y((value) => y(value));
  const every = width < 480 ? 6 : 3;
  const ticks = HOURS.filter((hour) => hour % every === 0).map((hour) => ({
    key: hour,
    x: x(hour),
    label: hourLabel(hour),
  }));
  return (
    <div ref={ref} className="hour-chart">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${title}: line chart of minutes watched per hour of the day; the table below has the same numbers.`}
      >
        <AxisLeft scale={y} format={(v) => `${v} min`} left={MARGIN.left} right={right} />
        <line className="baseline" x1={MARGIN.left} x2={right} y1={y(0)} y2={y(0)} />
        {series.map((s, k) => (
          <g key={s.key} data-series={s.key}>
            <path
              d={path(s.values)}
              fill="none"
              stroke={s.colour}
              strokeWidth={2.5}
              strokeDasharray={s.dash || undefined}
            />
            {s.values.map((value, hour) => (
              <g key={hour}>
                <title>{`${s.label}, ${hourLabel(hour)}:00–${hourLabel((hour + 1) % 24)}:00: ${format(value)}`}</title>
                {k === 0 ? (
                  <circle cx={x(hour)} cy={y(value)} r={3.5} fill={s.colour} />
                ) : (
                  <rect x={x(hour) - 3.5} y={y(value) - 3.5} width={7} height={7} fill={s.colour} />
                )}
              </g>
            ))}
          </g>
        ))}
        <AxisBottom ticks={ticks} y={height - MARGIN.bottom + 4} />
      </svg>
    </div>
  );
}
