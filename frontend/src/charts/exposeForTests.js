/**
 * Shared by the panels' test and benchmark scripts: a chart's read-only handle on
 * `window.__TWITCHGRAPH__[name]` (where a node is on screen, when the first picture was drawn...).
 * Reading it changes nothing.
 * @param {string} name
 * @param {Record<string, any>} handle
 * @returns {() => void} removes the handle (for an effect's cleanup)
 */
export function exposeForTests(name, handle) {
  window.__TWITCHGRAPH__ = window.__TWITCHGRAPH__ ?? {};
  window.__TWITCHGRAPH__[name] = handle;
  return () => {
    if (window.__TWITCHGRAPH__?.[name] === handle) delete window.__TWITCHGRAPH__[name];
  };
}
