// A fake EventSource for component tests: every instance is recorded; tests open it, send events, fail it.
import { vi } from 'vitest';

export class FakeEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  /** @type {FakeEventSource[]} */
  static instances = [];

  constructor(url) {
    this.url = url;
    this.readyState = FakeEventSource.CONNECTING;
    this.listeners = new Map();
    this.onopen = null;
    this.onerror = null;
    FakeEventSource.instances.push(this);
  }

  addEventListener(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(listener);
  }

  close() {
    this.readyState = FakeEventSource.CLOSED;
  }

  // --- what the server would do -------------------------------------------------------------------

  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.(new Event('open'));
  }

  send(type, data) {
    const message = { type, data: typeof data === 'string' ? data : JSON.stringify(data) };
    for (const listener of this.listeners.get(type) ?? []) listener(message);
  }

  /** A dropped connection: `closed` when the browser gives up (an HTTP error), else it retries. */
  fail({ closed = false } = {}) {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.onerror?.(new Event('error'));
  }
}

/** Install the fake as the global EventSource (undo with vi.unstubAllGlobals()). */
export function fakeEventSource() {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  return FakeEventSource;
}

/** The one instance still open (not closed by its user). */
export function openSources() {
  return FakeEventSource.instances.filter((source) => source.readyState !== FakeEventSource.CLOSED);
}
