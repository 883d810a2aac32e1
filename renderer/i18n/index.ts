import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from '../../shared/i18n/en';
import { zhCN } from '../../shared/i18n/zh-CN';
import type { Locale } from '../../shared/ipc/contract';

export const DEFAULT_LOCALE: Locale = 'zh-CN';

export async function initI18n(locale: Locale = DEFAULT_LOCALE) {
  await i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    // React escapes what it renders; i18next must not escape a second time.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = locale;
  return i18next;
}

export async function changeLocale(locale: Locale) {
  await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}

/** A readable message for any error the UI meets, in the current language. */
export function errorMessage(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const message = localMessage(e);
  // Codes like `bank.unreachable` are stored as `bank_unreachable`: '.' is i18next's key separator.
  const key = `errors.${(err.code ?? '').replace(/\./g, '_')}`;
  if (err.code && i18next.exists(key)) return i18next.t(key, { message });
  return i18next.t('errors.generic', { message: message || String(e) });
}

/** The error's own words in the screen's language: the bank's Chinese reason on a Chinese screen, when given. */
export function localMessage(e: unknown): string {
  const err = e as { message?: string; reasonZh?: string };
  if (err.reasonZh && !i18next.language?.startsWith('en')) return err.reasonZh;
  return err.message ?? '';
}
