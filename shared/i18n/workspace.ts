import type { workspaceZhCN } from './workspace.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type WorkspaceMessages = Widen<typeof workspaceZhCN>;
