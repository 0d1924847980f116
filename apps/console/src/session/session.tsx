/**
 * The signed-in session, in React state and in the API client's memory only. Ending it — sign-out, or a 401 from
 * any call — clears both and the query cache; `RequireSession` then sends the user to sign-in, remembering the
 * page they were on so signing in again returns there.
 */
import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { call, setOnExpired, setToken } from '../api/client';
import type { LoginResponse, SignedInUser } from '../api/client';

export type EndReason = 'expired' | 'signedOut';

interface SessionValue {
  user: SignedInUser | null;
  ended: EndReason | null;
  start(res: LoginResponse): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [user, setUser] = useState<SignedInUser | null>(null);
  const [ended, setEnded] = useState<EndReason | null>(null);

  const end = useCallback(
    (reason: EndReason) => {
      setToken(null);
      setUser(null);
      setEnded(reason);
      queries.clear();
    },
    [queries],
  );
  setOnExpired(() => end('expired'));

  const value = useMemo<SessionValue>(
    () => ({
      user,
      ended,
      start(res) {
        setToken(res.accessToken);
        setEnded(null);
        setUser(res.user);
      },
      async signOut() {
        // Ends the token on the server too; whatever it answers, this page forgets it.
        await call('/auth/logout', { method: 'POST' }).catch(() => undefined);
        end('signedOut');
      },
    }),
    [user, ended, end],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Where sign-in returns to: the page the user was on. */
export interface SignInState {
  from?: string;
}

export function RequireSession({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (!user) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/sign-in" replace state={{ from } satisfies SignInState} />;
  }
  return children;
}
