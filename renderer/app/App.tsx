import { useQuery } from '@tanstack/react-query';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionQueries } from '../common/session';
import { LoginView } from '../features/session/LoginView';
import { errorMessage } from '../i18n';
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
  if (session.isError) {
    return (
      <main className="login-page">
        <p role="alert" className="error">
          {errorMessage(session.error)}
        </p>
        <button type="button" onClick={() => session.refetch()}>
          ↻
        </button>
      </main>
    );
  }
  const s = session.data;
  if (!s.user) return <LoginView />;
  return (
    <ChunkBoundary>
      <Suspense fallback={<Loading testId="frame-loading" />}>
        <AppFrame session={{ ...s, user: s.user }} />
      </Suspense>
    </ChunkBoundary>
  );
}
