/**
 * Horizontal bars with their numbers. React renders the SVG; d3-scale computes the lengths.
 */
import { max } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { useParentSize } from '../hooks/useParentSize.js';

const ROW_HEIGHT = 24;
const BAR_HEIGHT = 16;
const GAP = 8;
const CHAR_WIDTH = 7; // of the 12 px numbers, for the room after the longest bar

/**
 * @param {{rows: {name: string, value: number}[], title: string, format: (value: number) => string,
 *   colour?: string | ((row: any) => string), summary?: string,
 *   linkOf?: (row: {name: string, value: number}) => {href: string, onClick: (event: any) => void}}} props
 *   `colour`: of every bar, or a row's; `summary`: the chart's text alternative (default: it points to
 *   the table beside it); `linkOf`: each name is a link (the chart is then a group of links, each named
 *   by its row)
 */
export function BarChart({ rows, title, format, colour = '#7c3aed', summary, linkOf }) {
  const { ref, width } = useParentSize({ initialWidth: 480, initialHeight: 200 });
  const labelWidth = Math.min(170, Math.max(90, Math.round(width * 0.34)));
  const valueRoom = 12 + CHAR_WIDTH * Math.max(0, ...rows.map((row) => format(row.value).length));
  const barRoom = Math.max(40, width - labelWidth - GAP - valueRoom);
  const x = scaleLinear()
    .domain([0, max(rows, (row) => row.value) || 1])
    .range([0, barRoom]);
  const height = rows.length * ROW_HEIGHT;
  const maxChars = Math.floor(labelWidth / 7.2);
  return (
    <div ref={ref} className="bar-chart">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role={linkOf ? 'group' : 'img'}
        aria-label={summary ?? `${title}: bar chart of ${rows.length} rows; the table has the same numbers.`}
      >
        {rows.map((row, i) => {
          const y = i * ROW_HEIGHT;
          const length = Math.max(1, x(row.value));
          const label = row.name.length > maxChars ? `${row.name.slice(0, maxChars - 1)}…` : row.name;
          const text = (
            <text x={labelWidth - 6} y={ROW_HEIGHT / 2} dy="0.35em" textAnchor="end" className="bar-label">
              {label}
            </text>
          );
          return (
            <g key={`${row.name}\u0000${i}`} transform={`translate(0, ${y})`}>
              <title>{`${row.name}: ${format(row.value)}`}</title>
              {linkOf ? (
                <a {...linkOf(row)} className="bar-link" aria-label={`${row.name}: ${format(row.value)}`}>
                  {text}
                </a>
              ) : (
                text
              )}
              <rect
                x={labelWidth}
                y={(ROW_HEIGHT - BAR_HEIGHT) / 2}
                width={length}
                height={BAR_HEIGHT}
                rx={2}
                fill={typeof colour === 'function' ? colour(row) : colour}
              />
              <text x={labelWidth + length + 6} y={ROW_HEIGHT / 2} dy="0.35em" className="bar-value">
                {format(row.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
