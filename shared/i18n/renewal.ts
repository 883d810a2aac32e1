import type { renewalZhCN } from './renewal.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type RenewalMessages = Widen<typeof renewalZhCN>;
