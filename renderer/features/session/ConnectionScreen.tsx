import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../client/workstation';
import { errorMessage } from '../../i18n';
import { LanguageSelect } from './LanguageSelect';

/** Error codes that mean the bank cannot be talked to at all (electron/network/transport.ts). */
export const CONNECTION_CODES = ['bank.unreachable', 'bank.certificate_invalid', 'bank.config_invalid'] as const;

export function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return (CONNECTION_CODES as readonly string[]).includes(code ?? '');
}

/**
 * What the window shows when the bank API cannot be used: unreachable, its certificate refused, or
 * this machine's bank network settings wrong (each problem with where to fix it). Other errors keep
 * the generic message. Retry reads the session again.
 */
export function ConnectionScreen({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const info = useQuery({ queryKey: ['app-info'], queryFn: () => invoke('app.info', {}), retry: false });
  const url = info.data?.bankApiUrl ?? '';
  const e = error as { code?: string; message?: string };
  const body =
    e.code === 'bank.certificate_invalid'
      ? t('station.connection.certificate', { url })
      : e.code === 'bank.config_invalid'
        ? t('station.connection.config')
        : e.code === 'bank.unreachable'
          ? t('station.connection.unreachable', { url })
          : errorMessage(error);
  return (
    <main className="login-page" data-testid="connection-screen" data-code={e.code ?? ''}>
      <section className="login-card" aria-labelledby="connection-heading">
        <header>
          <h1>{t('app.title')}</h1>
        </header>
        <h2 id="connection-heading">{isConnectionError(error) ? t('station.connection.title') : t('app.title')}</h2>
        <p role="alert" className="error">
          {body}
        </p>
        {e.code === 'bank.config_invalid' && e.message && (
          <ul data-testid="config-problems">
            {e.message.split('\n').map((line) => (
              <li key={line}>
                <code>{line}</code>
              </li>
            ))}
          </ul>
        )}
        {e.code !== 'bank.config_invalid' && isConnectionError(error) && e.message && (
          <details>
            <summary>{t('station.connection.details')}</summary>
            <code>{e.message}</code>
          </details>
        )}
        <button type="button" onClick={onRetry} data-testid="connection-retry">
          {t('station.connection.retry')}
        </button>
        <footer>
          <LanguageSelect />
        </footer>
      </section>
    </main>
  );
}
