/**
 * The one handler table behind the IPC contract, merged from each feature's handlers. Both transports —
 * Electron's ipcMain and the browser-mode web host — call these same functions through `dispatch`.
 */
import type { Handlers } from './context';
import { caseHandlers } from './handlers-by-feature/cases';
import { contractHandlers } from './handlers-by-feature/contracts';
import { compareHandlers, dashboardHandlers } from './handlers-by-feature/dashboards';
import { homeHandlers } from './handlers-by-feature/home';
import { draftHandlers, queueHandlers } from './handlers-by-feature/queue';
import { sessionHandlers } from './handlers-by-feature/session';

export type { HandlerContext, Handlers } from './context';

export const handlers: Handlers = {
  ...sessionHandlers,
  ...contractHandlers,
  ...queueHandlers,
  ...caseHandlers,
  ...draftHandlers,
  ...dashboardHandlers,
  ...compareHandlers,
  ...homeHandlers,
};
