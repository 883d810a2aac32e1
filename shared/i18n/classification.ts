import type { classificationZhCN } from './classification.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type ClassificationMessages = Widen<typeof classificationZhCN>;
