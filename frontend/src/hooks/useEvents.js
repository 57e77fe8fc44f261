/** The API's live events while mounted: reconnects with backoff, closes on unmount. */
import { useEffect, useEffectEvent, useState } from 'react';
import { EVENTS_PATH, eventsSupported, openEvents } from '../api/events.js';

const CLOSED = 2; // EventSource.CLOSED: the browser gave up (an HTTP error, a 503 when the server is full)
export const MAX_BACKOFF_MS = 30_000;

/** Wait before the `attempt`-th reconnection (0-based): 1 s, 2 s, 4 s... up to 30 s. */
export function backoffMs(attempt) {
  return Math.min(1000 * 2 ** attempt, MAX_BACKOFF_MS);
}

/**
 * @param {(type: string, data: any) => void} onEvent called for each event (the latest function is used)
 * @param {{url?: string, enabled?: boolean}} [options]
 * @returns {'unsupported'|'connecting'|'open'|'reconnecting'} where the connection stands; the caller
 *   falls back to polling unless it is 'open'
 */
export function useEvents(onEvent, { url = EVENTS_PATH, enabled = true } = {}) {
  const supported = eventsSupported();
  const [status, setStatus] = useState('connecting');
  const handle = useEffectEvent((type, data) => onEvent(type, data));

  useEffect(() => {
    if (!enabled || !supported) return undefined;
    let source = null;
    let timer = 0;
    let attempt = 0;
    const connect = () => {
      source = openEvents(url, {
        onOpen: () => {
          attempt = 0;
          setStatus('open');
        },
        onEvent: (type, data) => handle(type, data),
        onError: (failed) => {
          setStatus('reconnecting');
          // While CONNECTING the browser retries by itself (after the server's `retry:`); once CLOSED it
          // never will: open a new one, waiting longer each time.
          if (failed.readyState === CLOSED) {
            failed.close();
            timer = window.setTimeout(connect, backoffMs(attempt));
            attempt += 1;
          }
        },
      });
    };
    connect();
    return () => {
      window.clearTimeout(timer);
      source?.close();
    };
  }, [url, enabled, supported]);

  if (!supported) return 'unsupported';
  return enabled ? status : 'connecting';
}
