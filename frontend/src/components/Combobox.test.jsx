import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Combobox } from './Combobox.jsx';

const GAMES = ['Chess', 'Chess Ultra', 'League of Legends', 'Minecraft'];

function renderStatic(onSelect = vi.fn()) {
  render(
    <Combobox label="Game" options={GAMES} optionKey={(g) => g} optionText={(g) => g} onSelect={onSelect} />,
  );
  return { input: screen.getByRole('combobox', { name: 'Game' }), onSelect };
}

describe('Combobox', () => {
  it('filters as you type and picks with the arrow keys and Enter', async () => {
    const user = userEvent.setup();
    const { input, onSelect } = renderStatic();
    await user.type(input, 'ches');
    expect(input).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Chess', 'Chess Ultra']);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const active = screen.getByRole('option', { selected: true });
    expect(active.textContent).toBe('Chess Ultra');
    expect(input).toHaveAttribute('aria-activedescendant', active.id);
    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledWith('Chess Ultra');
    expect(input).toHaveValue('Chess Ultra');
    expect(input).toHaveAttribute('aria-expanded', 'false');
  });

  it('takes the first match on Enter when none is highlighted', async () => {
    const user = userEvent.setup();
    const { input, onSelect } = renderStatic();
    await user.type(input, 'mine{Enter}');
    expect(onSelect).toHaveBeenCalledWith('Minecraft');
  });

  it('closes on Escape, then clears', async () => {
    const user = userEvent.setup();
    const { input } = renderStatic();
    await user.type(input, 'le');
    await user.keyboard('{Escape}');
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(input).toHaveValue('le');
    await user.keyboard('{Escape}');
    expect(input).toHaveValue('');
  });

  it('says when nothing matches', async () => {
    const user = userEvent.setup();
    const { input } = renderStatic();
    await user.type(input, 'tetris');
    expect(screen.getByRole('status').textContent).toBe('Nothing matches “tetris”.');
    expect(screen.queryAllByRole('option')).toHaveLength(0);
  });

  it('asks loadOptions for suggestions and picks one with a click', async () => {
    const user = userEvent.setup();
    const loadOptions = vi.fn(async (text) => [{ login: 'alpha', name: `Alpha (${text})` }]);
    const onSelect = vi.fn();
    render(
      <Combobox
        label="Find a streamer"
        loadOptions={loadOptions}
        optionKey={(o) => o.login}
        optionText={(o) => o.name}
        onSelect={onSelect}
      />,
    );
    await user.type(screen.getByRole('combobox'), 'alp');
    const option = await screen.findByRole('option', { name: 'Alpha (alp)' });
    await waitFor(() => expect(loadOptions).toHaveBeenLastCalledWith('alp', expect.any(AbortSignal)));
    await user.click(option);
    expect(onSelect).toHaveBeenCalledWith({ login: 'alpha', name: 'Alpha (alp)' });
  });
});
