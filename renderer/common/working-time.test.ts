import { describe, expect, it } from 'vitest';
import { beijingInstant } from '../../shared/calendar';
import { slaCountdown } from './working-time';

describe('SLA countdown in working time', () => {
  // Monday 2026-11-30, Beijing time.
  const mon = (h: number, m = 0) => beijingInstant('2026-11-30', h, m);

  it('counts only working hours (09:00–12:00, 13:30–17:30), across the lunch break and the night', () => {
    expect(slaCountdown(mon(11), mon(14)).workingMs).toBe(90 * 60_000);
    const overnight = slaCountdown(mon(17), beijingInstant('2026-12-01', 10, 0));
    expect(overnight).toMatchObject({ overdue: false, days: 0, hours: 1, minutes: 30 });
    const late = slaCountdown(mon(15), mon(10));
    expect(late.overdue).toBe(true);
    expect(late.workingMs).toBe(-(3 * 60 + 30) * 60_000);
  });
});
