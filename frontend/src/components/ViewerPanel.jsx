/**
 * Viewer (operator only): sign in with the operator token, find a viewer by login, see their profile.
 * URL: ?panel=viewer&viewer=<login>&day=<YYYY-MM-DD>. The token is never in the URL: it lives in this
 * tab's sessionStorage and goes to the API as `Authorization: Bearer <token>`.
 */
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { useOperatorToken } from '../hooks/useOperatorToken.js';
import { useResetState } from '../hooks/useResetState.js';
import { navigate, useUrlParams } from '../hooks/useUrlState.js';
import { OperatorLogin, ViewerPagesDisabled } from './OperatorLogin.jsx';
import { PanelHeading } from './PanelHeading.jsx';
import { Empty } from './Status.jsx';
import { ViewerProfile } from './ViewerProfile.jsx';

export function ViewerPanel() {
  const params = useUrlParams();
  const login = (params.get('viewer') ?? '').trim();
  const day = params.get('day') || null;
  const { token, signIn, signOut } = useOperatorToken();
  const [notice, setNotice] = useState(null); // why the sign-in box is back: 'rejected' | 'signed-out'
  const [disabled, setDisabled] = useState(false);

  // An answer of the API about access: 401 = the token is wrong (ask again), 403 = turned off here.
  const onAccessError = useCallback(
    (status) => {
      if (status === 401) {
        signOut();
        setNotice('rejected');
      } else if (status === 403) {
        setDisabled(true);
      }
    },
    [signOut],
  );

  let body;
  if (disabled) body = <ViewerPagesDisabled onRetry={() => setDisabled(false)} />;
  else if (!token) {
    body = (
      <OperatorLogin
        notice={notice}
        login={login}
        onSignIn={(value) => {
          signIn(value);
          setNotice(null);
        }}
      />
    );
  } else {
    body = (
      <>
        <div className="toolbar viewer-toolbar">
          <ViewerSearch login={login} />
          <p className="session">
            <span className="muted">Signed in as the operator</span>{' '}
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => {
                signOut();
                setNotice('signed-out');
              }}
            >
              Sign out
            </button>
          </p>
        </div>
        {login ? (
          <ViewerProfile key={login} login={login} day={day} token={token} onAccessError={onAccessError} />
        ) : (
          <Empty>Enter a viewer’s Twitch login to see their profile.</Empty>
        )}
      </>
    );
  }

  return (
    <section className="panel" aria-labelledby="panel-title">
      <PanelHeading title="Viewer">
        One viewer’s profile: favourite channels and games, recent and all-time, when they watch, and any
        day’s schedule. For the operator only.
      </PanelHeading>
      {body}
    </section>
  );
}

/** The login box: Enter or the button opens that viewer (a new history entry). */
function ViewerSearch({ login }) {
  const [draft, setDraft] = useResetState(login);
  const input = useRef(null);
  // Just signed in with no viewer chosen: the next thing to do is to type one. Only on arrival, not
  // after each search: the login is read, not reacted to.
  const focusIfNoViewer = useEffectEvent(() => {
    if (!login) input.current?.focus();
  });
  useEffect(() => focusIfNoViewer(), []);
  return (
    <form
      className="viewer-search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        const next = draft.trim();
        if (next && next !== login) navigate({ viewer: next, day: null });
      }}
    >
      <div className="field">
        <label htmlFor="viewer-login">Viewer login</label>
        <input
          id="viewer-login"
          ref={input}
          type="search"
          autoComplete="off"
          spellCheck={false}
          placeholder="twitch login"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={!draft.trim()}>
        Show
      </button>
    </form>
  );
}
