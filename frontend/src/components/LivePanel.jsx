/**
 * Live: chatters arriving per channel (rate, a sparkline of the last two minutes, a short feed) and
 * where the stream stands, from the API's `/events` and `/stream/status`. URL: ?panel=live
 */
import { useEffect, useState } from 'react';
import { getStreamStatus } from '../api/endpoints.js';
import { Sparkline } from '../charts/Sparkline.jsx';
import { useApi } from '../hooks/useApi.js';
import { useEvents } from '../hooks/useEvents.js';
import { formatCount } from '../lib/format.js';
import { addChatters, BUCKET_MS, BUCKETS, emptyLive, rankedChannels, series } from '../lib/live.js';
import { Link } from './Link.jsx';
import { PanelHeading } from './PanelHeading.jsx';

const TICK_MS = 1_000; // the sparklines move on even when nothing arrives
const CONNECTION = {
  open: 'live',
  connecting: 'connecting…',
  reconnecting: 'connection lost, reconnecting…',
  unsupported: 'this browser has no EventSource: no live updates',
};
const RATE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function LivePanel() {
  const [live, setLive] = useState(emptyLive);
  const [pushed, setPushed] = useState(null);
  const [now, setNow] = useState(() => Date.now());
  const fetched = useApi('stream-status', getStreamStatus);
  const connection = useEvents((type, data) => {
    if (type === 'chatters') setLive((state) => addChatters(state, data, Date.now()));
    else if (type === 'stream') setPushed(data);
  });

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), TICK_MS);
    return () => window.clearInterval(timer);
  }, []);

  const stream = pushed ?? fetched.data;
  const channels = rankedChannels(live);
  return (
    <section className="panel" aria-labelledby="panel-title">
      <PanelHeading title="Live">
        Chatters as the stream writes them into the graph, per channel: their rate, the last two minutes, and
        the latest arrivals.
      </PanelHeading>
      <p className="live-connection" data-testid="live-connection" data-state={connection}>
        <span className={`live-dot live-dot--${connection === 'open' ? 'on' : 'off'}`} aria-hidden="true" />
        {CONNECTION[connection]}
      </p>
      <StreamSummary stream={stream} />
      {channels.length === 0 ? (
        <div className="status status--empty" data-testid="live-empty">
          <p>No chatters have arrived yet.</p>
          <p>
            They appear here as the API&apos;s own stream consumer writes them: run the demo replay (
            <code>make run</code>, no broker needed), or set <code>KAFKA_BOOTSTRAP_SERVERS</code> and feed the
            topic (<code>twitchgraph stream produce --replay chatters.csv</code>). A consumer in another
            process (<code>twitchgraph stream consume</code>) moves the counters in the header.
          </p>
        </div>
      ) : (
        <div className="live-grid">
          <ChannelTable channels={channels} now={now} />
          <Feed feed={live.feed} />
        </div>
      )}
    </section>
  );
}

/** @param {{stream: import('../api/endpoints.js').StreamStatus|null}} props */
function StreamSummary({ stream }) {
  if (!stream) return null;
  if (stream.source === 'none') {
    return (
      <p className="muted" data-testid="stream-summary">
        The API process runs no stream consumer now.
      </p>
    );
  }
  return (
    <dl className="live-summary" data-testid="stream-summary">
      <div>
        <dt>Source</dt>
        <dd title={stream.description ?? ''}>
          {stream.source} · {stream.state}
        </dd>
      </div>
      <div>
        <dt>Messages</dt>
        <dd>{formatCount(stream.messages)}</dd>
      </div>
      <div>
        <dt>Rate</dt>
        <dd>{RATE.format(stream.rate)}/s</dd>
      </div>
      <div>
        <dt>Lag</dt>
        <dd>{formatCount(stream.lag)}</dd>
      </div>
      <div>
        <dt>Dead letters</dt>
        <dd>{formatCount(stream.dead_letters)}</dd>
      </div>
      {stream.last_error && (
        <div className="live-summary__error">
          <dt>Last error</dt>
          <dd>{stream.last_error}</dd>
        </div>
      )}
    </dl>
  );
}

function ChannelTable({ channels, now }) {
  const minutes = (BUCKETS * BUCKET_MS) / 60_000;
  return (
    <div className="card live-channels">
      <div className="table-wrap">
        <table className="data-table">
          <caption>Busiest channels now</caption>
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col" className="numeric">
                Rate
              </th>
              <th scope="col" className="numeric">
                Seen
              </th>
              <th scope="col" className="live-spark">
                Last {minutes} min
              </th>
            </tr>
          </thead>
          <tbody>
            {channels.map((channel) => (
              <tr key={channel.channel} data-channel={channel.channel}>
                <th scope="row">
                  <ChannelName channel={channel.channel} isLogin={channel.login} />
                </th>
                <td className="numeric">{RATE.format(channel.rate)}/s</td>
                <td className="numeric">{formatCount(channel.total)}</td>
                <td className="live-spark">
                  <Sparkline
                    values={series(channel, now)}
                    label={`${channel.channel}: chatters per ${BUCKET_MS / 1000} s over the last ${minutes} minutes`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** A channel by login links to the explorer on it; one known only by id (no login yet) is plain text. */
function ChannelName({ channel, isLogin }) {
  if (!isLogin) return channel;
  return (
    <Link to={{ panel: 'explorer', streamer: channel }} keep={[]}>
      {channel}
    </Link>
  );
}

function Feed({ feed }) {
  return (
    <div className="card live-feed">
      <h3>Latest arrivals</h3>
      <ol aria-live="polite" data-testid="live-feed">
        {feed.map((item) => (
          <li key={item.id}>
            <time dateTime={new Date(item.at).toISOString()}>{TIME.format(item.at)}</time>{' '}
            <strong>{item.login}</strong> in{' '}
            <ChannelName channel={item.channel} isLogin={item.channelIsLogin} />
          </li>
        ))}
      </ol>
    </div>
  );
}
