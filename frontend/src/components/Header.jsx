/**
 * The header: what the app is, node and edge counts that move on their own, the backend's health.
 *
 * The counts come from the API's `counts` events while the event stream is open (no polling then, but
 * one /health for the backend's name); whenever it is not (no EventSource, a dropped connection, a full
 * server), /health is polled every 10 s instead.
 */
import { useState } from 'react';
import { getHealth } from '../api/endpoints.js';
import { useEvents } from '../hooks/useEvents.js';
import { usePolling } from '../hooks/usePolling.js';
import { formatCount } from '../lib/format.js';
import { plainText } from '../lib/text.js';

export const HEALTH_INTERVAL_MS = 10_000;

export function Header() {
  const [pushed, setPushed] = useState(null);
  const live = useEvents((type, counts) => {
    if (type === 'counts') setPushed(counts);
  });
  const {
    data: polled,
    error,
    updatedAt,
  } = usePolling(getHealth, live === 'open' ? null : HEALTH_INTERVAL_MS);
  const data = polled && live === 'open' && pushed ? { ...polled, ...pushed } : polled;
  const backend = data?.backend ?? error?.body?.backend ?? null;
  const healthy = Boolean(data) && !error;
  let status = 'checking…';
  if (error) status = error.status === 503 ? 'unreachable' : 'no answer';
  else if (healthy) status = 'healthy';
  return (
    <header className="app-header">
      <div className="brand">
        <h1>
          <a href="/">twitchgraph</a>
        </h1>
        <p className="tagline">Who chats where on Twitch, as a graph</p>
      </div>
      <dl className="counters" aria-busy={!data && !error} data-live={live}>
        <div className="counter">
          <dt>Nodes</dt>
          <dd data-testid="count-nodes" data-value={data?.nodes ?? ''}>
            {formatCount(data?.nodes)}
          </dd>
        </div>
        <div className="counter">
          <dt>Edges</dt>
          <dd data-testid="count-edges" data-value={data?.edges ?? ''}>
            {formatCount(data?.edges)}
          </dd>
        </div>
        <div className="counter">
          <dt>Backend</dt>
          <dd data-testid="backend">
            {backend ?? '–'}{' '}
            <span
              className={`health health--${healthy ? 'ok' : error ? 'bad' : 'unknown'}`}
              role="status"
              title={
                error
                  ? plainText(error.message)
                  : updatedAt
                    ? `Checked at ${updatedAt.toLocaleTimeString()}`
                    : ''
              }
            >
              {status}
            </span>
          </dd>
        </div>
      </dl>
    </header>
  );
}
