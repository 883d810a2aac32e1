/**
 * 授权管理: supervisors see each approver's authority in force, propose a change (per grade the largest
 * amount, an effective date, the 年度授权书 number, optionally delegated under another person's own
 * authority), and a second supervisor confirms or rejects it. The bank API enforces every rule; this
 * screen only says them and shows its refusals.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/api/auth';
import type { AuthorityChange, AuthorityHolder, AuthorityMatrixView } from '../../../shared/api/authority';
import { GRADES, type Grade } from '../../../shared/credit/grades';
import { tryParseMoney } from '../../../shared/money/money';
import { beijingDateTime, groupMoney } from '../../format';
import { errorMessage, localMessage } from '../../i18n';
import { useConfirmMutation, useProposeMutation, useRejectMutation, useWithdrawMutation } from './mutations';
import { authorityQueries } from './queries';

/** A refusal from the bank API in the screen's words where it has them. */
function useAuthorityError() {
  const { t, i18n } = useTranslation();
  return (e: unknown) => {
    const err = e as { code?: string };
    const key = `authority.errors.${(err.code ?? '').replace(/\./g, '_')}`;
    return err.code && i18n.exists(key) ? t(key, { message: localMessage(e) }) : errorMessage(e);
  };
}

function MatrixCells({ m, testId }: { m: AuthorityMatrixView | null; testId?: string }) {
  const { t } = useTranslation();
  return (
    <>
      {GRADES.map((g) => (
        <td key={g} className="num" data-testid={testId ? `${testId}-${g}` : undefined}>
          {/* 0.00 (grade E's seeded limit) and absent both mean: may not approve this grade. */}
          {m?.[g] && m[g] !== '0.00' ? groupMoney(m[g]) : t('authority.none')}
        </td>
      ))}
    </>
  );
}

const personName = (p: { displayName: string; username: string } | null) =>
  p ? `${p.displayName} (${p.username})` : '—';

