import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, fakeEventSource, openSources } from '../test/eventSource.js';
import { backoffMs, MAX_BACKOFF_MS, useEvents } from './useEvents.js';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function Probe({ onEvent, enabled = true }) {
  const status = useEvents(onEvent, { enabled });
  return <p data-testid="status">{status}</p>;
}

describe('useEvents', () => {
  it('opens /events, says when it is open and hands over each event', () => {
    fakeEventSource();
    const onEvent = vi.fn();
    render(<Probe onEvent={onEvent} />);
    expect(screen.getByTestId('status')).toHaveTextContent('connecting');
    const [source] = FakeEventSource.instances;
    expect(source.url).toBe('/events');
    act(() => source.open());
    expect(screen.getByTestId('status')).toHaveTextContent('open');
    act(() => {
      source.send('counts', { nodes: 3, edges: 2 });
      source.send('chatters', { channel: 'alpha', logins: ['zed'], rate: 0.1 });
      source.send('counts', 'not json');
    });
    expect(onEvent.mock.calls).toEqual([
      ['counts', { nodes: 3, edges: 2 }],
      ['chatters', { channel: 'alpha', logins: ['zed'], rate: 0.1 }],
    ]);
  });

  it('lets the browser retry a dropped connection, and opens a new one with backoff once it gave up', () => {
    vi.useFakeTimers();
    fakeEventSource();
    render(<Probe onEvent={() => {}} />);
    const [first] = FakeEventSource.instances;
    act(() => first.open());
    act(() => first.fail()); // still CONNECTING: the browser reconnects by itself
    expect(screen.getByTestId('status')).toHaveTextContent('reconnecting');
    expect(FakeEventSource.instances).toHaveLength(1);
    act(() => first.fail({ closed: true })); // a 503, say: the browser gave up
    act(() => vi.advanceTimersByTime(backoffMs(0) - 1));
    expect(FakeEventSource.instances).toHaveLength(1);
    act(() => vi.advanceTimersByTime(1));
    expect(FakeEventSource.instances).toHaveLength(2);
    const second = FakeEventSource.instances[1];
    act(() => second.fail({ closed: true }));
    act(() => vi.advanceTimersByTime(backoffMs(1) - 1));
    expect(FakeEventSource.instances).toHaveLength(2); // waits longer the second time
    act(() => vi.advanceTimersByTime(1));
    const third = FakeEventSource.instances[2];
    act(() => third.open());
    expect(screen.getByTestId('status')).toHaveTextContent('open');
    expect(openSources()).toEqual([third]);
  });

  it('closes the connection and any pending reconnection on unmount: nothing leaks', () => {
    vi.useFakeTimers();
    fakeEventSource();
    const { unmount } = render(<Probe onEvent={() => {}} />);
    act(() => FakeEventSource.instances[0].fail({ closed: true }));
    act(() => vi.advanceTimersByTime(backoffMs(0)));
    expect(openSources()).toHaveLength(1);
    unmount();
    expect(openSources()).toHaveLength(0);
    act(() => vi.advanceTimersByTime(MAX_BACKOFF_MS * 2));
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('says unsupported without EventSource, and opens nothing when disabled', () => {
    vi.stubGlobal('EventSource', undefined);
    const { unmount } = render(<Probe onEvent={() => {}} />);
    expect(screen.getByTestId('status')).toHaveTextContent('unsupported');
    unmount();
    fakeEventSource();
    render(<Probe onEvent={() => {}} enabled={false} />);
    expect(FakeEventSource.instances).toHaveLength(0);
  });

  it('backs off 1 s, 2 s, 4 s... up to 30 s', () => {
    expect([0, 1, 2, 3, 10].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, MAX_BACKOFF_MS]);
  });
});
