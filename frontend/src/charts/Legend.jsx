/** What each colour means, with how many nodes (and links, by relationship type) of it are on screen. */
import { formatCount } from '../lib/format.js';
import { colourOf, LABEL_NAMES, LINK_NAMES } from '../lib/labels.js';
import { LINK_ORDER, linkStyle, opaqueColour } from '../lib/palette.js';

const LINE_SAMPLE = { width: 22, height: 10 };

/**
 * @param {{counts: Map<string, number>, linkCounts?: Map<string, number>}} props node counts by label;
 *   link counts by relationship type (none: no link legend)
 */
export function Legend({ counts, linkCounts }) {
  const labels = [...Object.keys(LABEL_NAMES), ...[...counts.keys()].filter((l) => !(l in LABEL_NAMES))];
  // Badges first (the few that matter), the chatters last: the reverse of the drawing order.
  const types = [...LINK_ORDER].reverse().filter((type) => linkCounts?.has(type));
  return (
    <div className="legends">
      <ul className="legend" aria-label="Legend: node colours">
        {labels
          .filter((label) => counts.has(label))
          .map((label) => (
            <li key={label}>
              <span className="swatch" style={{ background: colourOf(label) }} aria-hidden="true" />
              {LABEL_NAMES[label] ?? label}
              <span className="legend-count">{formatCount(counts.get(label))}</span>
            </li>
          ))}
      </ul>
      {types.length > 0 && (
        <ul className="legend legend--links" aria-label="Legend: link colours">
          {types.map((type) => (
            <li key={type} data-link-type={type}>
              <LineSample type={type} />
              {LINK_NAMES[type] ?? type}
              <span className="legend-count">{formatCount(linkCounts.get(type))}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A short line as the graph draws links of `type` (a little wider, so a faint colour still shows). */
function LineSample({ type }) {
  const { colour, dash } = linkStyle(type);
  const { width, height } = LINE_SAMPLE;
  return (
    <svg className="legend-line" width={width} height={height} aria-hidden="true">
      <line
        x1={1}
        x2={width - 1}
        y1={height / 2}
        y2={height / 2}
        stroke={type === 'CHATTER' ? opaqueColour(colour, 0.5) : colour}
        strokeWidth={2.5}
        strokeDasharray={dash.length ? dash.join(' ') : undefined}
      />
    </svg>
  );
}
