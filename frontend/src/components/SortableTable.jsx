/** A table whose columns sort on click (or Enter/Space on the header button), with aria-sort. */
import { useMemo, useState } from 'react';

/**
 * @typedef {{key: string, label: string, numeric?: boolean,
 *   render?: (row: any) => import('react').ReactNode}} Column
 * @param {{caption: string, columns: Column[], rows: any[], rowKey: (row: any) => string,
 *   initialSort?: {key: string, direction: 'ascending'|'descending'}}} props
 */
export function SortableTable({ caption, columns, rows, rowKey, initialSort }) {
  const [sort, setSort] = useState(initialSort ?? { key: columns[0].key, direction: 'ascending' });
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort.key) ?? columns[0];
    const sign = sort.direction === 'ascending' ? 1 : -1;
    const compare = column.numeric
      ? (a, b) => (a[column.key] - b[column.key]) * sign
      : (a, b) => String(a[column.key]).localeCompare(String(b[column.key])) * sign;
    // Ties keep their rank order, whatever the direction.
    return rows
      .map((row, index) => ({ row, index }))
      .sort((a, b) => compare(a.row, b.row) || a.index - b.index)
      .map(({ row }) => row);
  }, [rows, columns, sort]);

  const toggle = (key) =>
    setSort((current) =>
      current.key === key
        ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: columns.find((c) => c.key === key)?.numeric ? 'descending' : 'ascending' },
    );

  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const active = sort.key === column.key;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={active ? sort.direction : 'none'}
                  className={column.numeric ? 'numeric' : undefined}
                >
                  <button type="button" className="sort-button" onClick={() => toggle(column.key)}>
                    {column.label}
                    <span aria-hidden="true" className="sort-mark">
                      {active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} className={column.numeric ? 'numeric' : undefined}>
                  {column.render ? column.render(row) : row[column.key]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
