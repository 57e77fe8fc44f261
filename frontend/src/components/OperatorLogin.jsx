/**
 * The operator's sign-in for the viewer pages, and what to do when the server has them turned off.
 * The token goes to sessionStorage (useOperatorToken), never into the URL.
 */
import { useEffect, useRef, useState } from 'react';
import { MessageText } from './Status.jsx';

/**
 * @param {{onSignIn: (token: string) => void, notice: 'rejected'|'signed-out'|null, login: string,
 *   checking?: boolean, error?: Error|null}} props `notice`: why the box is shown again; `login`: the
 *   viewer the URL names, opened after sign-in; `checking`: the server is being asked about the token;
 *   `error`: it could not be asked
 */
export function OperatorLogin({ onSignIn, notice, login, checking = false, error = null }) {
  const [draft, setDraft] = useState('');
  const input = useRef(null);
  const rejected = notice === 'rejected';

  // After a refused token the box comes back (anew: the field empty), the cursor in it.
  useEffect(() => {
    if (rejected) input.current?.focus();
  }, [rejected]);

  return (
    <form
      className="card operator-login"
      aria-labelledby="operator-login-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (draft.trim() && !checking) onSignIn(draft.trim());
      }}
    >
      <h3 id="operator-login-title">Operator sign-in</h3>
      <p className="muted">
        Viewer profiles are personal data, so only the operator of this server sees them. Enter the operator
        token (the server’s <code>TWITCHGRAPH_OPERATOR_TOKEN</code>). It stays in this browser tab until you
        sign out or close the tab.
        {login && ` Then ${login}’s profile opens.`}
      </p>
      {rejected && (
        <div className="status status--error" role="alert" id="operator-token-error">
          <p>
            <strong>The server refused that token (401).</strong> It is not the operator token this server was
            started with. Check it and enter it again.
          </p>
        </div>
      )}
      {error && (
        <div className="status status--error" role="alert" id="operator-token-error">
          <p>
            <strong>The token could not be checked.</strong> <MessageText text={error.message} />
          </p>
        </div>
      )}
      {notice === 'signed-out' && (
        <p className="status status--empty" role="status">
          Signed out. The token is gone from this tab.
        </p>
      )}
      <div className="login-row">
        <div className="field">
          <label htmlFor="operator-token">Operator token</label>
          <input
            id="operator-token"
            ref={input}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={draft}
            aria-invalid={rejected || undefined}
            aria-describedby={rejected || error ? 'operator-token-error' : undefined}
            onChange={(event) => setDraft(event.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={!draft.trim() || checking} aria-busy={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}

/** @param {{onRetry: () => void}} props */
export function ViewerPagesDisabled({ onRetry }) {
  return (
    <div className="status status--error viewer-disabled" role="alert">
      <p>
        <strong>Viewer pages are disabled on this server (403).</strong> It was started without an operator
        token, so it shows no viewer-level data to anyone.
      </p>
      <p>
        To enable them, start the server with a long random token in <code>TWITCHGRAPH_OPERATOR_TOKEN</code>,
        for example <code>TWITCHGRAPH_OPERATOR_TOKEN=$(openssl rand -hex 32) twitchgraph serve</code>, then
        sign in here with the same token.
      </p>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
