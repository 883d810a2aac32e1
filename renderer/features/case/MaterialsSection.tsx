/**
 * Materials and 补件 on the case view (relationship manager): each checklist item with its state, an
 * upload (the page's file chooser; the file goes as base64 over the workstation channel, main/host pass it
 * to the bank, which checks its content) or an electronic receipt, and — on a returned case — the
 * resubmission once every asked item is in hand. Refusals show what the bank said (the missing items).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import type { User } from '../../../shared/api/auth';
import type { MaterialResult } from '../../../shared/ipc/channels/case';
import { invoke } from '../../client/workstation';
import { queryKeys } from '../../common/queries';
import { formatInstant } from '../../format';
import { errorMessage } from '../../i18n';

type Item = { code: string; name?: string; nameEn?: string; state?: string; electronic?: boolean };

const readBase64 = (f: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(f);
  });

export function MaterialsSection({ d, user }: { d: ApplicationDetail; user: User }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const isRm = user.roles.includes('relationship_manager');
  const mayReceive = isRm || user.roles.includes('approver') || user.roles.includes('senior_approver');
  const files = useQuery({
    queryKey: ['case', 'materials', d.id] as const,
    queryFn: () => invoke('case.materials', { id: d.id }),
  });
  const [note, setNote] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const en = i18n.language.startsWith('en');
  const items = d.checklist as Item[];
  const name = (c: Item) => (en ? (c.nameEn ?? c.name ?? c.code) : (c.name ?? c.code));
  /** A received file's checklist item by name (its code only if the checklist no longer lists it). */
  const itemName = (code: string) => {
    const c = items.find((x) => x.code === code);
    return c ? name(c) : code;
  };

  const run = async (work: () => Promise<MaterialResult>, ok: string) => {
    setBusy(true);
    try {
      const r = await work();
      if (r.ok) setNote({ tone: 'ok', text: ok });
      else if (!r.cancelled) {
        const missing = r.missing?.map((m) => (en ? m.en : m.zh)).join(en ? ', ' : '、');
        setNote({
          tone: 'error',
          text: missing ? t('materials.missing', { items: missing }) : t('materials.refused', { message: r.message }),
        });
      }
    } catch (e) {
      setNote({ tone: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
      await qc.invalidateQueries({ queryKey: queryKeys.caseDetail(d.id) });
      await qc.invalidateQueries({ queryKey: ['case', 'materials', d.id] });
      await qc.invalidateQueries({ queryKey: queryKeys.queue });
    }
  };
  const upload = async (c: Item, f: File | undefined) => {
    if (!f) return;
    const base64 = await readBase64(f);
    await run(
      () => invoke('case.materials.upload', { id: d.id, code: c.code, file: { name: f.name, base64 } }),
      t('materials.received', { item: name(c) }),
    );
  };
  const open = ![
    'approved',
    'declined',
    'auto_approved',
    'auto_declined',
    'withdrawn',
    'expired',
    'contracting',
    'signed',
    'disbursed',
  ].includes(d.status);

  return (
    <section className="card" aria-labelledby="materials-h" data-testid="case-materials">
      <h3 id="materials-h">{t('materials.heading')}</h3>
      <table className="rules">
        <thead>
          <tr>
            <th>{t('materials.item')}</th>
            <th>{t('materials.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((c) => {
            const state = String(c.state ?? 'pending');
            const inHand = state === 'received' || state === 'waived';
            return (
              <tr key={c.code} data-testid={`material-${c.code}`} data-state={state}>
                <td>{name(c)}</td>
                <td>{t(`materials.states.${state}`, { defaultValue: t('materials.states.pending') })}</td>
                <td>
                  {open && !inHand && isRm && (
                    <label className="button secondary">
                      {t('materials.upload')}
                      <input
                        type="file"
                        accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
                        data-testid={`material-upload-${c.code}`}
                        disabled={busy}
                        hidden
                        onChange={(e) => void upload(c, e.currentTarget.files?.[0])}
                      />
                    </label>
                  )}
                  {open && !inHand && mayReceive && c.electronic && (
                    <button
                      type="button"
                      disabled={busy}
                      data-testid={`material-receive-${c.code}`}
                      onClick={() =>
                        void run(
                          () => invoke('case.materials.receive', { id: d.id, code: c.code }),
                          t('materials.received', { item: name(c) }),
                        )
                      }
                    >
                      {t('materials.receive')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {isRm && open && <p className="muted">{t('materials.uploadHint')}</p>}
      {files.data && files.data.items.length > 0 && (
        <>
          <h4>{t('materials.files')}</h4>
          <ul data-testid="materials-files">
            {files.data.items.map((m) => (
              <li key={m.id}>
                {itemName(m.itemCode)} · {t(`materials.via.${m.via}`)} · {m.fileName ?? m.source ?? ''} ·{' '}
                {formatInstant(m.receivedAt, i18n.language)}
                {m.sha256 && (
                  <span className="muted" title={m.sha256}>
                    {' '}
                    {t('materials.sha')} {m.sha256.slice(0, 12)}…
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {isRm && d.status === 'returned' && (
        <button
          type="button"
          className="primary"
          disabled={busy}
          data-testid="case-resubmit"
          onClick={() => void run(() => invoke('case.resubmit', { id: d.id }), t('materials.resubmitted'))}
        >
          {t('materials.resubmit')}
        </button>
      )}
      {note && (
        <p
          role={note.tone === 'error' ? 'alert' : 'status'}
          className={note.tone === 'error' ? 'error' : 'ok'}
          data-testid="materials-note"
        >
          {note.text}
        </p>
      )}
    </section>
  );
}
