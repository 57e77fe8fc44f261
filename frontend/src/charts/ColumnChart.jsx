/**
 * Columns over days, stacked by series (a single series makes plain columns). React renders the SVG;
 * d3-shape stacks the values and d3-scale places them.
 */
import { max } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import { stack } from 'd3-shape';
import { useParentSize } from '../hooks/useParentSize.js';
import { AxisBottom, AxisLeft, labelStep } from './axes.jsx';

const MARGIN = { top: 10, right: 24, bottom: 26, left: 60 }; // right: half of the last day's label
const DATE_LABEL_WIDTH = 52; // px of "May 10" and some room
const MAX_COLUMN = 72; // a few days spread over the whole width, each column no wider than this

/**
 * The stacked extents of each series on each row.
 * @param {{values: Record<string, number>}[]} rows
 * @param {string[]} keys bottom first
 * @returns {[number, number][][]} per series, per row: [y0, y1]
 */
export function stackRows(rows, keys) {
  return stack()
    .keys(keys)
    .value((row, key) => row.values[key] ?? 0)(rows)
    .map((layer) => layer.map(([y0, y1]) => [y0, y1]));
}

/**
 * @param {{rows: {id: string, label: string, title: string, values: Record<string, number>}[],
 *   series: {key: string, label: string, colour: string}[], title: string,
 *   format: (value: number) => string, tickFormat?: (value: number) => string, divisor?: number,
 *   height?: number, name: string}} props `title`: the chart's accessible name; `rows[].title` names a
 *   column in its tooltip; `divisor`: the axis counts in value / divisor (60: seconds shown as minutes),
 *   so that its ticks are round numbers of that unit
 */
export function ColumnChart({
  rows,
  series,
  title,
  format,
  tickFormat = format,
  divisor = 1,
  height = 220,
  name,
}) {
  const { ref, width } = useParentSize({ initialWidth: 640, initialHeight: height });
  const keys = series.map((s) => s.key);
  const layers = stackRows(rows, keys);
  const totals = rows.map((_, i) => (layers.length ? layers[layers.length - 1][i][1] : 0));
  const innerWidth = Math.max(40, width - MARGIN.left - MARGIN.right);
  const bandRoom = innerWidth; // the chart's full width, however few the days
  const right = MARGIN.left + bandRoom;
  const x = scaleBand()
    .domain(rows.map((row) => row.id))
    .range([MARGIN.left, MARGIN.left + bandRoom])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const columnWidth = Math.min(x.bandwidth(), MAX_COLUMN);
  const columnX = (id) => x(id) + (x.bandwidth() - columnWidth) / 2;
  const axis = scaleLinear()
    .domain([0, (max(totals) || 1) / divisor])
    .nice(4)
    .range([height - MARGIN.bottom, MARGIN.top]);
  const y = (value) => axis(value / divisor);
  const step = labelStep(rows.length, bandRoom, DATE_LABEL_WIDTH);
  const ticks = rows
    .map((row, i) => ({ key: row.id, x: x(row.id) + x.bandwidth() / 2, label: row.label, i }))
    .filter((tick) => (rows.length - 1 - tick.i) % step === 0); // the latest day always has its label

  return (
    <div ref={ref} className="column-chart" data-chart={name}>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${title}: column chart of ${rows.length} days; the table below has the same numbers.`}
      >
        <AxisLeft scale={axis} format={tickFormat} left={MARGIN.left} right={right} />
        {rows.map((row, i) => (
          <g key={row.id} className="column" data-id={row.id}>
            <title>
              {series.length === 1
                ? `${row.title}: ${format(totals[i])}`
                : `${row.title}: ${format(totals[i])} in all; ` +
                  series.map((s) => `${s.label} ${format(row.values[s.key] ?? 0)}`).join(', ')}
            </title>
            {series.map((s, k) => {
              const [y0, y1] = layers[k][i];
              return (
                <rect
                  key={s.key}
                  data-series={s.key}
                  x={columnX(row.id)}
                  y={y(y1)}
                  width={columnWidth}
                  height={Math.max(0, y(y0) - y(y1))}
                  fill={s.colour}
                />
              );
            })}
          </g>
        ))}
        <line
          className="baseline"
          x1={MARGIN.left}
          x2={right}
          y1={height - MARGIN.bottom}
          y2={height - MARGIN.bottom}
        />
        <AxisBottom ticks={ticks} y={height - MARGIN.bottom + 4} />
      </svg>
    </div>
  );
}
