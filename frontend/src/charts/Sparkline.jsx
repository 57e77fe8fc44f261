/** A small line of recent values (a channel's arrivals over the last two minutes): d3-shape draws it. */
import { max } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';

/** @param {{values: number[], label: string, width?: number, height?: number}} props */
export function Sparkline({ values, label, width = 120, height = 28 }) {
  const x = scaleLinear()
    .domain([0, Math.max(values.length - 1, 1)])
    .range([1, width - 1]);
  const y = scaleLinear()
    .domain([0, Math.max(max(values) ?? 0, 1)])
    .range([height - 2, 2]);
  const shape = area()
    .x((_, k) => x(k))
    .y0(height - 1)
    .y1((value) => y(value));
  const path = line()
    .x((_, k) => x(k))
    .y((value) => y(value));
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <path d={shape(values)} className="sparkline__area" />
      <path d={path(values)} className="sparkline__line" fill="none" />
    </svg>
  );
}
