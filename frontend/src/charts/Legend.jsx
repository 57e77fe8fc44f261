/** What each colour means, with how many nodes of it are on screen. */
import { formatCount } from '../lib/format.js';
import { colourOf, LABEL_NAMES } from '../lib/labels.js';

/** @param {{counts: Map<string, number>}} props */
export function Legend({ counts }) {
  const labels = [...Object.keys(LABEL_NAMES), ...[...counts.keys()].filter((l) => !(l in LABEL_NAMES))];
  return (
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
  );
}
