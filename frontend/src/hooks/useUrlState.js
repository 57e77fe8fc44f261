/**
 * The URL is the app's state (panel, streamer, expanded nodes, N, language, game): a link opens the
 * same view. Components read it with useUrlParams() and change it with navigate().
 */
import { useMemo, useSyncExternalStore } from 'react';

const listeners = new Set();

function subscribe(listener) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const snapshot = () => window.location.search;

/** The current query string as URLSearchParams; re-renders when navigate() or Back changes it. */
export function useUrlParams() {
  const search = useSyncExternalStore(subscribe, snapshot, () => '');
  return useMemo(() => new URLSearchParams(search), [search]);
}

/**
 * The query string with `patch` applied: null or '' removes a key, an array sets repeated keys.
 * @param {Record<string, string|number|string[]|null|undefined>} patch
 * @param {URLSearchParams} [base]
 */
export function withParams(patch, base = new URLSearchParams(window.location.search)) {
  const params = new URLSearchParams(base);
  for (const [key, value] of Object.entries(patch)) {
    if (Array.isArray(value)) {
      params.delete(key);
      value.forEach((item) => params.append(key, item));
    } else if (value === null || value === undefined || value === '') {
      params.delete(key);
    } else {
      params.set(key, String(value)); // in place: links keep a stable key order
    }
  }
  const text = params.toString();
  return text ? `?${text}` : window.location.pathname;
}

/**
 * Change the URL's state. A new view is a history entry (Back returns to it); `replace` is for
 * refinements of the same view (expanding a node, typing N).
 */
export function navigate(patch, { replace = false } = {}) {
  const url = withParams(patch);
  if (url === window.location.search) return;
  window.history[replace ? 'replaceState' : 'pushState'](null, '', url);
  listeners.forEach((listener) => listener());
}
