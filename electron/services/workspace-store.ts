/**
 * What main keeps per user for the approver's desk: unfinished decision drafts per case, and the queue
 * layout (lane, columns, sort, filters). One implementation over a small backend, so Electron
 * (electron-store) and the web host (a JSON file) behave the same, and tests use memory.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DecisionDraft, DecisionDraftSchema } from '../../shared/ipc/channels/case';
import { DEFAULT_QUEUE_LAYOUT, type QueueLayout, QueueLayoutSchema } from '../../shared/ipc/channels/queue';

/** Drafts kept per user; the oldest go first beyond this (a desk has tens of open cases, not hundreds). */
export const MAX_DRAFTS_PER_USER = 200;

export interface UserWorkspace {
  drafts: Record<string, DecisionDraft>;
  layout?: QueueLayout;
}
export type WorkspaceData = Record<string, UserWorkspace>;

export interface WorkspaceBackend {
  read(): unknown;
  write(data: WorkspaceData): void;
}

export interface WorkspaceStore {
  getDraft(userId: string, caseId: string): DecisionDraft | null;
  setDraft(userId: string, caseId: string, draft: DecisionDraft): void;
  clearDraft(userId: string, caseId: string): void;
  getLayout(userId: string): QueueLayout;
  setLayout(userId: string, layout: QueueLayout): QueueLayout;
}

/** Keeps whatever parses and drops the rest, entry by entry: a damaged file never loses good drafts. */
export function normaliseWorkspace(raw: unknown): WorkspaceData {
  const out: WorkspaceData = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [userId, ws] of Object.entries(raw as Record<string, unknown>)) {
    if (!ws || typeof ws !== 'object') continue;
    const w = ws as { drafts?: unknown; layout?: unknown };
    const drafts: Record<string, DecisionDraft> = {};
    for (const [caseId, d] of Object.entries((w.drafts as Record<string, unknown>) ?? {})) {
      const p = DecisionDraftSchema.safeParse(d);
      if (p.success) drafts[caseId] = p.data;
    }
    const layout = QueueLayoutSchema.safeParse(w.layout);
    out[userId] = { drafts, ...(layout.success ? { layout: layout.data } : {}) };
  }
  return out;
}

export class BackedWorkspaceStore implements WorkspaceStore {
  constructor(private readonly backend: WorkspaceBackend) {}

  private load(): WorkspaceData {
    try {
      return normaliseWorkspace(this.backend.read());
    } catch {
      return {};
    }
  }

  private update(userId: string, fn: (w: UserWorkspace) => UserWorkspace) {
    const data = this.load();
    data[userId] = fn(data[userId] ?? { drafts: {} });
    this.backend.write(data);
  }

  getDraft(userId: string, caseId: string) {
    return this.load()[userId]?.drafts[caseId] ?? null;
  }

  setDraft(userId: string, caseId: string, draft: DecisionDraft) {
    this.update(userId, (w) => {
      const drafts = { ...w.drafts, [caseId]: draft };
      const ids = Object.keys(drafts).sort((a, b) => drafts[a]!.updatedAt.localeCompare(drafts[b]!.updatedAt));
      for (const id of ids.slice(0, Math.max(0, ids.length - MAX_DRAFTS_PER_USER))) delete drafts[id];
      return { ...w, drafts };
    });
  }

  clearDraft(userId: string, caseId: string) {
    this.update(userId, (w) => {
      const drafts = { ...w.drafts };
      delete drafts[caseId];
      return { ...w, drafts };
    });
  }

  getLayout(userId: string) {
    return this.load()[userId]?.layout ?? structuredClone(DEFAULT_QUEUE_LAYOUT);
  }

  setLayout(userId: string, layout: QueueLayout) {
    this.update(userId, (w) => ({ ...w, layout }));
    return layout;
  }
}

export class MemoryWorkspaceBackend implements WorkspaceBackend {
  data: unknown = {};
  read() {
    return structuredClone(this.data);
  }
  write(data: WorkspaceData) {
    this.data = structuredClone(data);
  }
}

/** The web host's counterpart of electron-store: one JSON file, written atomically (temp + rename). */
export class JsonFileWorkspaceBackend implements WorkspaceBackend {
  constructor(private readonly file: string) {}
  read(): unknown {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      return {};
    }
  }
  write(data: WorkspaceData) {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, this.file);
  }
}

export const memoryWorkspaceStore = () => new BackedWorkspaceStore(new MemoryWorkspaceBackend());
