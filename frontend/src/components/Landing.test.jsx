// The explorer before a streamer is chosen (the app's landing): the biggest channels with their unit,
// and errors whose code parts show as code, never as literal backticks.
import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi } from '../test/api.js';
import { ExplorerPanel } from './ExplorerPanel.jsx';
import { ErrorMessage } from './Status.jsx';

afterEach(() => vi.unstubAllGlobals());

describe('the landing', () => {
  it('says what the numbers on the top channels are: followers', async () => {
    window.history.replaceState(null, '', '/');
    mockApi({
      '/top-streamers-by-followers/6': {
        streamers: [{ name: 'Alpha' }, { name: 'Bravo' }],
        followers: [{ followers: 1234567 }, { followers: 1 }],
      },
    });
    render(<ExplorerPanel />);
    const alpha = await screen.findByRole('link', { name: /Alpha/ });
    expect(alpha).toHaveTextContent('Alpha 1,234,567 followers');
    expect(alpha).toHaveAttribute('href', '?streamer=Alpha');
    expect(screen.getByRole('link', { name: /Bravo/ }).textContent).toBe('Bravo 1 follower');
  });

  it('shows an error naming a command as code, without backticks', async () => {
    window.history.replaceState(null, '', '/');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    render(<ExplorerPanel />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not load suggestions. The server did not answer. Is twitchgraph serve running?',
    );
    expect(alert.textContent).not.toContain('`');
    expect(within(alert).getByText('twitchgraph serve').tagName).toBe('CODE');
  });

  it('renders any message’s backticks as code: the API’s too', () => {
    render(<ErrorMessage error={new Error('set `TWITCHGRAPH_OPERATOR_TOKEN` and restart')} what="it" />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Could not load it. set TWITCHGRAPH_OPERATOR_TOKEN and restart');
    expect(within(alert).getByText('TWITCHGRAPH_OPERATOR_TOKEN').tagName).toBe('CODE');
  });
});
