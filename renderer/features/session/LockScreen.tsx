import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/api/auth';
import { errorMessage } from '../../i18n';
import { LanguageSelect } from './LanguageSelect';
import { useLogoutMutation } from './mutations';
import { useUnlockMutation } from './station';

/** The shared desk's lock screen: the signed-in user's password again, or sign out for someone else. */
export function LockScreen({
  user,
  idleMinutes,
  attemptsLeft,
}: {
  user: User;
  idleMinutes: number;
  attemptsLeft: number;
}) {
  const { t } = useTranslation();
  const unlock = useUnlockMutation();
  const logout = useLogoutMutation();
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    unlock.mutate(password, { onSettled: () => setPassword('') });
  };
  const code = (unlock.error as { code?: string } | null)?.code;
  return (
    <main className="login-page" data-testid="lock-screen">
      <form className="login-card" onSubmit={submit} aria-labelledby="lock-heading" noValidate>
        <header>
          <h1>{t('app.title')}</h1>
        </header>
        <h2 id="lock-heading">{t('station.lock.title')}</h2>
        <p>{t('station.lock.explain', { name: user.displayName, username: user.username, minutes: idleMinutes })}</p>
        <label htmlFor="lock-password">{t('station.lock.password')}</label>
        <input
          id="lock-password"
          name="password"
          type="password"
          autoComplete="current-password"
          // biome-ignore lint/a11y/noAutofocus: the lock screen has one task; focus starts where it begins.
          autoFocus
          required
          maxLength={256}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {unlock.error && (
          <p role="alert" className="error" data-testid="unlock-error">
            {code === 'station.signed_out'
              ? t('station.lock.signedOut')
              : (unlock.error as { status?: number }).status === 401
                ? t('station.lock.attemptsLeft', { count: attemptsLeft })
                : errorMessage(unlock.error)}
          </p>
        )}
        <button type="submit" disabled={unlock.isPending || !password} data-testid="unlock">
          {unlock.isPending ? t('station.lock.unlocking') : t('station.lock.unlock')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => logout.mutate()}
          disabled={logout.isPending}
          data-testid="lock-sign-out"
        >
          {t('station.lock.signOut')}
        </button>
        <footer>
          <LanguageSelect />
        </footer>
      </form>
    </main>
  );
}
