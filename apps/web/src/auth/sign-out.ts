import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { graphql } from '../graphql';
import { useSessionStore } from './use-session';

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);

/** Ends the session on the server, forgets everything cached, and returns to the sign-in page. */
export function useSignOut() {
  const session = useSessionStore();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);

  async function signOut() {
    setPending(true);
    try {
      await session.client.mutation(SignOutMutation, {}).toPromise();
    } finally {
      session.replaceViewer(null);
      setPending(false);
      await navigate({ to: '/sign-in' });
    }
  }

  return { signOut, pending };
}
