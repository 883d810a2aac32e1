import type { deskZhCN } from './desk.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type DeskMessages = Widen<typeof deskZhCN>;
