/**
 * Bubbles: one circle per row, its area in proportion to the value, labelled with the name (and the value
 * when there is room) inside the circles big enough; every circle has its name and value as a tooltip.
 * React renders the SVG; the packing is lib/bubbles.js (d3-force).
 */
import { useMemo } from 'react';
import { useParentSize } from '../hooks/useParentSize.js';
import { packBubbles } from '../lib/bubbles.js';

const CHAR_WIDTH = 7; // of the 11 px bold labels (styles.css .bubble-label), for what fits in a circle
const MIN_LABEL_RADIUS = 14;
const VALUE_LINE_RADIUS = 26; // from this radius on, the value goes under the name
const MAX_HEIGHT = 420;

/**
 * @param {{rows: {name: string, value: number}[], title: string, format: (value: number) => string,
 *   colour: (row: any) => string, rowKey: (row: any) => string, summary?: string}} props
 */
export function BubbleChart({ rows, title, format, colour, rowKey, summary }) {
  const { ref, width } = useParentSize({ initialWidth: 480, initialHeight: 300 });
  const layout = useMemo(
    () => packBubbles(rows, { width, maxHeight: Math.min(MAX_HEIGHT, Math.max(220, width * 0.8)) }),
    [rows, width],
  );
  return (
    <div ref={ref} className="bubble-chart">
      <svg
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label={
          summary ?? `${title}: ${rows.length} circles sized by score; the table has the same numbers.`
        }
      >
        {layout.circles.map(({ row, x, y, r }) => {
          const name = fitText(row.name, r);
          const withValue = name && r >= VALUE_LINE_RADIUS;
          return (
            <g
              key={rowKey(row)}
              transform={`translate(${x.toFixed(1)}, ${y.toFixed(1)})`}
              data-name={row.name}
            >
              <title>{`${row.name}: ${format(row.value)}`}</title>
              <circle r={r.toFixed(2)} fill={colour(row)} stroke="#fff" strokeWidth={1} />
              {name && (
                <text className="bubble-label" textAnchor="middle" dy={withValue ? '-0.2em' : '0.35em'}>
                  {name}
                </text>
              )}
              {withValue && (
                <text className="bubble-value" textAnchor="middle" dy="1.05em">
                  {format(row.value)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/** The name as it fits across a circle of radius `r` (cut with an ellipsis), or '' when nothing fits. */
export function fitText(name, r) {
  if (r < MIN_LABEL_RADIUS) return '';
  const chars = Math.floor((1.75 * r) / CHAR_WIDTH);
  if (name.length <= chars) return name;
  return chars >= 4 ? `${name.slice(0, chars - 1)}…` : '';
}
