/**
 * Every node of the graph as a button, grouped by label: the keyboard's way into the graph.
 * Focus or hover highlights the node on the canvas; Enter or a click expands it, like a click on it.
 */
import { memo, useMemo, useState } from 'react';
import { formatCount } from '../lib/format.js';
import { colourOf, LABEL_NAMES } from '../lib/labels.js';

const FIRST_ROWS = 150; // per label; the rest on request, so 2,000 nodes do not mean 2,000 buttons

/**
 * @param {{nodes: import('../api/endpoints.js').GraphNode[], expanded: string[], pending: string[],
 *   selectedId: string|null, onActivate: (node: any) => void, onFocusNode: (id: string|null) => void,
 *   name: string}} props
 */
// Memoised: hovering the list re-renders the graph's highlight, not 2,000 buttons.
export const NodeList = memo(function NodeList({
  nodes,
  expanded,
  pending,
  selectedId,
  onActivate,
  onFocusNode,
  name,
}) {
  const [filter, setFilter] = useState('');
  const [showAll, setShowAll] = useState(() => new Set());
  const needle = filter.trim().toLowerCase();
  const groups = useMemo(() => {
    const order = Object.keys(LABEL_NAMES);
    const byLabel = new Map();
    for (const node of nodes) {
      const text = `${node.name} ${node.login ?? ''}`.toLowerCase();
      if (needle && !text.includes(needle)) continue;
      if (!byLabel.has(node.label)) byLabel.set(node.label, []);
      byLabel.get(node.label).push(node);
    }
    const rank = (node) => (expanded.includes(node.id) ? 0 : 1);
    for (const list of byLabel.values()) {
      list.sort(
        (a, b) =>
          rank(a) - rank(b) || (b.followers ?? -1) - (a.followers ?? -1) || a.name.localeCompare(b.name),
      );
    }
    return [...byLabel].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  }, [nodes, needle, expanded]);
  const shown = groups.reduce((sum, [, list]) => sum + list.length, 0);

  return (
    <div className="node-list">
      <div className="node-list-filter">
        <label htmlFor={`${name}-node-filter`}>Filter the nodes</label>
        <input
          id={`${name}-node-filter`}
          type="search"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          placeholder="name or login"
        />
      </div>
      <p className="muted" aria-live="polite">
        {needle
          ? `${formatCount(shown)} of ${formatCount(nodes.length)} nodes`
          : `${formatCount(nodes.length)} nodes`}
      </p>
      {groups.map(([label, list]) => {
        const all = showAll.has(label);
        const rows = all ? list : list.slice(0, FIRST_ROWS);
        return (
          <details key={label} open={label !== 'User' || list.length <= 40 || Boolean(needle)}>
            <summary>
              <span className="swatch" style={{ background: colourOf(label) }} aria-hidden="true" />
              {LABEL_NAMES[label] ?? label} ({formatCount(list.length)})
            </summary>
            <ul>
              {rows.map((node) => {
                const isExpanded = expanded.includes(node.id);
                const isPending = pending.includes(node.id);
                return (
                  <li key={node.id}>
                    <button
                      type="button"
                      className={`node-button${node.id === selectedId ? ' node-button--selected' : ''}`}
                      data-node-id={node.id}
                      aria-current={node.id === selectedId ? 'true' : undefined}
                      onClick={() => onActivate(node)}
                      onFocus={() => onFocusNode(node.id)}
                      onBlur={() => onFocusNode(null)}
                      onMouseEnter={() => onFocusNode(node.id)}
                      onMouseLeave={() => onFocusNode(null)}
                    >
                      <span className="node-name">{node.name}</span>
                      <span className="node-meta">
                        {isPending
                          ? 'loading…'
                          : isExpanded
                            ? 'expanded'
                            : node.followers != null
                              ? formatCount(node.followers)
                              : ''}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
            {!all && list.length > FIRST_ROWS && (
              <button
                type="button"
                className="button button--small"
                onClick={() => setShowAll((current) => new Set(current).add(label))}
              >
                Show all {formatCount(list.length)}
              </button>
            )}
          </details>
        );
      })}
    </div>
  );
});
