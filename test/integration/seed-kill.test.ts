/**
 * "A test that kills the API during seeding and shows the next start ends complete" (issue 11): the real
 * `npm run api` program on an empty data folder is SIGKILLed in the middle of the applications stage
 * (found by following its SEED_PROGRESS lines), started again on the same folder, and must say that it
 * redid the interrupted seed, then hold the whole sandbox. Smaller counts (SEED_COUNTS) keep it quick;
 * the first-run test checks the README's full size once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../bank-api/db/database';
import { SEED_STATE_KEY } from '../../bank-api/seed/index';
import { parseSeedLine } from '../../shared/api/seed-progress';

const dataDir = mkdtempSync(join(tmpdir(), 'ws-seed-kill-'));
const COUNTS = { enterprises: 300, loans: 1500, applications: 1000 };

function startApi(onLine: (line: string, child: ChildProcess) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bank-api/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      SEED_SIZE: 'small',
      SEED_COUNTS: Object.entries(COUNTS)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) =>
    child.once('exit', (code, signal) => ok({ code, signal })),
  );
  createInterface({ input: child.stdout! }).on('line', (l) => {
    lines.push(l);
    onLine(l, child);
  });
  createInterface({ input: child.stderr! }).on('line', (l) => lines.push(`stderr: ${l}`));
  return { child, lines, exited };
}

describe('a first start killed while seeding', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is detected on the next start, redone from a clean database, and ends complete', async () => {
    // 1. Kill it once some — not all — applications are in.
    let killedAt: { done: number; total: number } | null = null;
    const first = startApi((line, child) => {
      const p = parseSeedLine(line);
      if (killedAt || p?.kind !== 'progress' || p.progress.stage !== 'applications') return;
      if (p.progress.done > 0 && p.progress.done < p.progress.total) {
        killedAt = { done: p.progress.done, total: p.progress.total };
        child.kill('SIGKILL');
      }
    });
    const end = await first.exited;
    expect(killedAt, `never saw the applications stage under way:\n${first.lines.join('\n')}`).not.toBeNull();
    expect(end.signal).toBe('SIGKILL');
    expect(first.lines.some((l) => l.startsWith('BANK_API_URL='))).toBe(false);

    // 2. The next start says what it found and what it does, seeds again, and serves.
    let url: string | null = null;
    const second = startApi((line) => {
      url ??= /^BANK_API_URL=(\S+)$/.exec(line)?.[1] ?? null;
    });
    const ready = await new Promise<boolean>((ok) => {
      const t = setInterval(() => {
        if (url) ok(true);
        else if (second.child.exitCode !== null) ok(false);
        if (url || second.child.exitCode !== null) clearInterval(t);
      }, 200);
    });
    const out = second.lines.join('\n');
    expect(ready, out).toBe(true);
    expect(out).toMatch(
      new RegExp(
        `The previous seed was interrupted at stage applications \\(\\d[\\d,]* of 1,000 applications\\); starting over: discarded ${join(dataDir, 'db')} and seeding a clean database\\.`,
      ),
    );
    expect(out).toContain('SEED_PROGRESS {"stage":"analyze","done":1,"total":1}');
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'supervisor1', password: 'demo-pass' }),
    });
    expect(login.status).toBe(200);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    // 3. The whole sandbox, once: no rows of the interrupted attempt left beside the new ones.
    const db = await openDatabase({ dataDir: join(dataDir, 'db') });
    try {
      const n = async (t: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0]!.n;
      expect(await n('enterprises')).toBe(COUNTS.enterprises);
      // The book's loans exactly once, plus one per seeded case disbursed through 放款审核 (each linked).
      expect(await n('loans WHERE application_id IS NULL')).toBe(COUNTS.loans);
      expect(await n('loans WHERE application_id IS NOT NULL')).toBe(
        await n("applications WHERE status = 'disbursed'"),
      );
      expect(await n('applications')).toBe(COUNTS.applications);
      const marker = await db.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [SEED_STATE_KEY]);
      expect(JSON.parse(marker.rows[0]!.value)).toMatchObject({ state: 'complete', counts: COUNTS });
      const verify = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM meta WHERE key = 'sandbox_data'");
      expect(verify.rows[0]!.n).toBe(1);
    } finally {
      await db.close();
    }
  }, 900_000);
});
