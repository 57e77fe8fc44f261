/**
 * The operator's token for the viewer pages: kept in sessionStorage (this tab only, gone when it
 * closes), never in the URL. Every reader re-renders when it is set or cleared.
 */
import { useSyncExternalStore } from 'react';

export const TOKEN_KEY = 'twitchgraph.operator-token';

const listeners = new Set();
let memory = null; // when the browser refuses sessionStorage (some private modes)

function read() {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return memory;
  }
}

function write(token) {
  memory = token;
  try {
    if (token === null) window.sessionStorage.removeItem(TOKEN_KEY);
    else window.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // memory holds it for this page
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signIn(token) {
  write(token.trim() || null);
}

export function signOut() {
  write(null);
}

/** @returns {{token: string|null, signIn: (token: string) => void, signOut: () => void}} */
export function useOperatorToken() {
  const token = useSyncExternalStore(subscribe, read, () => null);
  return { token, signIn, signOut };
}
