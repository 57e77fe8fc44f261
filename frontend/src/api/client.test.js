import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi } from '../test/api.js';
import { ApiError, getJson } from './client.js';

afterEach(() => vi.unstubAllGlobals());

describe('getJson', () => {
  it('returns the JSON body of a 200', async () => {
    mockApi({ '/nodes': { nodes: 15 } });
    await expect(getJson('/nodes')).resolves.toEqual({ nodes: 15 });
  });

  it("throws the API's own error message with its status", async () => {
    mockApi({
      '/streamer/x': { status: 404, body: { error: "no streamer has the login 'x'", status: 404 } },
    });
    const error = await getJson('/streamer/x').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe("no streamer has the login 'x'");
    expect(error.status).toBe(404);
  });

  it('says when the server does not answer', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const error = await getJson('/nodes').catch((e) => e);
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/did not answer/);
  });

  it('says when the answer is not JSON', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => ({
        ok: true,
        status: 200,
        json: async () => {
          throw new SyntaxError('bad');
        },
      })),
    );
    await expect(getJson('/nodes')).rejects.toThrow(/other than JSON/);
  });
});

describe('getJson with the operator token', () => {
  it('sends it as a Bearer token and keeps the answer out of the HTTP cache', async () => {
    const fetchMock = mockApi({ '/viewers/alice': { login: 'alice' } });
    await expect(getJson('/viewers/alice', { token: 's3cret' })).resolves.toEqual({ login: 'alice' });
    const [, init] = fetchMock.mock.calls[0];
    expect(init.headers.Authorization).toBe('Bearer s3cret');
    expect(init.cache).toBe('no-store');
  });

  it('sends no Authorization header without one', async () => {
    const fetchMock = mockApi({ '/pipeline/health': { sanity: 'ok' } });
    await getJson('/pipeline/health');
    const [, init] = fetchMock.mock.calls[0];
    expect(init.headers.Authorization).toBeUndefined();
    expect(init.cache).toBeUndefined();
  });
});
