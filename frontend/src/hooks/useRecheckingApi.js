/** An answer the server may still be computing: asked again until it is current. */
import { useEffect, useState } from 'react';
import { useApi } from './useApi.js';

export const RECHECK_MS = 3000;

/**
 * useApi(key, load), asked again every RECHECK_MS while the answer is the previous one marked stale or a
 * 503 (the first computation still running), so the page follows without a reload.
 * @template T
 * @param {string|null} key
 * @param {(signal: AbortSignal) => Promise<T>} load
 * @returns {ReturnType<typeof useApi<T>>}
 */
export function useRecheckingApi(key, load) {
  const [recheck, setRecheck] = useState(0);
  const state = useApi(key === null ? null : `${key}/${recheck}`, load);
  const computing = Boolean(state.data?.stale) || state.error?.status === 503;
  useEffect(() => {
    if (!computing) return undefined;
    const timer = window.setTimeout(() => setRecheck((n) => n + 1), RECHECK_MS);
    return () => window.clearTimeout(timer);
  }, [computing, state.data, state.error]);
  return state;
}
