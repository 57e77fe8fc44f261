import { act, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi } from '../test/api.js';
import { FakeEventSource, fakeEventSource, openSources } from '../test/eventSource.js';
import { LivePanel } from './LivePanel.jsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const NONE = {
  source: 'none',
  state: 'stopped',
  description: null,
  messages: 0,
  written: 0,
  dead_letters: 0,
  rate: 0,
  lag: null,
  last_error: null,
};
const REPLAY = {
  ...NONE,
  source: 'replay',
  state: 'running',
  description: 'in-process replay of demo',
  messages: 1234,
  written: 1200,
  dead_letters: 3,
  rate: 41.5,
  lag: 800,
};

describe('LivePanel', () => {
  it('explains how to feed it while nothing has arrived', async () => {
    fakeEventSource();
    mockApi({ '/stream/status': NONE });
    render(<LivePanel />);
    expect(await screen.findByText('The API process runs no stream consumer now.')).toBeInTheDocument();
    const empty = screen.getByTestId('live-empty');
    expect(empty).toHaveTextContent('No chatters have arrived yet.');
    expect(empty).toHaveTextContent('make run');
    expect(empty).toHaveTextContent('twitchgraph stream consume');
    expect(screen.getByTestId('live-connection')).toHaveTextContent('connecting');
  });

  it('shows arriving chatters per channel with their rate, a sparkline and the feed', async () => {
    fakeEventSource();
    mockApi({ '/stream/status': NONE });
    render(<LivePanel />);
    const [source] = FakeEventSource.instances;
    act(() => {
      source.open();
      source.send('stream', REPLAY);
      source.send('chatters', { channel: 'alpha', logins: ['zed', 'yan'], rate: 0.2 });
      source.send('chatters', { channel: 'bravo', logins: ['kim'], rate: 1.5 });
    });
    expect(screen.getByTestId('live-connection')).toHaveTextContent('live');
    const summary = await screen.findByTestId('stream-summary');
    expect(summary).toHaveTextContent('replay · running');
    expect(summary).toHaveTextContent('1,234');
    expect(summary).toHaveTextContent('41.5/s');
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((row) => row.getAttribute('data-channel'))).toEqual(['bravo', 'alpha']); // busiest first
    expect(within(rows[0]).getByText('1.5/s')).toBeInTheDocument();
    expect(within(rows[1]).getByText('2')).toBeInTheDocument();
    expect(within(rows[1]).getByRole('img')).toHaveAccessibleName(/^alpha: chatters per 5 s/);
    const feed = within(screen.getByTestId('live-feed')).getAllByRole('listitem');
    expect(feed.map((item) => item.textContent.replace(/^\S+ /, ''))).toEqual([
      'kim in bravo',
      'yan in alpha',
      'zed in alpha',
    ]);
    expect(screen.queryByTestId('live-empty')).toBeNull();
  });

  it('links a channel named by login to the explorer, and leaves one known only by id as text', async () => {
    window.history.replaceState(null, '', '/?panel=live');
    fakeEventSource();
    mockApi({ '/stream/status': NONE });
    render(<LivePanel />);
    const [source] = FakeEventSource.instances;
    act(() => {
      source.open();
      source.send('chatters', { channel: 'alpha', user_id: '1001', logins: ['zed'], new: ['zed'], rate: 2 });
      source.send('chatters', { channel: '1009', user_id: '1009', logins: ['yan'], rate: 1 });
    });
    const [alphaRow, byIdRow] = screen.getAllByRole('row').slice(1);
    expect(within(alphaRow).getByRole('link', { name: 'alpha' })).toHaveAttribute(
      'href',
      '?panel=explorer&streamer=alpha',
    );
    expect(within(byIdRow).getByRole('rowheader')).toHaveTextContent('1009');
    expect(within(byIdRow).queryByRole('link')).toBeNull();
    const feed = screen.getByTestId('live-feed');
    expect(
      within(feed)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['alpha']);
  });

  it('shows the last stream error and closes its connection when it goes', async () => {
    fakeEventSource();
    mockApi({ '/stream/status': { ...REPLAY, state: 'waiting', last_error: 'broker unavailable' } });
    const { unmount } = render(<LivePanel />);
    expect(await screen.findByText('broker unavailable')).toBeInTheDocument();
    expect(openSources()).toHaveLength(1);
    unmount();
    expect(openSources()).toHaveLength(0);
  });
});
