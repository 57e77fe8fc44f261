import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { SortableTable } from './SortableTable.jsx';

const COLUMNS = [
  { key: 'rank', label: '#', numeric: true },
  { key: 'name', label: 'Name' },
  { key: 'value', label: 'Streamers', numeric: true },
];
const ROWS = [
  { rank: 1, name: 'League of Legends', value: 2 },
  { rank: 2, name: 'Chess', value: 1 },
  { rank: 3, name: 'Apex', value: 1 },
];

const names = () =>
  within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[1].textContent);

describe('SortableTable', () => {
  it('starts in rank order and sorts by a column on click, then reverses', async () => {
    const user = userEvent.setup();
    render(<SortableTable caption="Games" columns={COLUMNS} rows={ROWS} rowKey={(r) => String(r.rank)} />);
    expect(names()).toEqual(['League of Legends', 'Chess', 'Apex']);
    const nameHeader = screen.getByRole('columnheader', { name: /Name/ });
    expect(nameHeader).toHaveAttribute('aria-sort', 'none');

    await user.click(within(nameHeader).getByRole('button'));
    expect(names()).toEqual(['Apex', 'Chess', 'League of Legends']);
    expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');

    await user.click(within(nameHeader).getByRole('button'));
    expect(names()).toEqual(['League of Legends', 'Chess', 'Apex']);
    expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  });

  it('sorts numbers biggest first and keeps ties in rank order, by keyboard too', async () => {
    const user = userEvent.setup();
    render(<SortableTable caption="Games" columns={COLUMNS} rows={ROWS} rowKey={(r) => String(r.rank)} />);
    const valueButton = within(screen.getByRole('columnheader', { name: /Streamers/ })).getByRole('button');
    valueButton.focus();
    await user.keyboard('{Enter}');
    expect(names()).toEqual(['League of Legends', 'Chess', 'Apex']);
    await user.keyboard(' ');
    expect(names()).toEqual(['Chess', 'Apex', 'League of Legends']);
  });
});
