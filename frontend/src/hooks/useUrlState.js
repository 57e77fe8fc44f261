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
 * The URL keys each panel reads. Opening a panel from the navigation keeps only its own (a shared one,
 * such as the atlas's and the rankings' `include_bots`, stays): another panel's state (the rankings' `n`)
 * never follows the user into a panel that does not read it.
 */
export const PANEL_KEYS = {
  explorer: ['streamer', 'expand', 'limit'],
  rankings: ['n', 'view', 'include_bots'],
  finder: ['language', 'game'],
  influence: ['top', 'view'],
  atlas: [
    'channel',
    'language',
    'game',
    'community',
    'min_shared',
    'weight',
    'include_bots',
    'metric',
    'source',
    'days',
    'limit',
  ],
  live: [],
  overview: [],
  viewer: ['viewer', 'day', 'tz'],
};

/** `params` with only the `keys` (and `panel`) left. */
export function keepOnly(params, keys) {
  const kept = new URLSearchParams();
  for (const [key, value] of params) if (key === 'panel' || keys.includes(key)) kept.append(key, value);
  return kept;
}

/**
 * Change the URL's state. A new view is a history entry (Back returns to it); `replace` is for
 * refinements of the same view (expanding a node, typing N). `keep`: the only keys of the current URL
 * the patch starts from (`[]`: a fresh view, only what the patch says).
 */
export function navigate(patch, { replace = false, keep = null } = {}) {
  const current = new URLSearchParams(window.location.search);
  const url = withParams(patch, keep ? keepOnly(current, keep) : current);
  if (url === window.location.search) return;
  window.history[replace ? 'replaceState' : 'pushState'](null, '', url);
  listeners.forEach((listener) => listener());
}

/**
 * A link's click: a plain left click goes to `to` without a reload (a new tab or window is the browser's).
 * @param {MouseEvent|import('react').MouseEvent} event
 * @param {Record<string, any>} to the patch
 * @param {string[]|null} [keep] as navigate's
 */
export function followLink(event, to, keep = null) {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(to, { keep });
}
