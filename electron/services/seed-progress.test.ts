/**
 * The first-start progress protocol (shared/api/seed-progress.ts) and the launcher's reading of it: the
 * lines the API writes parse back, the printer throttles without losing a stage, the estimate follows
 * the machine's pace, and the launcher gives up on a silent API with a message saying what it was doing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedProgressPrinter } from '../../bank-api/seed/progress';
import { parseSeedLine, type SeedProgress } from '../../shared/api/seed-progress';
import { errorLineForTerminal, stallMsFromEnv, startEmbeddedBankApi } from './embedded-api';
import { formatDuration, SeedEstimate } from './seed-estimate';

describe('seed progress lines', () => {
  it('parses what the printer writes, and nothing else', () => {
    const lines: string[] = [];
    let t = 0;
    const print = seedProgressPrinter((l) => lines.push(l), { now: () => t });
    print({ stage: 'applications', done: 0, total: 5000 });
    t = 200;
    print({ stage: 'applications', done: 200, total: 5000 }); // within a second: not written
    t = 1300;
    print({ stage: 'applications', done: 400, total: 5000 });
    t = 1400;
    print({ stage: 'applications', done: 5000, total: 5000 }); // the end of a stage always is
    print({ stage: 'summaries', done: 0, total: 1 }); // a new stage always is
    expect(lines).toEqual([
      'SEED_PROGRESS {"stage":"applications","done":0,"total":5000}',
      'SEED_PROGRESS {"stage":"applications","done":400,"total":5000}',
      'SEED_PROGRESS {"stage":"applications","done":5000,"total":5000}',
      'SEED_PROGRESS {"stage":"summaries","done":0,"total":1}',
    ]);
    expect(lines.map((l) => parseSeedLine(l)?.kind)).toEqual(['progress', 'progress', 'progress', 'progress']);
    expect(parseSeedLine(lines[1]!)).toEqual({
      kind: 'progress',
      progress: { stage: 'applications', done: 400, total: 5000 },
    });
    expect(parseSeedLine('SEED_PLAN {"stages":[{"stage":"loans","total":10}]}')).toEqual({
      kind: 'plan',
      plan: { stages: [{ stage: 'loans', total: 10 }] },
    });
    for (const bad of [
      'SEED_PROGRESS {"stage":"bogus","done":1,"total":2}',
      'SEED_PROGRESS {"stage":"loans","done":-1,"total":2}',
      'SEED_PROGRESS {"stage":"loans","done":1}',
      'SEED_PROGRESS not json',
      'SEED_PLAN {"stages":[{"stage":"loans"}]}',
      '[seed] loans: 1 / 2',
      '{"level":30,"msg":"SEED_PROGRESS"}',
    ])
      expect(parseSeedLine(bad), bad).toBeNull();
  });

  it('adds readable lines for a person at a terminal, each stage end once', () => {
    const lines: string[] = [];
    let t = 0;
    const print = seedProgressPrinter((l) => lines.push(l), { human: true, humanEveryMs: 5000, now: () => t });
    print({ stage: 'loans', done: 0, total: 10000 });
    t = 6000;
    print({ stage: 'loans', done: 5000, total: 10000 });
    t = 8000;
    print({ stage: 'loans', done: 10000, total: 10000 });
    print({ stage: 'loans', done: 10000, total: 10000 });
    const human = lines.filter((l) => l.startsWith('[seed]'));
    expect(human).toEqual([
      '[seed] loans: 0 / 10,000',
      '[seed] loans: 5,000 / 10,000',
      '[seed] loans: 10,000 done in 8.0 s',
    ]);
  });
});

describe('SeedEstimate', () => {
  const plan = {
    stages: [
      { stage: 'organisation' as const, total: 1 },
      { stage: 'enterprises' as const, total: 2000 },
      { stage: 'loans' as const, total: 10000 },
      { stage: 'applications' as const, total: 5000 },
      { stage: 'summaries' as const, total: 1 },
      { stage: 'analyze' as const, total: 1 },
    ],
  };

  it('extrapolates the current stage from its own pace and says which stage of how many', () => {
    let t = 0;
    const e = new SeedEstimate(() => t);
    e.plan(plan);
    const at = (ms: number, p: SeedProgress) => {
      t = ms;
      return e.update(p);
    };
    expect(at(0, { stage: 'applications', done: 0, total: 5000 })).toBe(true);
    expect(at(60_000, { stage: 'applications', done: 1000, total: 5000 })).toBe(false);
    // 1,000 in 60 s → 4,000 more take 240 s; summaries and analyze a few seconds more.
    const left = e.remainingMs()!;
    expect(left).toBeGreaterThanOrEqual(240_000);
    expect(left).toBeLessThan(260_000);
    expect(e.describe()).toMatch(/^applications 1,000 \/ 5,000 \(stage 4 of 6\) — about 4 min( 10 s)? left$/);
  });

  it('scales the stages still to come by how this machine did on the finished ones', () => {
    let t = 0;
    const fast = new SeedEstimate(() => t);
    fast.plan(plan);
    fast.update({ stage: 'enterprises', done: 0, total: 2000 });
    t = 3_400; // the reference pace
    fast.update({ stage: 'enterprises', done: 2000, total: 2000 });
    const atReference = fast.remainingMs()!;

    t = 0;
    const slow = new SeedEstimate(() => t);
    slow.plan(plan);
    slow.update({ stage: 'enterprises', done: 0, total: 2000 });
    t = 10_200; // three times slower
    slow.update({ stage: 'enterprises', done: 2000, total: 2000 });
    expect(slow.remainingMs()!).toBeCloseTo(atReference * 3, -2);
  });

  it('formats durations for people', () => {
    expect(formatDuration(3_000)).toBe('a few seconds');
    expect(formatDuration(42_000)).toBe('40 s');
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(130_000)).toBe('2 min 10 s');
    expect(formatDuration(178_000)).toBe('3 min');
  });
});

describe('startEmbeddedBankApi', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('refuses a stall window that is not a positive number, naming the variable', () => {
    expect(stallMsFromEnv(undefined)).toBe(180_000);
    expect(stallMsFromEnv('30')).toBe(30_000);
    expect(() => stallMsFromEnv('soon')).toThrow(
      /BANK_API_STALL_SECONDS must be a positive number of seconds, got "soon"/,
    );
    expect(() => stallMsFromEnv('0')).toThrow(/BANK_API_STALL_SECONDS/);
  });

  it('shows error-level log lines on the terminal, not the others', () => {
    expect(
      errorLineForTerminal(
        '{"level":50,"msg":"unhandled error","err":{"type":"TypeError","message":"x is undefined"}}',
      ),
    ).toBe('ERROR unhandled error: TypeError: x is undefined');
    expect(errorLineForTerminal('{"level":30,"msg":"request completed"}')).toBeNull();
    expect(errorLineForTerminal('not json')).toBeNull();
  });

  it('gives up on an API that reports nothing within the stall window, saying what it was doing and where the log is', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ws-stall-'));
    dirs.push(dataDir);
    const printed: string[] = [];
    // 50 ms: far less than the API needs to print anything at all, so it is stopped while starting.
    const start = startEmbeddedBankApi(
      { DATA_DIR: dataDir, SEED_SIZE: 'none', DATABASE_URL: '' },
      { stallMs: 50, print: (l) => printed.push(l), printError: (l) => printed.push(l) },
    );
    const err = await start.then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/made no progress for 0 s while starting and was stopped/);
    expect(err?.message).toContain(join(dataDir, 'logs', 'bank-api.log'));
    expect(err?.message).toContain('BANK_API_STALL_SECONDS');
  });

  it('starts the API, writes its log under the data folder and keeps the previous one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ws-embedded-'));
    dirs.push(dataDir);
    const printed: string[] = [];
    for (let run = 1; run <= 2; run++) {
      const api = await startEmbeddedBankApi(
        { DATA_DIR: dataDir, SEED_SIZE: 'none', DATABASE_URL: '', LOG_LEVEL: 'info' },
        { print: (l) => printed.push(l), printError: (l) => printed.push(l) },
      );
      try {
        expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
        expect(api.logFile).toBe(join(dataDir, 'logs', 'bank-api.log'));
      } finally {
        await api.stop();
      }
    }
    const log = readFileSync(join(dataDir, 'logs', 'bank-api.log'), 'utf8');
    // pino's info lines (LOG_LEVEL info) are in the file, not on the terminal.
    expect(log).toMatch(/"msg":"Server listening at http:\/\/127\.0\.0\.1:\d+"/);
    expect(log).toMatch(/"url":"\/healthz"/);
    expect(log).toMatch(/^BANK_API_URL=/m);
    expect(printed.some((l) => l.includes('"level":30'))).toBe(false);
    expect(readFileSync(join(dataDir, 'logs', 'bank-api.log.1'), 'utf8')).toMatch(/^BANK_API_URL=/m);
  });
});
