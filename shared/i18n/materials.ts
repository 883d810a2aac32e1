import type { materialsZhCN } from './materials.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type MaterialsMessages = Widen<typeof materialsZhCN>;
