/** Data from the API with its loading and error states, cancelled when the inputs change. */
import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { isAbort } from '../api/client.js';

/**
 * Run `load(signal)` whenever `key` changes (null: nothing to load) and keep its outcome.
 * @template T
 * @param {string|null} key what is being loaded; a new key cancels the load of the previous one
 * @param {(signal: AbortSignal) => Promise<T>} load
 * @returns {{data: T|null, error: Error|null, loading: boolean, reload: () => void}}
 */
export function useApi(key, load) {
  const [attempt, setAttempt] = useState(0);
  const [outcome, setOutcome] = useState({ tag: null, data: null, error: null });
  const tag = key === null ? null : `${attempt}\u0000${key}`;
  // `load` is a new closure on every render; `tag` says when its result would differ.
  const run = useEffectEvent((signal) => load(signal));

  useEffect(() => {
    if (tag === null) return undefined;
    const controller = new AbortController();
    run(controller.signal).then(
      (data) => setOutcome({ tag, data, error: null }),
      (error) => {
        if (!isAbort(error)) setOutcome({ tag, data: null, error });
      },
    );
    return () => controller.abort();
  }, [tag]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const settled = tag !== null && outcome.tag === tag;
  return {
    data: settled ? outcome.data : null,
    error: settled ? outcome.error : null,
    loading: tag !== null && !settled,
    reload,
  };
}
