/**
 * The pre-loan investigation (贷前调查) beside the data profile: the record (kind, investigators, date,
 * conclusion, answers and the answers that raise a flag, the waiver rule) and, for the relationship
 * manager on an open case, the form generated from the product's questionnaire (shared/credit/investigation.ts).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import type { User } from '../../../shared/api/auth';
import {
  type InvestigationRecord,
  type InvestigationRequest,
  type Question,
  questionnaireFor,
} from '../../../shared/credit/investigation';
import { invoke } from '../../client/workstation';
import { queryKeys } from '../../common/queries';
import { errorMessage } from '../../i18n';

type Kind = InvestigationRequest['kind'];
type AnswerValue = boolean | number | string;

export function InvestigationSection({ d, user }: { d: ApplicationDetail; user: User }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const inv = d.investigation as InvestigationRecord | null;
  const qn = questionnaireFor(d.productCode);
  const questions = qn.sections.flatMap((s) => s.questions);
  const open = ['screened', 'in_review', 'returned', 'escalated', 'committee'].includes(d.status);
  const isRm = user.roles.includes('relationship_manager');
  return (
    <section className="card" aria-labelledby="inv-h" data-testid="case-investigation">
      <h3 id="inv-h">{t('investigation.heading')}</h3>
      {inv ? (
        <>
          <dl className="facts">
            <dt>{t('investigation.kind')}</dt>
            <dd data-testid="investigation-kind">{t(`investigation.kinds.${inv.kind}`)}</dd>
            <dt>{t('investigation.investigators')}</dt>
            <dd data-testid="investigation-investigators">{inv.investigators.join('、')}</dd>
            <dt>{t('investigation.date')}</dt>
            <dd>{inv.date}</dd>
            <dt>{t('investigation.summary')}</dt>
            <dd>{inv.summary}</dd>
            {inv.waiver && (
              <>
                <dt>{t('investigation.waiverRule')}</dt>
                <dd>{en ? inv.waiver.en : inv.waiver.zh}</dd>
              </>
            )}
          </dl>
          {inv.questionnaire && <p className="muted">{t('investigation.questionnaire', inv.questionnaire)}</p>}
          {inv.answers && (
            <dl className="facts" data-testid="investigation-answers">
              {questions
                .filter((x) => inv.answers?.[x.id] !== undefined)
                .map((x) => (
                  <div key={x.id} className={inv.flags?.some((f) => f.questionId === x.id) ? 'flagged' : undefined}>
                    <dt>{en ? x.text.en : x.text.zh}</dt>
                    <dd>{shown(x, inv.answers?.[x.id], t, en)}</dd>
                  </div>
                ))}
            </dl>
          )}
          {inv.flags && (
            <>
              <h4>{t('investigation.flags')}</h4>
              {inv.flags.length ? (
                <ul data-testid="investigation-flags">
                  {inv.flags.map((f) => (
                    <li key={f.questionId} className="warn">
                      {en ? f.en : f.zh}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">{t('investigation.noFlags')}</p>
              )}
            </>
          )}
        </>
      ) : (
        <p className="muted" data-testid="investigation-none">
          {t('investigation.none')}
        </p>
      )}
      {isRm && open && <InvestigationForm d={d} questions={questions} />}
    </section>
  );
}

function shown(x: Question, a: unknown, t: (k: string) => string, en: boolean): string {
  if (typeof a === 'boolean') return a ? t('investigation.yes') : t('investigation.no');
  if (x.type === 'choice') {
    const o = x.options?.find((v) => v.value === a);
    return o ? (en ? o.en : o.zh) : String(a);
  }
  return String(a);
}

function InvestigationForm({ d, questions }: { d: ApplicationDetail; questions: Question[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind>('field_visit');
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [second, setSecond] = useState('');
  const [summary, setSummary] = useState('');
  const [participants, setParticipants] = useState('');
  const [startedAt, setStartedAt] = useState('');
  const [endedAt, setEndedAt] = useState('');
  const [recordingRef, setRecordingRef] = useState('');
  const [note, setNote] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const today = new Date().toISOString().slice(0, 10);
  const iso = (local: string) => (local ? new Date(local).toISOString() : '');

  const request = (): InvestigationRequest =>
    kind === 'waived'
      ? { kind, ...(summary ? { summary } : {}) }
      : kind === 'field_visit'
        ? { kind, secondInvestigator: second.trim(), date: today, summary, answers }
        : {
            kind,
            participants: participants
              .split(/[,，、]/)
              .map((p) => p.trim())
              .filter(Boolean),
            startedAt: iso(startedAt),
            endedAt: iso(endedAt),
            recordingRef,
            summary,
            answers,
          };

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const r = await invoke('case.investigation', { id: d.id, record: request() });
      setNote(
        r.ok
          ? { tone: 'ok', text: t('investigation.saved') }
          : { tone: 'error', text: t('materials.refused', { message: r.message }) },
      );
      await qc.invalidateQueries({ queryKey: queryKeys.caseDetail(d.id) });
    } catch (err) {
      setNote({ tone: 'error', text: errorMessage(err) });
    }
  };

  const field = (x: Question) => {
    const label = en ? x.text.en : x.text.zh;
    const id = `inv-q-${x.id}`;
    if (x.type === 'yes_no')
      return (
        <label key={x.id} htmlFor={id}>
          {label}
          <select
            id={id}
            data-testid={id}
            required={x.required}
            value={answers[x.id] === undefined ? '' : String(answers[x.id])}
            onChange={(e) => setAnswers({ ...answers, [x.id]: e.target.value === 'true' })}
          >
            <option value="" />
            <option value="true">{t('investigation.yes')}</option>
            <option value="false">{t('investigation.no')}</option>
          </select>
        </label>
      );
    if (x.type === 'choice')
      return (
        <label key={x.id} htmlFor={id}>
          {label}
          <select
            id={id}
            data-testid={id}
            required={x.required}
            value={String(answers[x.id] ?? '')}
            onChange={(e) => setAnswers({ ...answers, [x.id]: e.target.value })}
          >
            <option value="" />
            {x.options?.map((o) => (
              <option key={o.value} value={o.value}>
                {en ? o.en : o.zh}
              </option>
            ))}
          </select>
        </label>
      );
    return (
      <label key={x.id} htmlFor={id}>
        {label}
        <input
          id={id}
          data-testid={id}
          type={x.type === 'number' ? 'number' : 'text'}
          min={x.type === 'number' ? 0 : undefined}
          required={x.required}
          value={String(answers[x.id] ?? '')}
          onChange={(e) =>
            setAnswers({ ...answers, [x.id]: x.type === 'number' ? Number(e.target.value) : e.target.value })
          }
        />
      </label>
    );
  };

  return (
    <form className="form" onSubmit={(e) => void save(e)} data-testid="investigation-form">
      <h4>{t('investigation.record')}</h4>
      <label htmlFor="inv-kind">
        {t('investigation.kind')}
        <select id="inv-kind" data-testid="inv-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {(['field_visit', 'video', 'waived'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`investigation.kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {kind === 'field_visit' && (
        <label htmlFor="inv-second">
          {t('investigation.secondInvestigator')}
          <input
            id="inv-second"
            data-testid="inv-second"
            required
            value={second}
            onChange={(e) => setSecond(e.target.value)}
          />
        </label>
      )}
      {kind === 'video' && (
        <>
          <label htmlFor="inv-participants">
            {t('investigation.participants')}
            <input
              id="inv-participants"
              required
              value={participants}
              onChange={(e) => setParticipants(e.target.value)}
            />
          </label>
          <label htmlFor="inv-start">
            {t('investigation.startedAt')}
            <input
              id="inv-start"
              type="datetime-local"
              required
              value={startedAt}
              onChange={(e) => setStartedAt(e.target.value)}
            />
          </label>
          <label htmlFor="inv-end">
            {t('investigation.endedAt')}
            <input
              id="inv-end"
              type="datetime-local"
              required
              value={endedAt}
              onChange={(e) => setEndedAt(e.target.value)}
            />
          </label>
          <label htmlFor="inv-rec">
            {t('investigation.recordingRef')}
            <input id="inv-rec" required value={recordingRef} onChange={(e) => setRecordingRef(e.target.value)} />
          </label>
        </>
      )}
      {kind !== 'waived' && questions.map(field)}
      <label htmlFor="inv-summary">
        {t('investigation.summary')}
        <textarea
          id="inv-summary"
          data-testid="inv-summary"
          required={kind !== 'waived'}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
        />
      </label>
      <button type="submit" className="primary" data-testid="inv-save">
        {t('investigation.save')}
      </button>
      {note && (
        <p
          role={note.tone === 'error' ? 'alert' : 'status'}
          className={note.tone === 'error' ? 'error' : 'ok'}
          data-testid="investigation-note"
        >
          {note.text}
        </p>
      )}
    </form>
  );
}
