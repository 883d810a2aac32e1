import type { loansZhCN } from './loans.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type LoansMessages = Widen<typeof loansZhCN>;
