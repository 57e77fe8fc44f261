/** State that the user changes freely and that goes back to `source` whenever `source` changes. */
import { useState } from 'react';

/**
 * useState(source), except that a new `source` (a URL change, a new root) replaces the value in the
 * render that sees it, before anything is drawn with the old value (React's "adjusting some state when
 * a prop changes": an effect would draw the stale value once, then draw again).
 * @template T
 * @param {T} source compared with Object.is
 * @returns {[T, import('react').Dispatch<import('react').SetStateAction<T>>]}
 */
export function useResetState(source) {
  const [value, setValue] = useState(source);
  const [seen, setSeen] = useState(source);
  if (!Object.is(seen, source)) {
    setSeen(source);
    setValue(source);
    return [source, setValue];
  }
  return [value, setValue];
}
