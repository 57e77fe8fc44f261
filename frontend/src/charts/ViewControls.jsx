/**
 * The view controls a zoomable canvas shares (the explorer's graph, the atlas's map): the keys (+ and −
 * zoom, arrows pan, 0 fits) and the buttons in the corner.
 */

const ZOOM_STEP = 1.3;
const PAN_STEP = 60; // px a key press moves the view

/**
 * Handles a key press on the canvas; `zoomBy(factor)`, `panBy(dx, dy)` in screen px, `fit()`.
 * @param {KeyboardEvent} event
 * @param {{zoomBy: (factor: number) => void, panBy: (dx: number, dy: number) => void, fit: () => void}} view
 */
export function onViewKey(event, { zoomBy, panBy, fit }) {
  const actions = {
    '+': () => zoomBy(ZOOM_STEP),
    '=': () => zoomBy(ZOOM_STEP),
    '-': () => zoomBy(1 / ZOOM_STEP),
    0: fit,
    ArrowLeft: () => panBy(PAN_STEP, 0),
    ArrowRight: () => panBy(-PAN_STEP, 0),
    ArrowUp: () => panBy(0, PAN_STEP),
    ArrowDown: () => panBy(0, -PAN_STEP),
  };
  const action = actions[event.key];
  if (action) {
    event.preventDefault();
    action();
  }
}

/**
 * Zoom in, zoom out and fit buttons, then `children` (more buttons).
 * @param {{zoomBy: (factor: number) => void, fit: () => void, fitTitle: string,
 *   children?: import('react').ReactNode}} props
 */
export function ViewControls({ zoomBy, fit, fitTitle, children }) {
  return (
    <div className="graph-controls" role="group" aria-label="View">
      <button type="button" onClick={() => zoomBy(ZOOM_STEP)} aria-label="Zoom in" title="Zoom in (+)">
        +
      </button>
      <button type="button" onClick={() => zoomBy(1 / ZOOM_STEP)} aria-label="Zoom out" title="Zoom out (−)">
        −
      </button>
      <button type="button" onClick={fit} title={fitTitle}>
        Fit
      </button>
      {children}
    </div>
  );
}
