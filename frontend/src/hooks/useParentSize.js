/** The size of a container, kept current with a ResizeObserver (coalesced to one update a frame). */
import { useLayoutEffect, useRef, useState } from 'react';

/**
 * @param {{initialWidth?: number, initialHeight?: number}} [options] used until the first measure
 * @returns {{ref: import('react').RefObject<HTMLElement>, width: number, height: number}}
 */
export function useParentSize({ initialWidth = 640, initialHeight = 480 } = {}) {
  const ref = useRef(null);
  const [size, setSize] = useState({ width: initialWidth, height: initialHeight });

  // Measured before the first paint, so nothing is drawn at the initial size and then jumps.
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    let frame = 0;
    const measure = () => {
      const { width, height } = element.getBoundingClientRect();
      if (width <= 0) return; // not laid out (hidden, or a test DOM): keep the initial size
      const next = { width: Math.round(width), height: Math.round(height) || initialHeight };
      setSize((previous) =>
        previous.width === next.width && previous.height === next.height ? previous : next,
      );
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [initialHeight]);

  return { ref, ...size };
}
