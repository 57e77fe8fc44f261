/** Axes drawn by React from a d3 scale's ticks (no d3-axis: React owns the DOM). */

/**
 * Horizontal grid lines with their values at the left.
 * @param {{scale: import('d3-scale').ScaleLinear<number, number>, ticks?: number,
 *   format: (value: number) => string, left: number, right: number}} props
 */
export function AxisLeft({ scale, ticks = 4, format, left, right }) {
  return (
    <g className="axis axis--left" aria-hidden="true">
      {scale.ticks(ticks).map((tick) => (
        <g key={tick} transform={`translate(0, ${scale(tick)})`}>
          <line x1={left} x2={right} className="grid-line" />
          <text x={left - 6} dy="0.32em" textAnchor="end">
            {format(tick)}
          </text>
        </g>
      ))}
    </g>
  );
}

/**
 * Labels under the plot at the given x positions.
 * @param {{ticks: {key: string|number, x: number, label: string}[], y: number}} props
 */
export function AxisBottom({ ticks, y }) {
  return (
    <g className="axis axis--bottom" aria-hidden="true">
      {ticks.map((tick) => (
        <text key={tick.key} x={tick.x} y={y} dy="1em" textAnchor="middle">
          {tick.label}
        </text>
      ))}
    </g>
  );
}

/** Every how many labels to show one, so that labels of `labelWidth` px do not overlap. */
export function labelStep(count, room, labelWidth) {
  if (count === 0 || room <= 0) return 1;
  return Math.max(1, Math.ceil((count * labelWidth) / room));
}
