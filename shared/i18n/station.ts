import type { stationZhCN } from './station.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type StationMessages = Widen<typeof stationZhCN>;
