import { describe, expect, it } from 'vitest';
import { isWorkingDay } from '../calendar';
import {
  DISPOSITION_WORKING_DAYS,
  dispositionDueOn,
  escalatedStatus,
  isOverdue,
  needsConfirmation,
  statusAfterMeasure,
  statusAfterRejection,
  WARNING_MEASURES,
  WARNING_SEVERITIES,
} from './warning-disposition';

describe('warning disposition rules (预警处置)', () => {
  it('dates a high signal raised on the eve of 国庆 after the holiday (2 working days)', () => {
    // 2026-10-01…07 off; 10-08 Thu and 10-09 Fri are the first two working days.
    expect(dispositionDueOn('2026-09-30', 'high')).toBe('2026-10-09');
  });

  it('counts a 调休 Saturday as a working day (medium: 5 working days)', () => {
    // 10-08, 10-09, 10-10 (Saturday worked), 10-12, 10-13.
    expect(dispositionDueOn('2026-09-30', 'medium')).toBe('2026-10-13');
  });

  it('reads an instant in Beijing time: 23:30 UTC on 29 September is already 30 September', () => {
    expect(dispositionDueOn(new Date('2026-09-29T23:30:00Z'), 'high')).toBe('2026-10-09');
    // 18:00 on Tuesday 29 September in Beijing: 30 September, then 8 October.
    expect(dispositionDueOn(new Date('2026-09-29T10:00:00Z'), 'high')).toBe('2026-10-08');
  });

  it('always lands on a working day, later for lower severity', () => {
    for (const day of ['2026-02-13', '2026-05-01', '2026-12-31', '2026-11-28']) {
      const due = WARNING_SEVERITIES.map((s) => dispositionDueOn(day, s));
      for (const d of due) expect(isWorkingDay(d), `${day} → ${d}`).toBe(true);
      expect(due[0]! > due[1]! && due[1]! > due[2]!).toBe(true); // low > medium > high
    }
    expect(DISPOSITION_WORKING_DAYS).toEqual({ high: 2, medium: 5, low: 10 });
  });

  it('lets the officer close alone only with observe, and release of a minor signal', () => {
    const alone = WARNING_MEASURES.flatMap((m) =>
      WARNING_SEVERITIES.filter((s) => !needsConfirmation(m, s)).map((s) => `${m}/${s}`),
    );
    expect(alone).toEqual(['observe/low', 'observe/medium', 'observe/high', 'release/low', 'release/medium']);
    expect(statusAfterMeasure('early_recall', 'low')).toBe('awaiting_confirmation');
    expect(statusAfterMeasure('release', 'high')).toBe('awaiting_confirmation');
    expect(statusAfterMeasure('observe', 'high')).toBe('closed');
  });

  it('escalates an open task only after its due date', () => {
    expect(escalatedStatus('open', '2026-11-30', '2026-11-30')).toBe('open');
    expect(escalatedStatus('open', '2026-11-30', '2026-12-01')).toBe('escalated');
    expect(escalatedStatus('awaiting_confirmation', '2026-11-01', '2026-12-01')).toBe('awaiting_confirmation');
    expect(escalatedStatus('closed', '2026-11-01', '2026-12-01')).toBe('closed');
    expect(isOverdue('escalated', '2026-11-01', '2026-12-01')).toBe(true);
    expect(isOverdue('closed', '2026-11-01', '2026-12-01')).toBe(false);
    expect(statusAfterRejection('2026-11-01', '2026-12-01')).toBe('escalated');
    expect(statusAfterRejection('2026-12-31', '2026-12-01')).toBe('open');
  });
});
