/**
 * "A test that clones the repository into a temporary folder, runs the README's commands on an empty
 * data folder, and checks that the URL answers, sign-in works and the sandbox holds what the README
 * says" (issue 11). The committed HEAD of this repository is cloned; dependencies come from this
 * checkout's node_modules through a symlink (`npm ci` would fetch the same packages again, which
 * proves nothing about our code and takes minutes). Then `npm run web` as the README says, with an
 * empty DATA_DIR and WEB_PORT=0: no short deadline — the test follows the launcher's progress lines,
 * and the launcher itself gives up when progress stops. This is the one test that seeds the README's
 * full size; it takes minutes.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../bank-api/db/database';

const repoRoot = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const work = mkdtempSync(join(tmpdir(), 'ws-first-run-'));
const clone = join(work, 'repo');
const dataDir = join(work, 'data');
let web: ChildProcess | null = null;

/** Stops `npm run web` and everything under it (its own process group). */
async function stopWeb() {
  const child = web;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((ok) => child.once('exit', ok));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    return;
  }
  const force = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 20_000);
  await exited;
  clearTimeout(force);
  // The bank API (a grandchild) closes its database on SIGTERM; wait until its folder is free.
  await new Promise((r) => setTimeout(r, 2_000));
}

describe('first run from a fresh clone', () => {
  afterAll(async () => {
    await stopWeb();
    rmSync(work, { recursive: true, force: true });
  });

  it('npm run web on an empty data folder: the URL answers, sign-in works, the sandbox is what the README says', async () => {
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, clone]);
    symlinkSync(join(repoRoot, 'node_modules'), join(clone, 'node_modules'), 'dir');
    const readme = readFileSync(join(clone, 'README.md'), 'utf8');
    expect(readme).toContain('npm run web');
    const claim = /~([\d,]+)\s+enterprises,\s+~([\d,]+)\s+loans\s+and\s+([\d,]+)\s+applications/.exec(readme);
    expect(claim, 'the README states the sandbox it seeds').not.toBeNull();
    const [enterprises, loans, applications] = claim!.slice(1).map((s) => Number(s.replace(/,/g, '')));

    const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, WEB_PORT: '0' };
    for (const k of ['BANK_API_URL', 'DATABASE_URL', 'SEED_SIZE', 'SEED_COUNTS', 'LOG_LEVEL', 'PORT', 'WEB_SECRET'])
      delete env[k];
    const t0 = Date.now();
    web = spawn('npm', ['run', 'web'], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const output: string[] = [];
    const openUrl = await new Promise<string>((resolve, reject) => {
      createInterface({ input: web!.stdout! }).on('line', (l) => {
        output.push(l);
        const m = /^WORKSTATION_URL=(\S+)$/.exec(l);
        if (m?.[1]) resolve(m[1]);
      });
      createInterface({ input: web!.stderr! }).on('line', (l) => output.push(`stderr: ${l}`));
      web!.once('exit', (code) =>
        reject(new Error(`npm run web exited (${code}) before printing its URL:\n${output.join('\n')}`)),
      );
    });
    const said = output.join('\n');
    console.info(
      `first run: URL after ${((Date.now() - t0) / 1000).toFixed(0)} s\n${output.filter((l) => /Renderer|first start|seeded|\[seed\]/.test(l)).join('\n')}`,
    );
    // What a person saw: the renderer built (a fresh clone has none), the stages with an estimate.
    expect(said).toMatch(/Building the renderer \(no earlier build recorded\)|Renderer sources changed/);
    expect(said).toMatch(/\[bank-api\] first start: applications [\d,]+ \/ [\d,]+ \(stage 4 of 6\) — about .+ left/);
    expect(said).toContain(`Bank API log: ${join(dataDir, 'logs', 'bank-api.log')}`);

    // The URL answers with the app; the per-run secret rides in its fragment.
    const url = new URL(openUrl);
    const secret = new URLSearchParams(url.hash.slice(1)).get('k');
    expect(secret).toBeTruthy();
    const page = await fetch(`${url.origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"');
    const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? ''; // the browser key the page sets

    // Sign-in through the web host's IPC transport, as the browser does.
    const client = randomUUID();
    const ipc = async (channel: string, body: unknown) =>
      (await (
        await fetch(`${url.origin}/ipc/${channel}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-workstation-secret': secret!,
            'x-workstation-client': client,
            cookie,
          },
          body: JSON.stringify(body),
        })
      ).json()) as { ok: boolean; value?: { user: { username: string } | null }; error?: unknown };
    const login = await ipc('session.login', { username: 'approver1', password: 'demo-pass' });
    expect(login, JSON.stringify(login)).toMatchObject({ ok: true, value: { user: { username: 'approver1' } } });

    // The sandbox, counted in its database once the app has shut down.
    await stopWeb();
    const db = await openDatabase({ dataDir: join(dataDir, 'db') });
    try {
      const n = async (t: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0]!.n;
      const e = await n('enterprises');
      const l = await n('loans');
      // "~" in the README: within 10 %; the applications are stated exactly.
      expect(Math.abs(e - enterprises!) / enterprises!, `${e} enterprises`).toBeLessThanOrEqual(0.1);
      expect(Math.abs(l - loans!) / loans!, `${l} loans`).toBeLessThanOrEqual(0.1);
      expect(await n('applications')).toBe(applications);
      const marker = await db.query<{ value: string }>("SELECT value FROM meta WHERE key = 'sandbox_seed'");
      expect(JSON.parse(marker.rows[0]!.value)).toMatchObject({ state: 'complete' });
    } finally {
      await db.close();
    }
    const log = readFileSync(join(dataDir, 'logs', 'bank-api.log'), 'utf8');
    expect(log).toContain('"msg":"Server listening at');
    expect(existsSync(join(clone, 'out', 'renderer', '.inputs.sha256'))).toBe(true);
  }, 1_800_000);
});
