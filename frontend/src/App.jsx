/** The app: header, panel navigation, and the panel the URL names. */
import { lazy, Suspense, useEffect, useRef } from 'react';
import { ExplorerPanel } from './components/ExplorerPanel.jsx';
import { FinderPanel } from './components/FinderPanel.jsx';
import { Header } from './components/Header.jsx';
import { InfluencePanel } from './components/InfluencePanel.jsx';
import { Link } from './components/Link.jsx';
import { OverviewPanel } from './components/OverviewPanel.jsx';
import { RankingsPanel } from './components/RankingsPanel.jsx';
import { Loading } from './components/Status.jsx';
import { ViewerPanel } from './components/ViewerPanel.jsx';
import { PANEL_KEYS, useUrlParams } from './hooks/useUrlState.js';

// The Live and Atlas panels are fetched when first opened: the main bundle stays under its size limit.
const LivePanel = lazy(() => import('./components/LivePanel.jsx').then((m) => ({ default: m.LivePanel })));
const AtlasPanel = lazy(() => import('./components/AtlasPanel.jsx').then((m) => ({ default: m.AtlasPanel })));

export const PANELS = [
  { id: 'explorer', title: 'Streamer explorer', tab: 'Explorer', Component: ExplorerPanel },
  { id: 'rankings', title: 'Rankings', Component: RankingsPanel },
  { id: 'finder', title: 'Finder', Component: FinderPanel },
  { id: 'influence', title: 'Influence', Component: InfluencePanel },
  { id: 'atlas', title: 'Atlas', Component: AtlasPanel },
  { id: 'live', title: 'Live', Component: LivePanel },
  { id: 'overview', title: 'Overview', Component: OverviewPanel },
  { id: 'viewer', title: 'Viewer', Component: ViewerPanel },
];

export function App() {
  const params = useUrlParams();
  const panel = PANELS.find((p) => p.id === params.get('panel')) ?? PANELS[0];
  const switched = useRef(false);

  useEffect(() => {
    if (panel.id !== 'explorer') document.title = `${panel.title} · twitchgraph`;
    // After a switch by the navigation (not on the first load), focus goes to the new panel's title.
    if (switched.current) {
      document.getElementById('panel-title')?.focus();
      switched.current = false;
    }
  }, [panel]);

  const { Component } = panel;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <nav className="panel-nav" aria-label="Panels">
        <ul>
          {PANELS.map((p) => (
            <li key={p.id}>
              <Link
                to={{ panel: p.id === 'explorer' ? null : p.id }}
                keep={PANEL_KEYS[p.id] ?? []}
                aria-current={p.id === panel.id ? 'page' : undefined}
                onClick={() => {
                  switched.current = p.id !== panel.id;
                }}
              >
                {p.tab ?? p.title}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Component />
        </Suspense>
      </main>
      <footer className="app-footer">
        <p>
          twitchgraph · the API is described at <a href="/openapi.json">/openapi.json</a>
        </p>
      </footer>
    </>
  );
}
