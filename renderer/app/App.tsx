import { useQuery } from '@tanstack/react-query';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionQueries } from '../common/session';
import { ConnectionScreen } from '../features/session/ConnectionScreen';
import { LoginView } from '../features/session/LoginView';
import { StationGate } from '../features/session/StationGate';
import { ChunkBoundary, Loading, lazyNamed } from './lazy';

// The signed-in frame is a chunk of its own: the login screen loads none of the areas.
const AppFrame = lazyNamed(() => import('./AppFrame'), 'AppFrame');

export function App() {
  const { t } = useTranslation();
  const session = useQuery(sessionQueries.current());
  if (session.isPending)
    return (
      <p className="loading" aria-busy="true">
        {t('app.title')}…
      </p>
    );
  // The bank unreachable, its certificate refused or the bank network settings wrong: say which, and
  // where to fix it (features/session/ConnectionScreen.tsx).
  if (session.isError) return <ConnectionScreen error={session.error} onRetry={() => session.refetch()} />;
  const s = session.data;
  if (!s.user) return <LoginView />;
  return (
    <StationGate user={s.user}>
      <ChunkBoundary>
        <Suspense fallback={<Loading testId="frame-loading" />}>
          <AppFrame session={{ ...s, user: s.user }} />
        </Suspense>
      </ChunkBoundary>
    </StationGate>
  );
}
