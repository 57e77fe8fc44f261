/** A value that follows `value` once it has stopped changing for `delayMs`. */
import { useEffect, useState } from 'react';

export function useDebounced(value, delayMs) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
