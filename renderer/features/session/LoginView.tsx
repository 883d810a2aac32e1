import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../i18n';
import { LanguageSelect } from './LanguageSelect';
import { useLoginMutation } from './mutations';

export function LoginView() {
  const { t } = useTranslation();
  const login = useLoginMutation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ username: username.trim(), password });
  };

  return (
    <main className="login-page">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-heading" noValidate>
        <header>
          <h1>{t('app.title')}</h1>
          <p className="subtitle">{t('app.subtitle')}</p>
        </header>
        <h2 id="login-heading">{t('login.heading')}</h2>
        <label htmlFor="login-username">{t('login.username')}</label>
        <input
          id="login-username"
          name="username"
          autoComplete="username"
          // biome-ignore lint/a11y/noAutofocus: the login screen has one task; focus starts where it begins.
          autoFocus
          required
          maxLength={64}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor="login-password">{t('login.password')}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {login.error && (
          <p role="alert" className="error" data-testid="login-error">
            {errorMessage(login.error)}
          </p>
        )}
        <button type="submit" disabled={login.isPending || !username.trim() || !password}>
          {login.isPending ? t('login.submitting') : t('login.submit')}
        </button>
        <p className="hint">{t('login.sandboxHint')}</p>
        <footer>
          <LanguageSelect />
        </footer>
      </form>
    </main>
  );
}
