import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, LocaleSchema } from '../../../shared/ipc/contract';
import { useLocaleMutation } from './mutations';

export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  const setLocale = useLocaleMutation();
  const id = useId();
  return (
    <span className="language-select">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        data-testid="language-select"
        value={i18n.language}
        onChange={(e) => setLocale.mutate(e.target.value as Locale)}
      >
        {LocaleSchema.options.map((l) => (
          <option key={l} value={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </span>
  );
}
