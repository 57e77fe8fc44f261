/**
 * The Live panel's state, pure: `chatters` events folded into channels (rate, arrivals per bucket of
 * time) and a short feed of the latest arrivals.
 */

export const BUCKET_MS = 5_000; // a sparkline point: arrivals in five seconds
export const BUCKETS = 24; // two minutes of history per channel
export const FEED_SIZE = 30; // latest arrivals kept for the feed
export const MAX_CHANNELS = 200; // channels kept (the quietest go first)

/**
 * @typedef {{channel: string, login: boolean, rate: number, total: number, last: number,
 *   buckets: Map<number, number>}} Channel `channel`: its login, or the broadcaster's id when the event
 *   had no login for it (`login` false: nothing in the app can be opened by that id)
 */
/**
 * @typedef {{channels: Map<string, Channel>, feed: {id: number, login: string, channel: string,
 *   channelIsLogin: boolean, at: number}[], seq: number}} LiveState
 */

/** @returns {LiveState} */
export function emptyLive() {
  return { channels: new Map(), feed: [], seq: 0 };
}

/**
 * `state` with one `chatters` event added (a new object: React sees the change).
 * @param {LiveState} state
 * @param {{channel: string, user_id?: string, logins: string[], rate: number}} event
 * @param {number} now milliseconds
 * @returns {LiveState}
 */
export function addChatters(state, event, now) {
  const bucket = Math.floor(now / BUCKET_MS);
  const channels = new Map(state.channels);
  const before = channels.get(event.channel);
  const buckets = new Map(before?.buckets ?? []);
  buckets.set(bucket, (buckets.get(bucket) ?? 0) + event.logins.length);
  for (const key of buckets.keys()) if (key <= bucket - BUCKETS) buckets.delete(key);
  channels.set(event.channel, {
    channel: event.channel,
    login: isLogin(event),
    rate: event.rate,
    total: (before?.total ?? 0) + event.logins.length,
    last: now,
    buckets,
  });
  if (channels.size > MAX_CHANNELS) {
    const quietest = [...channels.values()].sort((a, b) => a.last - b.last)[0];
    channels.delete(quietest.channel);
  }
  let seq = state.seq;
  const channel = event.channel;
  const login = isLogin(event);
  const arrived = event.logins.map((who) => ({
    id: (seq += 1),
    login: who,
    channel,
    channelIsLogin: login,
    at: now,
  }));
  const feed = [...arrived.reverse(), ...state.feed].slice(0, FEED_SIZE);
  return { channels, feed, seq };
}

/** Whether an event names its channel by login (the API names it by id only when it knows no login). */
export function isLogin(event) {
  return event.user_id !== undefined ? event.channel !== event.user_id : !/^\d+$/.test(event.channel);
}

/** A channel's arrivals per bucket, oldest first, over the BUCKETS up to `now`. */
export function series(channel, now) {
  const last = Math.floor(now / BUCKET_MS);
  return Array.from({ length: BUCKETS }, (_, k) => channel.buckets.get(last - BUCKETS + 1 + k) ?? 0);
}

/** The busiest channels first (by rate, then by total). */
export function rankedChannels(state, limit = 12) {
  return [...state.channels.values()]
    .sort((a, b) => b.rate - a.rate || b.total - a.total || a.channel.localeCompare(b.channel))
    .slice(0, limit);
}
