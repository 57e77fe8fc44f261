/** What each colour of a chart means: a swatch (or a line sample with its dash) and a name. */

/**
 * @param {{items: {key: string, label: string, colour: string, dash?: string, marker?: string}[],
 *   label: string}} props
 */
export function SeriesLegend({ items, label }) {
  return (
    <ul className="legend" aria-label={label}>
      {items.map((item) => (
        <li key={item.key}>
          {item.dash !== undefined ? (
            <svg width="26" height="12" aria-hidden="true" className="legend-line">
              <line
                x1="1"
                x2="25"
                y1="6"
                y2="6"
                stroke={item.colour}
                strokeWidth="2.5"
                strokeDasharray={item.dash || undefined}
              />
            </svg>
          ) : (
            <span className="swatch swatch--square" style={{ background: item.colour }} aria-hidden="true" />
          )}
          {item.label}
        </li>
      ))}
    </ul>
  );
}
