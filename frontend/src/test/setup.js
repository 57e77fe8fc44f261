import '@testing-library/jest-dom/vitest';
// jsdom has no canvas, ResizeObserver or matchMedia: stand-ins that record nothing and draw nothing.
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
  window.sessionStorage.clear();
});

const context2d = new Proxy(
  { measureText: (text) => ({ width: String(text).length * 7 }) },
  {
    get: (target, prop) => (prop in target ? target[prop] : () => {}),
    set: (target, prop, value) => {
      target[prop] = value;
      return true;
    },
  },
);
HTMLCanvasElement.prototype.getContext = vi.fn(() => context2d);

if (!window.matchMedia) {
  window.matchMedia = (query) => ({
    matches: false,
    media: query,
    addEventListener() {},
    removeEventListener() {},
  });
}
