import type { authorityZhCN } from './authority.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type AuthorityMessages = Widen<typeof authorityZhCN>;
