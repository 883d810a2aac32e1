/**
 * Estimates the time left in a first-start seed from the bank API's SEED_PLAN and SEED_PROGRESS lines
 * (shared/api/seed-progress.ts): the current stage from its own pace, later stages from reference
 * costs scaled by how this machine did on the stages already finished. Pure: the clock is injected.
 */
import type { SeedPlan, SeedProgress, SeedStage } from '../../shared/api/seed-progress';

/**
 * Rough cost of each stage on an idle 2-core machine (small sandbox): per unit, plus a fixed part.
 * Only a starting point: the estimate follows the machine's own pace as soon as it has one.
 */
const REFERENCE: Record<SeedStage, { perUnitMs: number; fixedMs: number }> = {
  organisation: { perUnitMs: 0, fixedMs: 1_000 },
  enterprises: { perUnitMs: 1.7, fixedMs: 0 },
  loans: { perUnitMs: 0.15, fixedMs: 0 },
  applications: { perUnitMs: 6, fixedMs: 0 },
  summaries: { perUnitMs: 0, fixedMs: 1_000 },
  analyze: { perUnitMs: 0, fixedMs: 1_500 },
};

const referenceMs = (stage: SeedStage, units: number) => REFERENCE[stage].fixedMs + REFERENCE[stage].perUnitMs * units;

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 10) return 'a few seconds';
  if (s < 60) return `${Math.round(s / 5) * 5} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round((s - m * 60) / 10) * 10;
  return rest === 0 || rest === 60 ? `${rest === 60 ? m + 1 : m} min` : `${m} min ${rest} s`;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export class SeedEstimate {
  private stages: SeedPlan['stages'] = [];
  private current: (SeedProgress & { startedAt: number }) | null = null;
  /** Finished stages: how long they took and what the reference said. */
  private finished = new Map<SeedStage, { actualMs: number; referenceMs: number }>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  plan(p: SeedPlan) {
    this.stages = p.stages;
  }

  /** Returns true when this line starts a new stage. */
  update(p: SeedProgress): boolean {
    const t = this.now();
    const isNew = this.current?.stage !== p.stage;
    if (isNew && this.current && !this.finished.has(this.current.stage)) this.finish(this.current, t);
    this.current = { ...p, startedAt: isNew ? t : this.current!.startedAt };
    if (p.done >= p.total) this.finish(this.current, t);
    return isNew;
  }

  private finish(c: SeedProgress & { startedAt: number }, t: number) {
    this.finished.set(c.stage, { actualMs: t - c.startedAt, referenceMs: referenceMs(c.stage, c.total) });
  }

  get stage(): SeedProgress | null {
    return this.current ? { stage: this.current.stage, done: this.current.done, total: this.current.total } : null;
  }

  /** This machine against the reference, from the finished stages (1 until one has finished). */
  private pace(): number {
    let actual = 0;
    let ref = 0;
    for (const f of this.finished.values()) {
      actual += f.actualMs;
      ref += f.referenceMs;
    }
    if (ref < 500) return 1;
    return Math.min(10, Math.max(0.3, actual / ref));
  }

  /** Milliseconds left in the whole seed; null before any progress. */
  remainingMs(): number | null {
    const c = this.current;
    if (!c) return null;
    const t = this.now();
    const pace = this.pace();
    let left = 0;
    if (!this.finished.has(c.stage)) {
      const elapsed = t - c.startedAt;
      left +=
        c.done > 0 && elapsed >= 1_000
          ? ((c.total - c.done) * elapsed) / c.done
          : Math.max(0, referenceMs(c.stage, c.total) * pace - elapsed);
    }
    const at = this.stages.findIndex((s) => s.stage === c.stage);
    for (const s of this.stages.slice(at + 1)) left += referenceMs(s.stage, s.total) * pace;
    return left;
  }

  /** "applications 1,200 / 5,000 (stage 4 of 6) — about 1 min 10 s left" */
  describe(): string {
    const c = this.current;
    if (!c) return 'starting';
    const at = this.stages.findIndex((s) => s.stage === c.stage);
    const of = at >= 0 ? ` (stage ${at + 1} of ${this.stages.length})` : '';
    const count = c.total > 1 ? ` ${fmt(c.done)} / ${fmt(c.total)}` : '';
    const left = this.remainingMs();
    return `${c.stage}${count}${of}${left === null ? '' : ` — about ${formatDuration(left)} left`}`;
  }
}
