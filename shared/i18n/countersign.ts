import type { countersignZhCN } from './countersign.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type CountersignMessages = Widen<typeof countersignZhCN>;
