/**
 * A number that grows when the API's live events say the graph changed: panels put it in their fetch
 * keys to fetch their answers again without a reload.
 */
import { useEffect, useRef, useState } from 'react';
import { useEvents } from './useEvents.js';

// A busy stream changes the graph every poll: one refetch per 5 s at most.
export const REFETCH_MIN_MS = 5000;

/**
 * A number that grows when a `counts` event says the graph changed (a new version, or else new counts),
 * at most once per REFETCH_MIN_MS; a change inside that time is acted on when it is over, never lost.
 * The first counts event is what the server knew already: it only sets the baseline (a reconnection's
 * first one counts: the graph may have changed meanwhile).
 * @returns {{generation: number, watching: boolean}} `watching`: a baseline is set, changes will count
 */
export function useGraphGeneration() {
  const [generation, setGeneration] = useState(0);
  const [watching, setWatching] = useState(false);
  const seen = useRef(null);
  const lastBump = useRef(-Infinity);
  const timer = useRef(0);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useEvents((type, counts) => {
    if (type !== 'counts') return;
    const mark = counts.version ?? `${counts.nodes}/${counts.edges}`;
    const changed = seen.current !== null && seen.current !== mark;
    seen.current = mark;
    setWatching(true);
    if (!changed || timer.current) return;
    const wait = Math.max(0, lastBump.current + REFETCH_MIN_MS - Date.now());
    timer.current = window.setTimeout(() => {
      timer.current = 0;
      lastBump.current = Date.now();
      setGeneration((n) => n + 1);
    }, wait);
  });
  return { generation, watching };
}
