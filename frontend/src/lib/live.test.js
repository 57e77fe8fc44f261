import { describe, expect, it } from 'vitest';
import {
  addChatters,
  BUCKET_MS,
  BUCKETS,
  emptyLive,
  FEED_SIZE,
  isLogin,
  rankedChannels,
  series,
} from './live.js';

describe('live state', () => {
  it('counts arrivals per channel and per bucket, forgetting what is older than the sparkline', () => {
    let state = emptyLive();
    state = addChatters(state, { channel: 'a', logins: ['x', 'y'], rate: 1 }, 0);
    state = addChatters(state, { channel: 'a', logins: ['z'], rate: 2 }, BUCKET_MS);
    const a = state.channels.get('a');
    expect(a.total).toBe(3);
    expect(a.rate).toBe(2);
    expect(series(a, BUCKET_MS).slice(-2)).toEqual([2, 1]);
    state = addChatters(state, { channel: 'a', logins: ['w'], rate: 2 }, BUCKET_MS * (BUCKETS + 1));
    expect([...state.channels.get('a').buckets.keys()]).toEqual([BUCKETS + 1]);
  });

  it('keeps the latest arrivals first, FEED_SIZE at most, and ranks channels by rate', () => {
    let state = emptyLive();
    const logins = Array.from({ length: FEED_SIZE + 5 }, (_, k) => `u${k}`);
    state = addChatters(state, { channel: 'quiet', logins, rate: 0.5 }, 0);
    state = addChatters(state, { channel: 'busy', logins: ['last'], rate: 9 }, 1);
    expect(state.feed).toHaveLength(FEED_SIZE);
    expect(state.feed[0]).toMatchObject({ login: 'last', channel: 'busy' });
    expect(state.feed[1].login).toBe(`u${FEED_SIZE + 4}`);
    expect(new Set(state.feed.map((item) => item.id)).size).toBe(FEED_SIZE);
    expect(rankedChannels(state).map((c) => c.channel)).toEqual(['busy', 'quiet']);
  });

  it('tells a channel named by login from one named by id', () => {
    expect(isLogin({ channel: 'alpha', user_id: '1001' })).toBe(true);
    expect(isLogin({ channel: '1001', user_id: '1001' })).toBe(false);
    expect(isLogin({ channel: '1001' })).toBe(false); // an older server's event: digits are an id
    const state = addChatters(emptyLive(), { channel: '1001', user_id: '1001', logins: ['x'], rate: 1 }, 0);
    expect(state.channels.get('1001').login).toBe(false);
    expect(state.feed[0].channelIsLogin).toBe(false);
  });
});
