import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUEUE_LAYOUT } from '../../shared/ipc/channels/queue';
import { SseParser } from '../../shared/ipc/sse';
import { toWorkstationEvent } from './bank-events';
import {
  BackedWorkspaceStore,
  JsonFileWorkspaceBackend,
  MAX_DRAFTS_PER_USER,
  memoryWorkspaceStore,
} from './workspace-store';

const draft = (n: number) => ({
  action: 'approve' as const,
  fields: { amount: `${n}.00`, conditions: ['按月报送财务报表'] },
  version: 1,
  updatedAt: new Date(Date.UTC(2026, 10, 1) + n * 1000).toISOString(),
});

describe('drafts and queue layout kept by main', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('survives a restart (a new store on the same file) and keeps users apart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-'));
    dirs.push(dir);
    const file = join(dir, 'workspace.json');
    const a = new BackedWorkspaceStore(new JsonFileWorkspaceBackend(file));
    a.setDraft('u1', 'APP-1', draft(1));
    a.setLayout('u1', { ...DEFAULT_QUEUE_LAYOUT, lane: 'standard', filters: { q: '上海' } });
    const b = new BackedWorkspaceStore(new JsonFileWorkspaceBackend(file));
    expect(b.getDraft('u1', 'APP-1')).toEqual(draft(1));
    expect(b.getDraft('u2', 'APP-1')).toBeNull();
    expect(b.getLayout('u1')).toMatchObject({ lane: 'standard', filters: { q: '上海' } });
    expect(b.getLayout('u2')).toEqual(DEFAULT_QUEUE_LAYOUT);
    b.clearDraft('u1', 'APP-1');
    expect(a.getDraft('u1', 'APP-1')).toBeNull();
  });

  it('keeps the good entries of a damaged file and starts afresh from an unreadable one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-'));
    dirs.push(dir);
    const file = join(dir, 'workspace.json');
    writeFileSync(file, JSON.stringify({ u1: { drafts: { good: draft(2), bad: { action: 'steal' } }, layout: 7 } }));
    const s = new BackedWorkspaceStore(new JsonFileWorkspaceBackend(file));
    expect(s.getDraft('u1', 'good')).toEqual(draft(2));
    expect(s.getDraft('u1', 'bad')).toBeNull();
    expect(s.getLayout('u1')).toEqual(DEFAULT_QUEUE_LAYOUT);
    writeFileSync(file, '{not json');
    expect(s.getDraft('u1', 'good')).toBeNull();
    s.setDraft('u1', 'x', draft(3));
    expect(JSON.parse(readFileSync(file, 'utf8')).u1.drafts.x).toEqual(draft(3));
  });

  it('drops the oldest drafts beyond the per-user cap', () => {
    const s = memoryWorkspaceStore();
    for (let i = 0; i < MAX_DRAFTS_PER_USER + 5; i++) s.setDraft('u1', `APP-${i}`, draft(i));
    expect(s.getDraft('u1', 'APP-0')).toBeNull();
    expect(s.getDraft('u1', 'APP-4')).toBeNull();
    expect(s.getDraft('u1', 'APP-5')).not.toBeNull();
    expect(s.getDraft('u1', `APP-${MAX_DRAFTS_PER_USER + 4}`)).not.toBeNull();
  });
});

describe('bank API events', () => {
  it('parses server-sent events split anywhere across chunks, skipping comments', () => {
    const p = new SseParser();
    const text =
      'retry: 3000\n: connected\n\nevent: application.created\ndata: {"id":"APP-1","status":"in_review","tier":"fast","branchId":"SH","version":1}\n\n: heartbeat\n\n';
    const out = [];
    for (let i = 0; i < text.length; i += 7) out.push(...p.push(text.slice(i, i + 7)));
    expect(out).toHaveLength(1);
    expect(toWorkstationEvent(out[0]!)).toEqual({
      type: 'application.created',
      id: 'APP-1',
      status: 'in_review',
      tier: 'fast',
      branchId: 'SH',
      version: 1,
    });
  });

  it('drops events that do not match the contract', () => {
    expect(toWorkstationEvent({ event: 'application.updated', data: '{"id":1}' })).toBeNull();
    expect(toWorkstationEvent({ event: 'stream.status', data: '{"connected":true}' })).toBeNull();
    expect(toWorkstationEvent({ event: 'application.updated', data: 'nope' })).toBeNull();
  });
});
