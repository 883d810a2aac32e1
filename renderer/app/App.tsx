import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LoginView } from '../features/session/LoginView';
import { sessionQueries } from '../features/session/queries';
import { errorMessage } from '../i18n';
import { AppFrame } from './AppFrame';

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
  return <AppFrame session={{ ...s, user: s.user }} />;
}
