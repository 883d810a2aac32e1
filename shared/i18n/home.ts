import type { homeZhCN } from './home.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type HomeMessages = Widen<typeof homeZhCN>;
