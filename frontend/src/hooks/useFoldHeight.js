/**
 * The height that lets an element end above the fold: from its top on the page to the bottom of the
 * window, less a margin, within [min, max]. Measured again when the window or the page above it changes
 * size (a legend wrapping, a line appearing), coalesced to one update a frame.
 */
import { useLayoutEffect, useState } from 'react';

/**
 * @param {import('react').RefObject<HTMLElement>} ref the element (its height is what is computed)
 * @param {{min?: number, max?: number, margin?: number}} [options] pixels
 * @returns {number|null} null until measured
 */
export function useFoldHeight(ref, { min = 320, max = 900, margin = 16 } = {}) {
  const [height, setHeight] = useState(/** @type {number|null} */ (null));
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    let frame = 0;
    const measure = () => {
      const top = element.getBoundingClientRect().top + window.scrollY;
      const next = foldHeight(top, window.innerHeight, { min, max, margin });
      setHeight((previous) => (previous === next ? previous : next));
    };
    const later = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('resize', later);
    // What is above the element can grow or shrink without the window changing: watch the page.
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(later);
    observer?.observe(document.body);
    return () => {
      window.removeEventListener('resize', later);
      observer?.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [ref, min, max, margin]);
  return height;
}

/** The height from `top` (pixels from the page's top) to the window's bottom less `margin`, clamped. */
export function foldHeight(top, windowHeight, { min, max, margin }) {
  return Math.round(Math.min(max, Math.max(min, windowHeight - top - margin)));
}