export function AuthorityView({ user }: { user: User }) {
  const { t, i18n } = useTranslation();
  const holders = useQuery(authorityQueries.holders());
  const history = useQuery(authorityQueries.history());
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const data = holders.data;
  const branchName = (b: AuthorityHolder['branch']) => (i18n.language === 'en' ? b.nameEn : b.nameZh);
  const pending = (data?.items ?? []).flatMap((h) => (h.pending ? [h.pending] : []));
  const target = data?.items.find((h) => h.id === editing) ?? null;

  return (
    <section className="page authority" aria-labelledby="authority-heading" data-testid="authority-view">
      <h2 id="authority-heading">{t('authority.heading')}</h2>
      <p className="muted">{t('authority.intro')}</p>
      {data && <p data-testid="authority-today">{t('authority.today', { date: data.today })}</p>}
      <p>
        <button
          type="button"
          onClick={() => {
            void holders.refetch();
            void history.refetch();
          }}
        >
          {t('authority.refresh')}
        </button>
      </p>
      {notice && (
        <p role="status" data-testid="authority-notice">
          {notice}
        </p>
      )}
      {holders.isPending && <p aria-busy="true">{t('authority.loading')}</p>}
      {holders.isError && <p role="alert">{errorMessage(holders.error)}</p>}

      {data && (
        <section aria-labelledby="authority-holders">
          <h3 id="authority-holders">{t('authority.holdersHeading')}</h3>
          <div className="table-scroll">
            <table className="data-table" data-testid="authority-holders">
              <thead>
                <tr>
                  <th scope="col">{t('authority.user')}</th>
                  <th scope="col">{t('authority.branch')}</th>
                  {GRADES.map((g) => (
                    <th key={g} scope="col" className="num">
                      {t('authority.gradeLimit', { grade: g })}
                    </th>
                  ))}
                  <th scope="col">{t('authority.effectiveFrom')}</th>
                  <th scope="col">{t('authority.documentRef')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('authority.change')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((h) => (
                  <tr key={h.id} data-testid={`authority-row-${h.username}`}>
                    <th scope="row">
                      {h.displayName} ({h.username})
                      <div className="small muted">{h.roles.map((r) => t(`roles.${r}`)).join(' / ')}</div>
                      {h.pending && <span className="badge">{t('authority.pendingBadge')}</span>}
                      {h.scheduled.map((s) => (
                        <div key={s.id} className="small" data-testid={`authority-scheduled-${h.username}`}>
                          {t('authority.scheduled', { date: s.effectiveFrom })}
                        </div>
                      ))}
                    </th>
                    <td>{branchName(h.branch)}</td>
                    {h.inForce?.authority ? (
                      <MatrixCells m={h.inForce.authority} testId={`authority-${h.username}`} />
                    ) : (
                      <td colSpan={GRADES.length}>
                        {h.inForce ? t('authority.withdrawn') : t('authority.noneInForce')}
                      </td>
                    )}
                    <td>{h.inForce?.effectiveFrom ?? '—'}</td>
                    <td>{h.inForce?.documentRef ?? '—'}</td>
                    <td>
                      <button
                        type="button"
                        onClick={() => {
                          setEditing(h.id);
                          setNotice(null);
                        }}
                        disabled={Boolean(h.pending)}
                        data-testid={`authority-change-${h.username}`}
                      >
                        {t('authority.change')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {data && target && (
        <ProposalForm
          key={target.id}
          target={target}
          today={data.today}
          grantors={data.items.filter((h) => h.id !== target.id && h.inForce?.authority)}
          onDone={(msg) => {
            setEditing(null);
            if (msg) setNotice(msg);
          }}
        />
      )}

      {data && (
        <section aria-labelledby="authority-pending">
          <h3 id="authority-pending">{t('authority.pendingHeading')}</h3>
          {pending.length === 0 ? (
            <p>{t('authority.nothingPending')}</p>
          ) : (
            <ul className="authority-pending">
              {pending.map((c) => (
                <PendingChange key={c.id} change={c} me={user} onNotice={setNotice} />
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby="authority-history">
        <h3 id="authority-history">{t('authority.historyHeading')}</h3>
        {history.isError && <p role="alert">{errorMessage(history.error)}</p>}
        {history.data && history.data.items.length === 0 && <p>{t('authority.noHistory')}</p>}
        {history.data && history.data.items.length > 0 && (
          <div className="table-scroll">
            <table className="data-table" data-testid="authority-history">
              <thead>
                <tr>
                  <th scope="col">{t('authority.at')}</th>
                  <th scope="col">{t('authority.user')}</th>
                  <th scope="col">{t('authority.kindLabel')}</th>
                  {GRADES.map((g) => (
                    <th key={g} scope="col" className="num">
                      {t('authority.gradeLimit', { grade: g })}
                    </th>
                  ))}
                  <th scope="col">{t('authority.effectiveFrom')}</th>
                  <th scope="col">{t('authority.documentRef')}</th>
                  <th scope="col">{t('authority.statusLabel')}</th>
                  <th scope="col">{t('authority.proposedBy')}</th>
                  <th scope="col">{t('authority.decidedBy')}</th>
                  <th scope="col">{t('authority.note')}</th>
                </tr>
              </thead>
              <tbody>
                {history.data.items.map((c) => (
                  <tr key={c.id} data-testid={`authority-history-${c.id}`}>
                    <td>{beijingDateTime(c.decidedAt ?? c.proposedAt)}</td>
                    <td>{personName(c.user)}</td>
                    <td>{t(`authority.kind.${c.kind}`)}</td>
                    <MatrixCells m={c.authority} />
                    <td>{c.effectiveFrom}</td>
                    <td>{c.documentRef}</td>
                    <td data-testid="authority-history-status">{t(`authority.status.${c.status}`)}</td>
                    <td>{personName(c.proposedBy)}</td>
                    <td>{personName(c.decidedBy)}</td>
                    <td>{[c.reason, c.decisionNote].filter(Boolean).join(' / ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}

function ProposalForm({
  target,
  today,
  grantors,
  onDone,
}: {
  target: AuthorityHolder;
  today: string;
  grantors: AuthorityHolder[];
  onDone: (notice: string | null) => void;
}) {
  const { t } = useTranslation();
  const explain = useAuthorityError();
  const propose = useProposeMutation();
  const current = target.inForce?.authority ?? null;
  const [amounts, setAmounts] = useState<Record<Grade, string>>(
    () =>
      Object.fromEntries(GRADES.map((g) => [g, current?.[g] && current[g] !== '0.00' ? current[g] : ''])) as Record<
        Grade,
        string
      >,
  );
  const [withdrawAll, setWithdrawAll] = useState(false);
  const [effectiveFrom, setEffectiveFrom] = useState(today);
  const [documentRef, setDocumentRef] = useState('');
  const [grantorId, setGrantorId] = useState('');
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setInvalid(null);
    let authority: Record<Grade, string | null> | null = null;
    if (!withdrawAll) {
      authority = {} as Record<Grade, string | null>;
      for (const g of GRADES) {
        const v = amounts[g].trim().replace(/,/g, '');
        if (v === '') {
          authority[g] = null;
          continue;
        }
        const fen = tryParseMoney(v);
        if (fen === null) {
          setInvalid(t('authority.invalidAmount', { grade: g }));
          return;
        }
        authority[g] = `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
      }
    }
    propose.mutate(
      {
        userId: target.id,
        authority,
        effectiveFrom,
        documentRef,
        grantorId: grantorId || null,
        ...(reason.trim() ? { reason } : {}),
      },
      { onSuccess: () => onDone(t('authority.proposed')) },
    );
  };

  return (
    <form className="authority-form" onSubmit={submit} data-testid="authority-form" aria-labelledby="authority-form-h">
      <h3 id="authority-form-h">
        {t('authority.formHeading', { name: `${target.displayName} (${target.username})` })}
      </h3>
      <p className="small muted">{t('authority.formHint')}</p>
      <fieldset disabled={withdrawAll}>
        {GRADES.map((g) => (
          <label key={g}>
            {t('authority.gradeLimit', { grade: g })}
            <input
              inputMode="decimal"
              value={amounts[g]}
              placeholder={t('authority.amountPlaceholder')}
              onChange={(e) => setAmounts((a) => ({ ...a, [g]: e.target.value }))}
              data-testid={`authority-amount-${g}`}
            />
          </label>
        ))}
      </fieldset>
      <label>
        <input type="checkbox" checked={withdrawAll} onChange={(e) => setWithdrawAll(e.target.checked)} />
        {t('authority.withdrawAll')}
      </label>
      <label>
        {t('authority.effectiveFrom')}
        <input
          type="date"
          min={today}
          required
          value={effectiveFrom}
          onChange={(e) => setEffectiveFrom(e.target.value)}
          data-testid="authority-effective"
        />
      </label>
      <label>
        {t('authority.documentRef')}
        <input
          required
          maxLength={64}
          value={documentRef}
          onChange={(e) => setDocumentRef(e.target.value)}
          data-testid="authority-docref"
        />
      </label>
      <label>
        {t('authority.grantor')}
        <select value={grantorId} onChange={(e) => setGrantorId(e.target.value)} data-testid="authority-grantor">
          <option value="">{t('authority.grantorNone')}</option>
          {grantors.map((g) => (
            <option key={g.id} value={g.id}>
              {g.displayName} ({g.username})
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('authority.reason')}
        <textarea value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
      {invalid && (
        <p role="alert" className="error">
          {invalid}
        </p>
      )}
      {propose.isError && (
        <p role="alert" className="error" data-testid="authority-form-error">
          {explain(propose.error)}
        </p>
      )}
      <p>
        <button type="submit" disabled={propose.isPending} data-testid="authority-submit">
          {propose.isPending ? t('authority.submitting') : t('authority.submit')}
        </button>{' '}
        <button type="button" onClick={() => onDone(null)}>
          {t('authority.cancel')}
        </button>
      </p>
    </form>
  );
}

function PendingChange({ change, me, onNotice }: { change: AuthorityChange; me: User; onNotice: (s: string) => void }) {
  const { t } = useTranslation();
  const explain = useAuthorityError();
  const confirm = useConfirmMutation();
  const reject = useRejectMutation();
  const withdraw = useWithdrawMutation();
  const [rejectReason, setRejectReason] = useState('');
  const mine = change.proposedBy?.id === me.id;
  const error = confirm.error ?? reject.error ?? withdraw.error;
  // mutateAsync: the notice is set even though this item leaves the list once the lists refresh.
  const done = (c: AuthorityChange) => onNotice(`${personName(c.user)}: ${t(`authority.status.${c.status}`)}`);
  return (
    <li data-testid={`authority-pending-${change.user.username}`}>
      <p>
        <strong>{personName(change.user)}</strong> — {t(`authority.kind.${change.kind}`)} ·{' '}
        {t('authority.effectiveFrom')} {change.effectiveFrom} · {t('authority.documentRef')} {change.documentRef}
        {change.grantor && (
          <>
            {' '}
            · {t('authority.grantor')}: {personName(change.grantor)}
          </>
        )}
      </p>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('authority.newAuthority')}</th>
            {GRADES.map((g) => (
              <th key={g} scope="col" className="num">
                {t('authority.gradeLimit', { grade: g })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{change.authority ? '' : t('authority.withdrawn')}</th>
            <MatrixCells m={change.authority} testId={`authority-pending-${change.user.username}`} />
          </tr>
        </tbody>
      </table>
      <p className="small">
        {t('authority.proposedBy')}: {personName(change.proposedBy)} · {t('authority.proposedAt')}:{' '}
        {beijingDateTime(change.proposedAt)}
        {change.reason ? ` · ${change.reason}` : ''}
      </p>
      {mine ? (
        <p>
          <span className="muted">{t('authority.ownProposal')}</span>{' '}
          <button
            type="button"
            disabled={withdraw.isPending}
            onClick={() => void withdraw.mutateAsync({ id: change.id }).then(done, () => {})}
            data-testid="authority-withdraw"
          >
            {t('authority.withdraw')}
          </button>
        </p>
      ) : (
        <p>
          <button
            type="button"
            disabled={confirm.isPending}
            onClick={() => void confirm.mutateAsync({ id: change.id }).then(done, () => {})}
            data-testid="authority-confirm"
          >
            {t('authority.confirm')}
          </button>{' '}
          <label>
            {t('authority.rejectReason')}{' '}
            <input value={rejectReason} maxLength={500} onChange={(e) => setRejectReason(e.target.value)} />
          </label>{' '}
          <button
            type="button"
            disabled={reject.isPending || !rejectReason.trim()}
            onClick={() => void reject.mutateAsync({ id: change.id, reason: rejectReason }).then(done, () => {})}
            data-testid="authority-reject"
          >
            {t('authority.reject')}
          </button>
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {explain(error)}
        </p>
      )}
    </li>
  );
}
