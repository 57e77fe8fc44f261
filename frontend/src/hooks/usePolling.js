/**
 * Load something now and again every `intervalMs` (null: once, and when the page shows again), paused
 * while the page is hidden.
 */
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { isAbort } from '../api/client.js';

/**
 * @template T
 * @param {(signal: AbortSignal) => Promise<T>} load
 * @param {number|null} intervalMs
 * @returns {{data: T|null, error: Error|null, updatedAt: Date|null, refresh: () => void}}
 */
export function usePolling(load, intervalMs) {
  const [state, setState] = useState({ data: null, error: null, updatedAt: null });
  const latestLoad = useEffectEvent((signal) => load(signal)); // a new `load` alone restarts nothing
  const runRef = useRef(() => {});

  useEffect(() => {
    let controller = null;
    let timer = 0;
    const run = () => {
      window.clearTimeout(timer);
      controller?.abort();
      controller = new AbortController();
      const { signal } = controller;
      latestLoad(signal)
        .then(
          (data) => setState({ data, error: null, updatedAt: new Date() }),
          (error) => {
            // Keep the last good numbers on screen; the error says they may be stale.
            if (!isAbort(error)) setState((previous) => ({ ...previous, error, updatedAt: new Date() }));
          },
        )
        .finally(() => {
          if (!signal.aborted && !document.hidden && intervalMs) timer = window.setTimeout(run, intervalMs);
        });
    };
    const onVisibility = () => {
      if (!document.hidden) run();
    };
    runRef.current = run;
    run();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.clearTimeout(timer);
      controller?.abort();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [intervalMs]);

  const refresh = useCallback(() => runRef.current(), []);
  return { ...state, refresh };
}
