import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

const KEYS = ['move', 'open', 'approve', 'decline', 'ret', 'escalate', 'search', 'help', 'back'] as const;

/** The `?` sheet: every shortcut of the desk. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="shortcuts"
      aria-labelledby="shortcuts-heading"
      onClose={onClose}
      data-testid="shortcuts"
    >
      <h2 id="shortcuts-heading">{t('shortcuts.heading')}</h2>
      <ul>
        {KEYS.map((k) => (
          <li key={k}>{t(`shortcuts.${k}`)}</li>
        ))}
      </ul>
      <button type="button" onClick={onClose}>
        {t('shortcuts.close')}
      </button>
    </dialog>
  );
}
