import type { accuracyZhCN } from './accuracy.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type AccuracyMessages = Widen<typeof accuracyZhCN>;
