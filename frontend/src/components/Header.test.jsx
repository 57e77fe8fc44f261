import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi } from '../test/api.js';
import { FakeEventSource, fakeEventSource } from '../test/eventSource.js';
import { Header, HEALTH_INTERVAL_MS } from './Header.jsx';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const HEALTHY = { backend: 'falkordb', reachable: true, database: 'embedded', nodes: 51154, edges: 162670 };

describe('Header', () => {
  it("shows the API's node and edge counts and a healthy backend", async () => {
    mockApi({ '/health': HEALTHY });
    render(<Header />);
    expect(await screen.findByText('51,154')).toHaveAttribute('data-value', '51154');
    expect(screen.getByTestId('count-edges')).toHaveTextContent('162,670');
    expect(screen.getByTestId('backend')).toHaveTextContent('falkordb healthy');
  });

  it('refreshes the counts on its own', async () => {
    vi.useFakeTimers();
    let nodes = 15;
    const fetchMock = mockApi({ '/health': () => ({ ...HEALTHY, nodes }) });
    render(<Header />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(10);
    });
    expect(screen.getByTestId('count-nodes')).toHaveTextContent('15');
    nodes = 16;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(HEALTH_INTERVAL_MS + 10);
    });
    expect(screen.getByTestId('count-nodes')).toHaveTextContent('16');
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('says the database is unreachable on a 503, naming the backend', async () => {
    mockApi({
      '/health': {
        status: 503,
        body: { backend: 'memgraph', reachable: false, error: 'connection refused', status: 503 },
      },
    });
    render(<Header />);
    expect(await screen.findByText('unreachable')).toHaveAttribute('title', 'connection refused');
    expect(screen.getByTestId('backend')).toHaveTextContent('memgraph unreachable');
    expect(screen.getByTestId('count-nodes')).toHaveTextContent('–');
  });

  it('moves the counts with the live events, without polling, and polls again when they drop', async () => {
    vi.useFakeTimers();
    fakeEventSource();
    const fetchMock = mockApi({ '/health': HEALTHY });
    render(<Header />);
    const [source] = FakeEventSource.instances;
    act(() => source.open());
    await act(async () => {
      await vi.advanceTimersByTimeAsync(10);
    });
    expect(screen.getByTestId('count-nodes')).toHaveTextContent('51,154');
    act(() => source.send('counts', { nodes: 51160, edges: 162700 }));
    expect(screen.getByTestId('count-nodes')).toHaveTextContent('51,160');
    expect(screen.getByTestId('count-edges')).toHaveTextContent('162,700');
    const asked = fetchMock.mock.calls.length;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(HEALTH_INTERVAL_MS * 3);
    });
    expect(fetchMock).toHaveBeenCalledTimes(asked); // the events say it all: no polling
    act(() => source.fail({ closed: true }));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(10);
    });
    expect(screen.getByTestId('count-nodes')).toHaveTextContent('51,154'); // /health's answer again
    await act(async () => {
      await vi.advanceTimersByTimeAsync(HEALTH_INTERVAL_MS + 10);
    });
    expect(fetchMock.mock.calls.length).toBeGreaterThan(asked + 1);
  });
});
