import type { monitoringZhCN } from './monitoring.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type MonitoringMessages = Widen<typeof monitoringZhCN>;
