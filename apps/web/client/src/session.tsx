import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { Loader, VStack } from '@navikt/ds-react';
import { auth, SessionUser, whenSignedOut } from './api';

interface SessionState {
  user: SessionUser | null;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState>({ user: null, refresh: async () => undefined, signOut: async () => undefined });

/** Who is signed in, read from the web app (the token stays in its HttpOnly cookie). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [loaded, setLoaded] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setUser(await auth.session());
    } catch {
      setUser(null);
    } finally {
      setLoaded(true);
    }
  }, []);

  const signOut = useCallback(async () => {
    await auth.logout().catch(() => undefined);
    setUser(null);
  }, []);

  useEffect(() => {
    whenSignedOut(() => setUser(null));
    void refresh();
  }, [refresh]);

  if (!loaded) {
    return (
      <VStack align="center" padding="space-32">
        <Loader size="xlarge" title="Laster …" />
      </VStack>
    );
  }
  return <SessionContext.Provider value={{ user, refresh, signOut }}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);

export const hasRole = (user: SessionUser | null, ...roles: string[]) => !!user && user.roles.some((r) => roles.includes(r));
