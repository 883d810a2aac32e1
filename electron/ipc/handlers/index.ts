/**
 * The one handler table behind the IPC contract, merged from each feature's handlers: `<feature>.ts`
 * here, named as its channels file in shared/ipc/channels/ and its folder in renderer/features/. Both
 * transports — Electron's ipcMain and the browser-mode web host — call these same functions through
 * `dispatch`.
 */
import type { Handlers } from '../context';
import { caseHandlers } from './case';
import { compareHandlers } from './compare';
import { contractHandlers } from './contracts';
import { dashboardHandlers } from './dashboards';
import { authorityHandlers } from './authority';
import { homeHandlers } from './home';
import { queueHandlers } from './queue';
import { ruleHandlers } from './rules';
import { sessionHandlers } from './session';

export type { HandlerContext, Handlers } from '../context';

export const handlers: Handlers = {
  ...sessionHandlers,
  ...contractHandlers,
  ...queueHandlers,
  ...caseHandlers,
  ...dashboardHandlers,
  ...compareHandlers,
  ...homeHandlers,
  ...authorityHandlers,
  ...ruleHandlers,
};
