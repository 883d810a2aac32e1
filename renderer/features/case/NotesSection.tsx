import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import type { Role } from '../../../shared/api/auth';
import { invoke } from '../../client/workstation';
import { queryKeys } from '../../common/queries';
import { formatInstant } from '../../format';
import { errorMessage } from '../../i18n';

/** Roles a note may be addressed to (or nobody in particular). */
const ADDRESSEES: readonly Role[] = [
  'relationship_manager',
  'approver',
  'senior_approver',
  'committee',
  'supervisor',
  'contract_officer',
];
const MAX = 2000;

/** Case notes (issue 15 item 6): the notes on the case, and a form to leave one for a role or nobody. */
export function NotesSection({ d }: { d: ApplicationDetail }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const formId = useId();
  const notes = useQuery({
    queryKey: ['case', 'notes', d.id] as const,
    queryFn: () => invoke('case.notes', { id: d.id }),
  });
  const [body, setBody] = useState('');
  const [to, setTo] = useState<Role | ''>('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const trimmed = body.trim();

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!trimmed || trimmed.length > MAX) return;
    setBusy(true);
    try {
      const r = await invoke('case.notes.add', { id: d.id, body: trimmed, addresseeRole: to || null });
      if (r.ok) {
        setBody('');
        setTo('');
        setMessage({ tone: 'ok', text: t('case.notes.saved') });
      } else {
        setMessage({ tone: 'error', text: t('case.notes.refused', { message: r.message }) });
      }
    } catch (err) {
      setMessage({ tone: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['case', 'notes', d.id] }),
        qc.invalidateQueries({ queryKey: queryKeys.caseDetail(d.id) }),
      ]);
    }
  };

  const list = notes.data?.notes ?? [];
  return (
    <section className="card" aria-labelledby={`${formId}-h`} data-testid="case-notes">
      <h3 id={`${formId}-h`}>{t('case.notes.title')}</h3>
      {notes.isError && <p role="alert">{errorMessage(notes.error)}</p>}
      {list.length === 0 && !notes.isPending ? (
        <p className="muted">{t('case.notes.empty')}</p>
      ) : (
        <ol className="history">
          {list.map((n) => (
            <li key={n.id} data-testid="case-note">
              <time dateTime={n.createdAt}>{formatInstant(n.createdAt, i18n.language)}</time>{' '}
              <strong>{n.author.name}</strong>
              {(n.addresseeRole || n.addressee) && (
                <span className="muted">
                  {' → '}
                  {n.addressee ? n.addressee.name : t(`roles.${n.addresseeRole}`, { defaultValue: '' })}
                </span>
              )}
              <div className="history-detail" style={{ whiteSpace: 'pre-wrap' }}>
                {n.body}
              </div>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit} aria-describedby={`${formId}-count`}>
        <label htmlFor={`${formId}-body`}>{t('case.notes.body')}</label>
        <textarea
          id={`${formId}-body`}
          data-testid="case-note-body"
          value={body}
          maxLength={MAX}
          rows={3}
          onChange={(e) => setBody(e.target.value)}
        />
        <span id={`${formId}-count`} className="muted">
          {t('case.notes.count', { n: trimmed.length, max: MAX })}
        </span>
        <label htmlFor={`${formId}-to`}>{t('case.notes.to')}</label>
        <select
          id={`${formId}-to`}
          data-testid="case-note-to"
          value={to}
          onChange={(e) => setTo(e.target.value as Role | '')}
        >
          <option value="">{t('case.notes.nobody')}</option>
          {ADDRESSEES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy || !trimmed} data-testid="case-note-submit">
          {busy ? t('case.notes.saving') : t('case.notes.add')}
        </button>
        {message && (
          <p
            role={message.tone === 'error' ? 'alert' : 'status'}
            className={message.tone === 'error' ? 'error' : 'muted'}
          >
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
