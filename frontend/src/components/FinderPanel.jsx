/**
 * Finder: pick a language and a game, see the streamers of that game in that language as a graph (each
 * streamer sized by followers, its links to the game and the language coloured by type) and as a list
 * sorted by name (case-insensitive, locale-aware).
 * URL: ?panel=finder&language=<code>&game=<name>
 */
import { useMemo, useState } from 'react';
import { getGames, getLanguages, getStreamersPlaying } from '../api/endpoints.js';
import { ForceGraph } from '../charts/ForceGraph.jsx';
import { Legend } from '../charts/Legend.jsx';
import { useApi } from '../hooks/useApi.js';
import { useFoldHeight } from '../hooks/useFoldHeight.js';
import { useParentSize } from '../hooks/useParentSize.js';
import { navigate, useUrlParams } from '../hooks/useUrlState.js';
import { formatCount } from '../lib/format.js';
import { countByLabel, countByType } from '../lib/graph.js';
import { compareNames } from '../lib/labels.js';
import { Combobox } from './Combobox.jsx';
import { Link } from './Link.jsx';
import { PanelHeading } from './PanelHeading.jsx';
import { AsyncView, Empty, ErrorMessage } from './Status.jsx';

export function FinderPanel() {
  const params = useUrlParams();
  const language = params.get('language') ?? '';
  const game = params.get('game') ?? '';
  const languages = useApi('languages', getLanguages);
  const games = useApi('games', getGames);

  return (
    <section className="panel" aria-labelledby="panel-title">
      <PanelHeading title="Finder">Streamers who play a game in a language.</PanelHeading>
      <form className="toolbar finder-form" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="finder-language">Language</label>
          <select
            id="finder-language"
            value={language}
            disabled={!languages.data}
            onChange={(event) => navigate({ language: event.target.value || null })}
          >
            <option value="">{languages.data ? 'Choose a language' : 'Loading…'}</option>
            {(languages.data ?? []).map((code) => (
              <option key={code} value={code}>
                {languageName(code)}
              </option>
            ))}
          </select>
        </div>
        <Combobox
          label="Game"
          inputId="finder-game"
          placeholder={games.data ? `${games.data.length} games: type to filter` : 'Loading games…'}
          options={games.data ?? []}
          optionKey={(name) => name}
          optionText={(name) => name}
          initialText={game}
          noMatch={(text) => `No game’s name contains “${text}”.`}
          onSelect={(name) => navigate({ game: name })}
        />
      </form>
      {languages.error && (
        <ErrorMessage error={languages.error} onRetry={languages.reload} what="the languages" />
      )}
      {games.error && <ErrorMessage error={games.error} onRetry={games.reload} what="the games" />}
      {language && game ? (
        <FinderResult language={language} game={game} />
      ) : (
        <Empty>Choose a language and a game to see who streams it.</Empty>
      )}
    </section>
  );
}

function FinderResult({ language, game }) {
  const state = useApi(`${language}\u0000${game}`, (signal) => getStreamersPlaying(language, game, signal));
  return (
    <AsyncView
      state={state}
      what={`the streamers of ${game} in ${languageName(language)}`}
      isEmpty={(graph) => !graph.nodes.some((node) => node.label === 'Stream')}
      empty={`Nobody streams ${game} in ${languageName(language)}.`}
    >
      {(graph) => <FinderGraph graph={graph} language={language} game={game} />}
    </AsyncView>
  );
}

function FinderGraph({ graph, language, game }) {
  const { ref, width, height } = useParentSize({ initialWidth: 800, initialHeight: 480 });
  const foldHeight = useFoldHeight(ref);
  const [focusId, setFocusId] = useState(null);
  const streamers = useMemo(() => sortedStreamers(graph.nodes), [graph]);
  const links = useMemo(() => typedLinks(graph), [graph]);
  const counts = useMemo(() => countByLabel(graph.nodes), [graph]);
  const linkCounts = useMemo(() => countByType(links), [links]);
  const emphasis = useMemo(
    () => new Set(graph.nodes.filter((n) => n.label !== 'Stream').map((n) => n.id)),
    [graph],
  );
  const openStreamer = (node) => {
    if (node.label === 'Stream') navigate({ panel: 'explorer', streamer: node.name, expand: null });
  };
  return (
    <div className="explorer">
      <div className="graph-column">
        <div className="graph-bar">
          <Legend counts={counts} linkCounts={linkCounts} />
          <p className="muted graph-hint" data-testid="finder-count">
            {streamers.length} {streamers.length === 1 ? 'streamer plays' : 'streamers play'} {game} in{' '}
            {languageName(language)} · click one to explore it
          </p>
        </div>
        <div
          ref={ref}
          className="graph-area graph-area--short"
          style={foldHeight ? { height: foldHeight } : undefined}
        >
          <ForceGraph
            name="finder"
            nodes={graph.nodes}
            links={links}
            width={width}
            height={height}
            description={
              `Graph of the ${streamers.length} streamers of ${game} in ${languageName(language)}, ` +
              'linked to the game and the language; each sized by followers.'
            }
            emphasis={emphasis}
            focusId={focusId}
            onActivate={openStreamer}
            renderDetails={(node) => (
              <>
                <strong>{node.name}</strong>
                {node.followers != null && <div>{formatCount(node.followers)} followers</div>}
                <div className="muted">
                  {node.label === 'Stream' ? 'Streamer · click to explore' : node.label}
                </div>
              </>
            )}
          />
        </div>
      </div>
      <aside className="explorer-side" aria-label="Streamers found">
        <h3 className="side-heading">Streamers ({streamers.length})</h3>
        <ul className="plain-list">
          {streamers.map((node) => (
            <li key={node.id}>
              <Link
                to={{ panel: 'explorer', streamer: node.name, expand: null }}
                onFocus={() => setFocusId(node.id)}
                onBlur={() => setFocusId(null)}
                onMouseEnter={() => setFocusId(node.id)}
                onMouseLeave={() => setFocusId(null)}
              >
                {node.name}
              </Link>
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}

/** The graph's streamers by name: case-insensitive and locale-aware (the API sorts by code point). */
export function sortedStreamers(nodes) {
  return nodes.filter((node) => node.label === 'Stream').sort((a, b) => compareNames(a.name, b.name));
}

/** The finder's links with their relationship type: to the game PLAYS, to the language SPEAKS. */
export function typedLinks(graph) {
  const labels = new Map(graph.nodes.map((node) => [node.id, node.label]));
  const types = { Game: 'PLAYS', Language: 'SPEAKS' };
  return graph.links.map((link) => ({ ...link, type: link.type ?? types[labels.get(link.target)] }));
}

const LANGUAGE_NAMES =
  typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'language' }) : null;

/** "ko" -> "Korean (ko)"; the bare code when the browser does not know it. */
export function languageName(code) {
  if (!/^[a-z]{2,3}$/i.test(code)) return code;
  try {
    const name = LANGUAGE_NAMES?.of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}
