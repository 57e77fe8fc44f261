// A fake API for component tests: routes by path (and query), answers JSON, records every call.
import { vi } from 'vitest';

/**
 * @param {Record<string, any | ((url: URL, init?: RequestInit) => any)>} routes path (with query when it
 *   matters) -> body, or {status, body}, or a function of the URL (and fetch's options) returning either
 * @returns {import('vitest').Mock} the fetch stand-in; `.mock.calls` has the URLs asked for
 */
export function mockApi(routes) {
  const fetchMock = vi.fn(async (input, init) => {
    const url = new URL(String(input), 'http://localhost');
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const path = decodeURIComponent(url.pathname);
    const key = [`${url.pathname}${url.search}`, url.pathname, path].find((k) => k in routes);
    if (key === undefined)
      return reply({ status: 404, body: { error: `no route ${url.pathname}`, status: 404 } });
    const route = routes[key];
    return reply(await (typeof route === 'function' ? route(url, init) : route)); // a promise: held answer
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function reply(answer) {
  const { status, body } =
    answer && typeof answer === 'object' && 'status' in answer && 'body' in answer
      ? answer
      : { status: 200, body: answer };
  return {
    ok: status >= 200 && status < 300,
    status,
    json: async () => body,
  };
}

/** The decoded paths (with query) fetch was called with. */
export function calledPaths(fetchMock) {
  return fetchMock.mock.calls.map(([input]) => {
    const url = new URL(String(input), 'http://localhost');
    return decodeURIComponent(`${url.pathname}${url.search}`);
  });
}

/** A neighbourhood answer in the API's shape, for a node and its neighbours. */
export function neighbourhood(node, groups) {
  const nodes = [node];
  const links = [];
  for (const group of groups) {
    for (const member of group.nodes) {
      if (!nodes.some((n) => n.id === member.id)) nodes.push(member);
      links.push(
        group.direction === 'out'
          ? { source: node.id, target: member.id, type: group.type }
          : { source: member.id, target: node.id, type: group.type },
      );
    }
  }
  return {
    node: { ...node, views: null, url: null, description: null, created_at: null },
    groups: groups.map((g) => ({ page: 1, limit: 60, ...g })),
    nodes,
    links,
  };
}

/**
 * A route only the operator may read: 403 when the server has no token (`expected` null), 401 without
 * the right Bearer token, else `answer`.
 */
export function operatorRoute(expected, answer) {
  return (url, init) => {
    if (expected === null) return { status: 403, body: { error: 'viewer pages are disabled', status: 403 } };
    if (init?.headers?.Authorization !== `Bearer ${expected}`) {
      return { status: 401, body: { error: 'a valid operator token is required', status: 401 } };
    }
    return typeof answer === 'function' ? answer(url, init) : answer;
  };
}
