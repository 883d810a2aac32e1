import type { warningsZhCN } from './warnings.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type WarningsMessages = Widen<typeof warningsZhCN>;
