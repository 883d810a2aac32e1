/**
 * The one handler table behind the IPC contract, merged from each feature's handlers: `<feature>.ts`
 * here, named as its channels file in shared/ipc/channels/ and its folder in renderer/features/. Both
 * transports — Electron's ipcMain and the browser-mode web host — call these same functions through
 * `dispatch`.
 */
import { withIdleLock } from '../../desk/lock-guard';
import type { Handlers } from '../context';
import { authorityHandlers } from './authority';
import { caseHandlers } from './case';
import { classificationHandlers } from './classification';
import { compareHandlers } from './compare';
import { contractHandlers } from './contracts';
import { dashboardHandlers } from './dashboards';
import { disbursementHandlers } from './disbursement';
import { homeHandlers } from './home';
import { loanHandlers } from './loans';
import { monitoringHandlers } from './monitoring';
import { policyHandlers } from './policy';
import { queueHandlers } from './queue';
import { renewalHandlers } from './renewal';
import { ruleHandlers } from './rules';
import { sessionHandlers } from './session';
import { stationHandlers } from './station';
import { warningHandlers } from './warnings';
import { workspaceHandlers } from './workspace';

export type { HandlerContext, Handlers } from '../context';

// The shared desk's idle lock wraps every handler (electron/desk/lock-guard.ts).
export const handlers: Handlers = withIdleLock({
  ...sessionHandlers,
  ...contractHandlers,
  ...queueHandlers,
  ...caseHandlers,
  ...dashboardHandlers,
  ...monitoringHandlers,
  ...compareHandlers,
  ...homeHandlers,
  ...workspaceHandlers,
  ...authorityHandlers,
  ...ruleHandlers,
  ...policyHandlers,
  ...stationHandlers,
  ...disbursementHandlers,
  ...warningHandlers,
  ...loanHandlers,
  ...renewalHandlers,
  ...classificationHandlers,
});
