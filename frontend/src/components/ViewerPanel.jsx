/**
 * Viewer (operator only): sign in with the operator token (checked by the server before it is kept),
 * find a viewer by login (suggestions from the logins with a profile), see their profile in one time
 * zone, the server's by default.
 * URL: ?panel=viewer&viewer=<login>&day=<YYYY-MM-DD>&tz=browser. The token is never in the URL: it lives
 * in this tab's sessionStorage and goes to the API as `Authorization: Bearer <token>`.
 */
import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { checkOperator, getViewerLogins } from '../api/endpoints.js';
import { useOperatorToken } from '../hooks/useOperatorToken.js';
import { navigate, useUrlParams } from '../hooks/useUrlState.js';
import { Combobox } from './Combobox.jsx';
import { OperatorLogin, ViewerPagesDisabled } from './OperatorLogin.jsx';
import { PanelHeading } from './PanelHeading.jsx';
import { Empty } from './Status.jsx';
import { ViewerProfile } from './ViewerProfile.jsx';

const SUGGESTED_LOGINS = 8;

export function ViewerPanel() {
  const params = useUrlParams();
  const login = (params.get('viewer') ?? '').trim();
  const day = params.get('day') || null;
  const zone = params.get('tz') === 'browser' ? 'browser' : 'server';
  const { token, signIn, signOut } = useOperatorToken();
  const [notice, setNotice] = useState(null); // why the sign-in box is back: 'rejected' | 'signed-out'
  const [disabled, setDisabled] = useState(false);
  const [checking, setChecking] = useState(false);
  const [signInError, setSignInError] = useState(null); // the check could not be made (no answer...)
  const [refusals, setRefusals] = useState(0); // each refused token brings a new, empty sign-in box

  // A token is kept only once the server said it is the operator's: a wrong one is refused here, at
  // sign-in, not at the first lookup.
  const trySignIn = async (value) => {
    setChecking(true);
    setNotice(null);
    setSignInError(null);
    try {
      await checkOperator(value);
      signIn(value);
    } catch (error) {
      if (error?.status === 401) {
        setNotice('rejected');
        setRefusals((n) => n + 1);
      } else if (error?.status === 403) setDisabled(true);
      else setSignInError(error);
    } finally {
      setChecking(false);
    }
  };

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
        key={refusals}
        notice={notice}
        login={login}
        checking={checking}
        error={signInError}
        onSignIn={trySignIn}
      />
    );
  } else {
    body = (
      <>
        <div className="toolbar viewer-toolbar">
          <ViewerSearch login={login} token={token} />
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
          <ViewerProfile
            key={login}
            login={login}
            day={day}
            zone={zone}
            token={token}
            onAccessError={onAccessError}
          />
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

/**
 * The login box: suggestions of the logins with a profile as the operator types; Enter or a click on one
 * opens it, and Enter or the button opens a login typed in full (a new history entry).
 */
function ViewerSearch({ login, token }) {
  // Just signed in with no viewer chosen: the next thing to do is to type one. Only on arrival, not
  // after each search: the login is read, not reacted to.
  const focusIfNoViewer = useEffectEvent(() => {
    if (!login) document.getElementById('viewer-login')?.focus();
  });
  useEffect(() => focusIfNoViewer(), []);
  const open = (text) => {
    const next = text.trim();
    if (next && next !== login) navigate({ viewer: next, day: null });
  };
  return (
    <form
      className="viewer-search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        open(event.currentTarget.elements.namedItem('viewer-login')?.value ?? '');
      }}
    >
      <Combobox
        label="Viewer login"
        inputId="viewer-login"
        placeholder="twitch login"
        initialText={login}
        loadOptions={(text, signal) => getViewerLogins(text, token, signal, SUGGESTED_LOGINS)}
        optionKey={(option) => option}
        optionText={(option) => option}
        noMatch={(text) => `No viewer with a profile has a login starting with “${text}”.`}
        onSelect={open}
      />
      <button type="submit" className="button">
        Show
      </button>
    </form>
  );
}
