/**
 * The shared desk's policies in plain Node: the idle lock on a fake clock, the window state restored
 * onto the displays there are now, the crash and error log's rotation and allow-list, which
 * notifications are shown, and the per-user settings.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HomeList, HomeSummary } from '../../shared/api/home';
import { BankClient } from '../services/bank-client';
import { MemoryTokenStore } from '../services/stores';
import { IdleLock, MAX_UNLOCK_ATTEMPTS } from './idle-lock';
import { captureCrashes, DeskLog, LOG_FILE_NAME } from './log-file';
import { moreText, noticeText } from './notice-text';
import { batch, NoticeMemory, noticeFromEvent, noticesFromHome } from './notices';
import { signOutForQuit } from './quit';
import { DeskSettingsStore } from './settings-store';
import { DEFAULT_SIZE, MIN_SIZE, restoreWindowState } from './window-state';

const MIN = 60_000;

describe('IdleLock (fake clock)', () => {
  const clock = (start = 1_000_000) => {
    let t = start;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it('locks after the idle time without input, not a moment before', () => {
    const c = clock();
    const lock = new IdleLock(10 * MIN, c.now);
    c.advance(10 * MIN - 1);
    expect(lock.isLocked()).toBe(false);
    expect(lock.remainingMs()).toBe(1);
    c.advance(1);
    expect(lock.isLocked()).toBe(true);
    expect(lock.remainingMs()).toBeNull();
  });

  it('input restarts the idle time; input while locked does not unlock', () => {
    const c = clock();
    const lock = new IdleLock(10 * MIN, c.now);
    c.advance(9 * MIN);
    lock.touch();
    c.advance(9 * MIN);
    expect(lock.isLocked()).toBe(false);
    c.advance(MIN);
    lock.touch();
    expect(lock.isLocked()).toBe(true);
    lock.unlock();
    expect(lock.isLocked()).toBe(false);
    c.advance(10 * MIN - 1);
    expect(lock.isLocked()).toBe(false);
  });

  it('a machine that slept past the limit is locked when asked after waking', () => {
    const c = clock();
    const lock = new IdleLock(10 * MIN, c.now);
    c.advance(8 * 3600_000);
    expect(lock.isLocked()).toBe(true);
  });

  it('0 minutes: never locks, not even on lock()', () => {
    const c = clock();
    const lock = new IdleLock(0, c.now);
    c.advance(24 * 3600_000);
    lock.lock();
    expect(lock.isLocked()).toBe(false);
    expect(lock.remainingMs()).toBeNull();
  });

  it('the version grows with every change of the lock, idle locks included, and across locks', () => {
    const c = clock();
    const lock = new IdleLock(10 * MIN, c.now);
    const seen = [lock.version];
    lock.touch();
    expect(lock.version).toBe(seen[0]); // input is no change of the lock
    c.advance(10 * MIN);
    seen.push(lock.version); // locked by idleness, noticed when asked
    lock.lock();
    expect(lock.version).toBe(seen[1]); // already locked
    lock.failed();
    seen.push(lock.version);
    lock.unlock();
    seen.push(lock.version);
    lock.lock();
    seen.push(lock.version);
    seen.push(new IdleLock(MIN, c.now).version); // another tab's lock in the web host
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1] ?? Number.POSITIVE_INFINITY);
  });

  it('counts wrong passwords; the fifth ends the session; a right one resets the count', () => {
    const lock = new IdleLock(MIN);
    lock.lock();
    for (let i = 1; i < MAX_UNLOCK_ATTEMPTS; i++) expect(lock.failed()).toBe(false);
    expect(lock.attemptsLeft).toBe(1);
    lock.unlock();
    expect(lock.attemptsLeft).toBe(MAX_UNLOCK_ATTEMPTS);
    for (let i = 1; i < MAX_UNLOCK_ATTEMPTS; i++) lock.failed();
    expect(lock.failed()).toBe(true);
  });
});

describe('restoreWindowState: kept, and sane when the displays changed', () => {
  const laptop = { x: 0, y: 0, width: 1920, height: 1040 };
  const monitor = { x: 1920, y: 0, width: 2560, height: 1400 };

  it('nothing saved or something malformed: the default size, centred on the primary display', () => {
    expect(restoreWindowState(undefined, [laptop])).toEqual({ x: 240, y: 70, ...DEFAULT_SIZE, maximized: false });
    expect(restoreWindowState({ x: 'a' }, [laptop]).width).toBe(DEFAULT_SIZE.width);
  });

  it('a place on a display that is still there is kept as it was', () => {
    const saved = { x: 2100, y: 100, width: 1600, height: 1000, maximized: true };
    expect(restoreWindowState(saved, [laptop, monitor])).toEqual(saved);
  });

  it('the monitor it was on is gone: centred on the primary display, shrunk to fit', () => {
    const saved = { x: 2100, y: 100, width: 2400, height: 1300, maximized: false };
    expect(restoreWindowState(saved, [laptop])).toEqual({ x: 0, y: 0, width: 1920, height: 1040, maximized: false });
  });

  it('the title bar off-screen (above the top): moved back so it can be grabbed', () => {
    const r = restoreWindowState({ x: 100, y: -500, width: 1200, height: 800 }, [laptop]);
    expect(r.y).toBeGreaterThanOrEqual(0);
    expect(r.y + r.height).toBeLessThanOrEqual(laptop.height);
  });

  it('a smaller display now: pulled inside it, never below the minimum size', () => {
    const small = { x: 0, y: 0, width: 1366, height: 728 };
    const r = restoreWindowState({ x: 200, y: 50, width: 1800, height: 1000 }, [small]);
    expect(r).toEqual({ x: 0, y: 0, width: 1366, height: 728, maximized: false });
    expect(restoreWindowState({ x: 10, y: 10, width: 200, height: 100 }, [laptop])).toMatchObject(MIN_SIZE);
  });
});

describe('DeskLog: size-bounded rotation, no personal data', () => {
  const fresh = () => mkdtempSync(join(tmpdir(), 'ws-log-'));

  it('rotates at the size limit and keeps only the newest files', () => {
    const dir = fresh();
    const log = new DeskLog(dir, { maxBytes: 1000, files: 3 });
    for (let i = 0; i < 100; i++) log.write('info', 'tick', { reason: `line ${i} ${'x'.repeat(50)}` });
    const files = readdirSync(dir).sort();
    expect(files).toEqual([LOG_FILE_NAME, `${LOG_FILE_NAME}.1`, `${LOG_FILE_NAME}.2`]);
    for (const f of files) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(1000);
    const newest = readFileSync(join(dir, LOG_FILE_NAME), 'utf8').trim().split('\n');
    expect(JSON.parse(newest.at(-1)!).reason).toMatch(/^line 99 /);
    // The oldest lines are gone: at most 3 × 1000 bytes are kept.
    const all = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(all).not.toContain('"line 0 ');
  });

  it('writes only allow-listed fields, scrubbed; errors through the bank API’s serializer', () => {
    const dir = fresh();
    const log = new DeskLog(dir);
    const err = Object.assign(new Error('bad row for 110101199003071234, mobile 13812345678'), {
      params: ['110101199003071234', '张三'],
      body: { password: 'hunter2' },
    });
    log.write('error', 'ipc-failed', {
      channel: 'case.get',
      status: 500,
      err,
      ...({ password: 'hunter2', legalRepName: '张三', token: 'a'.repeat(43) } as object),
    });
    const line = JSON.parse(readFileSync(join(dir, LOG_FILE_NAME), 'utf8'));
    expect(Object.keys(line).sort()).toEqual(['channel', 'err', 'event', 'level', 'status', 'time']);
    const text = JSON.stringify(line);
    for (const secret of ['hunter2', '张三', '110101199003071234', '13812345678', 'a'.repeat(43)])
      expect(text).not.toContain(secret);
    expect(line.err.type).toBe('Error');
  });

  it('crash capture writes the uncaught error before the process goes', () => {
    const dir = fresh();
    const log = new DeskLog(dir);
    const fake = new EventEmitter();
    const stop = captureCrashes(log, fake as unknown as NodeJS.Process);
    fake.emit('uncaughtExceptionMonitor', new TypeError('boom'));
    fake.emit('unhandledRejection', new Error('later'));
    stop();
    const lines = readFileSync(join(dir, LOG_FILE_NAME), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.level, l.event, l.err.type])).toEqual([
      ['fatal', 'uncaught-exception', 'TypeError'],
      ['error', 'unhandled-rejection', 'Error'],
    ]);
  });

  it('an unwritable folder does not throw', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'file'), '');
    expect(() => new DeskLog(join(dir, 'file', 'logs')).write('error', 'x')).not.toThrow();
  });
});

const list = (ids: string[], tier: 'fast' | 'standard' = 'fast'): HomeList => ({
  count: ids.length,
  items: ids.map((id) => ({
    id,
    enterpriseName: '某某公司',
    productCode: 'P',
    amount: '100.00',
    tier,
    status: 'in_review',
    branchId: 'B',
    escalatedTo: null,
    slaDueAt: null,
    slaState: null,
    at: null,
    action: null,
  })),
});
const home = (o: { tiers?: ('fast' | 'standard')[]; due?: string[]; returned?: string[] }): HomeSummary =>
  ({
    generatedAt: '2026-11-30T00:00:00Z',
    today: '2026-11-30',
    decider: o.tiers
      ? {
          claimed: list([]),
          dueSoon: list(o.due ?? []),
          overdue: list([]),
          returned: list([]),
          decidedToday: list([]),
          tiers: o.tiers,
        }
      : null,
    contracts: null,
    supervision: null,
    origination: o.returned
      ? {
          total: 0,
          byStatus: [],
          inApproval: list([]),
          returned: list(o.returned),
          approved: list([]),
          declined: list([]),
        }
      : null,
  }) as HomeSummary;
const event = (
  id: string,
  tier: 'fast' | 'standard' | 'instant' | 'committee',
  status: string,
  type = 'application.created',
) => ({ type, id, tier, status, branchId: 'B', version: 1 }) as Parameters<typeof noticeFromEvent>[0];

describe('which notifications are shown', () => {
  it('a new case in my lanes, waiting for a decision, once', () => {
    const m = new NoticeMemory();
    noticesFromHome(home({ tiers: ['fast', 'standard'] }), m);
    expect(noticeFromEvent(event('A1', 'fast', 'in_review'), m)).toEqual({
      kind: 'newCase',
      caseId: 'A1',
      tier: 'fast',
    });
    expect(noticeFromEvent(event('A1', 'fast', 'in_review', 'application.updated'), m)).toBeNull();
    expect(noticeFromEvent(event('A2', 'committee', 'committee'), m)).toBeNull(); // not my lane
    expect(noticeFromEvent(event('A3', 'fast', 'approved', 'application.updated'), m)).toBeNull(); // decided
    expect(noticeFromEvent(event('A4', 'instant', 'auto_approved'), m)).toBeNull();
    expect(noticeFromEvent({ type: 'stream.status', connected: true }, m)).toBeNull();
  });

  it('before the lanes are known, nothing is announced from events', () => {
    expect(noticeFromEvent(event('A1', 'fast', 'in_review'), new NoticeMemory())).toBeNull();
  });

  it('due soon: each case once, as it enters the list', () => {
    const m = new NoticeMemory();
    expect(noticesFromHome(home({ tiers: ['fast'], due: ['A1'] }), m)).toEqual([
      { kind: 'dueSoon', caseId: 'A1', tier: 'fast' },
    ]);
    expect(noticesFromHome(home({ tiers: ['fast'], due: ['A1', 'A2'] }), m)).toEqual([
      { kind: 'dueSoon', caseId: 'A2', tier: 'fast' },
    ]);
    expect(noticesFromHome(home({ tiers: ['fast'], due: ['A2'] }), m)).toEqual([]);
  });

  it('returned to me: the first summary is the baseline, then each newly returned case', () => {
    const m = new NoticeMemory();
    expect(noticesFromHome(home({ returned: ['A1'] }), m)).toEqual([]);
    expect(noticesFromHome(home({ returned: ['A1', 'A5'] }), m)).toEqual([
      { kind: 'returned', caseId: 'A5', tier: 'fast' },
    ]);
    expect(noticesFromHome(home({ returned: ['A5'] }), m)).toEqual([]);
  });

  it('many at once: three shown, the rest counted; the text names the case and lane, never the enterprise', () => {
    const notices = ['A1', 'A2', 'A3', 'A4', 'A5'].map((id) => ({
      kind: 'dueSoon' as const,
      caseId: id,
      tier: 'fast' as const,
    }));
    expect(batch(notices)).toEqual({ shown: notices.slice(0, 3), more: 2 });
    expect(noticeText(notices[0]!, 'zh-CN')).toEqual({
      title: '案件即将到期',
      body: '案件 A1（快速通道）即将超过时限。',
    });
    expect(noticeText({ kind: 'returned', caseId: 'A9' }, 'en').body).toBe('Case A9 was returned to you for material.');
    expect(moreText(2, 'en').body).toBe('2 more alerts: see the workstation.');
  });
});

describe('sign-out on quit', () => {
  it('a bank that does not answer does not hold the quit: gives up, the token forgotten here anyway', async () => {
    const server = createServer(() => {}); // accepts, never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const tokens = new MemoryTokenStore();
    tokens.set('t'.repeat(43));
    const bank = new BankClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    expect(await signOutForQuit(tokens, bank, 50)).toBe(false);
    expect(tokens.get()).toBeNull();
    server.closeAllConnections();
    server.close();
  });
});

describe('DeskSettingsStore: notifications opt-in per user', () => {
  it('off by default; each user’s own; kept in the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ws-set-')), 'sub', 'desk-settings.json');
    const s = new DeskSettingsStore(file);
    expect(s.get('U1')).toEqual({ notifications: false });
    s.set('U1', { notifications: true });
    expect(new DeskSettingsStore(file).get('U1')).toEqual({ notifications: true });
    expect(new DeskSettingsStore(file).get('U2')).toEqual({ notifications: false });
    writeFileSync(file, 'garbage');
    expect(s.get('U1')).toEqual({ notifications: false });
  });
});
