import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { OperatorLogin, ViewerPagesDisabled } from './OperatorLogin.jsx';

describe('OperatorLogin', () => {
  it('hands over the trimmed token on Enter, and only a non-empty one', async () => {
    const user = userEvent.setup();
    const onSignIn = vi.fn();
    render(<OperatorLogin onSignIn={onSignIn} notice={null} login="" />);
    const input = screen.getByLabelText('Operator token');
    await user.type(input, '   {Enter}');
    expect(onSignIn).not.toHaveBeenCalled();
    await user.type(input, ' t0ken {Enter}');
    expect(onSignIn).toHaveBeenCalledWith('t0ken');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(input).not.toHaveAttribute('aria-invalid');
  });

  it('says why it is back: a refused token (focused field, described by the message) or a sign-out', () => {
    const { rerender } = render(<OperatorLogin onSignIn={() => {}} notice="rejected" login="bob" />);
    const input = screen.getByLabelText('Operator token');
    expect(input).toHaveFocus();
    expect(input).toHaveAccessibleDescription(/The server refused that token \(401\)/);
    expect(screen.getByText(/Then bob’s profile opens/)).toBeTruthy();
    rerender(<OperatorLogin onSignIn={() => {}} notice="signed-out" login="" />);
    expect(screen.getByRole('status')).toHaveTextContent('Signed out. The token is gone from this tab.');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('OperatorLogin while the token is checked', () => {
  it('waits for the server: the button says so and sends nothing more', async () => {
    const user = userEvent.setup();
    const onSignIn = vi.fn();
    render(<OperatorLogin onSignIn={onSignIn} notice={null} login="" checking />);
    await user.type(screen.getByLabelText('Operator token'), 'token{Enter}');
    expect(onSignIn).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Checking…' })).toBeDisabled();
  });
});

describe('ViewerPagesDisabled', () => {
  it('says how to enable viewer pages, with a retry', async () => {
    const user = userEvent.setup();
    const onRetry = vi.fn();
    render(<ViewerPagesDisabled onRetry={onRetry} />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Viewer pages are disabled on this server (403).');
    expect(alert).toHaveTextContent('TWITCHGRAPH_OPERATOR_TOKEN=$(openssl rand -hex 32) twitchgraph serve');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });
});
