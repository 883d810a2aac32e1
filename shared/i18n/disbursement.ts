import type { disbursementZhCN } from './disbursement.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type DisbursementMessages = Widen<typeof disbursementZhCN>;
