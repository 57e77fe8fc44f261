/**
 * The one way the app talks to the API: GET, JSON, and errors as ApiError with the server's message.
 * Operator routes (viewer pages) send the operator's token as a Bearer token and are never cached.
 */

/** An answer the app can show: the API's own `error` text, or what went wrong on the way. */
export class ApiError extends Error {
  /**
   * @param {string} message
   * @param {number} status HTTP status; 0 when the server did not answer at all
   * @param {unknown} [body] the JSON body, when there was one
   */
  constructor(message, status, body = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

/**
 * GET `path` and return its JSON body.
 * @param {string} path
 * @param {{signal?: AbortSignal, token?: string|null}} [options] `token`: sent as
 *   `Authorization: Bearer <token>`, and the answer (personal data) kept out of the HTTP cache
 * @returns {Promise<any>}
 * @throws {ApiError} on a non-2xx answer, a body that is not JSON, or no answer; an AbortError as is
 */
export async function getJson(path, { signal, token = null } = {}) {
  const init = { headers: { Accept: 'application/json' }, signal };
  if (token) {
    init.headers.Authorization = `Bearer ${token}`;
    init.cache = 'no-store';
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError('The server did not answer. Is `twitchgraph serve` running?', 0);
  }
  let body;
  try {
    body = await response.json();
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    body = null;
  }
  if (!response.ok) {
    throw new ApiError(body?.error || `The server answered ${response.status}.`, response.status, body);
  }
  if (body === null) throw new ApiError('The server answered something other than JSON.', response.status);
  return body;
}

/** True for the error fetch raises when its AbortSignal fires. */
export function isAbort(error) {
  return error?.name === 'AbortError';
}
