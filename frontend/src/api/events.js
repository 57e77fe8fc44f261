/**
 * The API's live events (`/events`, Server-Sent Events) through the browser's EventSource.
 *
 * Events: `counts` ({nodes, edges}: the graph changed), `stream` (the /stream/status body: a consumer in
 * the API's process changed state), `chatters` ({channel: login, user_id, logins, new?, rate}: what that
 * consumer just wrote to one channel; `new`: the logins whose edge there did not exist before).
 */

export const EVENTS_PATH = '/events';
export const EVENT_TYPES = ['counts', 'stream', 'chatters'];

/** Whether this browser has EventSource (jsdom and very old browsers do not: then the app polls). */
export function eventsSupported() {
  return typeof globalThis.EventSource === 'function';
}

/**
 * Open the event stream.
 * @param {string} url
 * @param {{onOpen?: () => void, onEvent: (type: string, data: any) => void,
 *   onError?: (source: EventSource) => void}} handlers
 * @returns {EventSource} to close
 */
export function openEvents(url, { onOpen, onEvent, onError }) {
  const source = new globalThis.EventSource(url);
  source.onopen = () => onOpen?.();
  source.onerror = () => onError?.(source);
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (message) => {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch {
        return; // not ours: ignored rather than breaking the stream
      }
      onEvent(type, data);
    });
  }
  return source;
}
