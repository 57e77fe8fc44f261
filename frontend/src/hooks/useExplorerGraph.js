/**
 * The explorer's graph: a root node's neighbourhood, grown by expanding nodes and paging groups, and by
 * chatters arriving live (`addLiveChatters`). The root and the expanded nodes live in the URL, so a link
 * rebuilds the same graph; live arrivals go with the root.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from '../api/client.js';
import { getNeighbourhood } from '../api/endpoints.js';
import { EMPTY_GRAPH, mergeLiveChatters, mergeNeighbourhood } from '../lib/graph.js';

/** Neighbours fetched per relationship group: of the root, and of a node the user expands. */
export const ROOT_LIMIT = 60;
export const EXPAND_LIMIT = 30;

/**
 * @typedef {{status: 'idle'|'loading'|'ready'|'error', error: Error|null, rootKey: string|null,
 *   rootId: string|null, graph: import('../lib/graph.js').ExplorerGraph, pending: string[],
 *   actionError: {id: string, error: Error}|null, live: import('../lib/graph.js').LiveArrival[],
 *   liveCount: number}} ExplorerState `liveCount`: chatters arrived live since the root loaded
 */

const IDLE = {
  status: 'idle',
  error: null,
  rootKey: null,
  rootId: null,
  graph: EMPTY_GRAPH,
  pending: [],
  actionError: null,
  live: [],
  liveCount: 0,
};

/**
 * @param {string|null} rootKey what the URL names: a login, a display name or an explorer id
 * @param {{expand: string[], limit?: number, expandLimit?: number,
 *   onExpanded?: (ids: string[]) => void}} options neighbours per group of the root and of an
 *   expanded node; `expand` is read when the root loads; `onExpanded` hears every expansion
 */
export function useExplorerGraph(
  rootKey,
  { expand, limit = ROOT_LIMIT, expandLimit = EXPAND_LIMIT, onExpanded },
) {
  const [state, setState] = useState(/** @type {ExplorerState} */ (IDLE));
  const [attempt, setAttempt] = useState(0);
  const controllerRef = useRef(null);
  const stateRef = useRef(state);
  stateRef.current = state;
  const initial = useRef({ expand, onExpanded, expandLimit });
  initial.current = { expand, onExpanded, expandLimit };

  const fetchInto = useCallback(async (node, options, signal) => {
    const hood = await getNeighbourhood(node, options, signal);
    if (signal.aborted) return null;
    setState((current) => ({ ...current, graph: mergeNeighbourhood(current.graph, hood) }));
    return hood;
  }, []);

  useEffect(() => {
    controllerRef.current?.abort();
    if (!rootKey) {
      setState(IDLE);
      return undefined;
    }
    const controller = new AbortController();
    controllerRef.current = controller;
    const { signal } = controller;
    setState({ ...IDLE, status: 'loading', rootKey });
    (async () => {
      try {
        const hood = await getNeighbourhood(rootKey, { limit }, signal);
        const rootId = hood.node.id;
        let graph = mergeNeighbourhood(EMPTY_GRAPH, hood);
        setState({ ...IDLE, status: 'ready', rootKey, rootId, graph });
        for (const id of initial.current.expand) {
          if (graph.expanded.includes(id)) continue;
          setState((current) => ({ ...current, pending: [...current.pending, id] }));
          try {
            const more = await getNeighbourhood(id, { limit: initial.current.expandLimit }, signal);
            graph = mergeNeighbourhood(graph, more);
          } catch (error) {
            if (isAbort(error)) throw error;
            // A node of an old link that is gone: the rest of the graph still loads.
          }
          setState((current) => ({
            ...current,
            graph,
            pending: current.pending.filter((pendingId) => pendingId !== id),
          }));
        }
      } catch (error) {
        if (!isAbort(error)) setState({ ...IDLE, status: 'error', rootKey, error });
      }
    })();
    return () => controller.abort();
  }, [rootKey, limit, attempt]);

  /** Fetch a node's neighbours into the graph (nothing when it is already expanded or on its way). */
  const expandNode = useCallback(
    async (id) => {
      const { graph, pending, status } = stateRef.current;
      if (status !== 'ready' || graph.expanded.includes(id) || pending.includes(id)) return;
      const signal = controllerRef.current.signal;
      setState((current) => ({ ...current, pending: [...current.pending, id], actionError: null }));
      try {
        await fetchInto(id, { limit: initial.current.expandLimit }, signal);
        const expanded = [...stateRef.current.graph.expanded];
        initial.current.onExpanded?.(expanded.includes(id) ? expanded : [...expanded, id]);
      } catch (error) {
        if (isAbort(error)) return;
        setState((current) => ({ ...current, actionError: { id, error } }));
      } finally {
        if (!signal.aborted) {
          setState((current) => ({ ...current, pending: current.pending.filter((p) => p !== id) }));
        }
      }
    },
    [fetchInto],
  );

  /** The next page of one relationship group of an expanded node. */
  const loadMore = useCallback(
    async (id, group) => {
      const key = `${id}\u0000${group.type}`;
      if (stateRef.current.pending.includes(key)) return;
      const signal = controllerRef.current.signal;
      setState((current) => ({ ...current, pending: [...current.pending, key], actionError: null }));
      try {
        await fetchInto(id, { limit: group.limit, page: group.page + 1, type: group.type }, signal);
      } catch (error) {
        if (!isAbort(error)) setState((current) => ({ ...current, actionError: { id, error } }));
      } finally {
        if (!signal.aborted) {
          setState((current) => ({ ...current, pending: current.pending.filter((p) => p !== key) }));
        }
      }
    },
    [fetchInto],
  );

  /** A `chatters` event of the root's channel: its chatters onto the graph, highlighted. */
  const addLiveChatters = useCallback((event, now = Date.now()) => {
    setState((current) => {
      if (current.status !== 'ready') return current;
      const merged = mergeLiveChatters(current.graph, current.live, current.rootId, event, now);
      return {
        ...current,
        graph: merged.graph,
        live: merged.live,
        liveCount: current.liveCount + merged.arrived,
      };
    });
  }, []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, expandNode, loadMore, retry, addLiveChatters };
}
