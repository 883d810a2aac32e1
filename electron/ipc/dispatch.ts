import {
  type Channel,
  type IpcError,
  IpcErrorCode,
  type IpcResult,
  ipcContract,
  isChannel,
} from '../../shared/ipc/contract';
import { BankApiError } from '../services/bank-client';
import type { HandlerContext, Handlers } from './handlers';

/**
 * The guard every IPC call passes, whichever transport carried it: the channel must be in the
 * contract, the payload must parse against its schema, and any failure comes back as data.
 */
export async function dispatch(
  table: Handlers,
  channel: unknown,
  payload: unknown,
  ctx: HandlerContext,
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) {
    return fail({
      code: IpcErrorCode.unknownChannel,
      message: `Unknown IPC channel: ${String(channel).slice(0, 80)}`,
      status: 404,
    });
  }
  const parsed = ipcContract[channel].request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || undefined;
    const message =
      issue?.code === 'unrecognized_keys'
        ? `unknown field(s): ${issue.keys.join(', ')}`
        : (issue?.message ?? 'invalid');
    return fail({
      code: IpcErrorCode.invalidRequest,
      message: `${channel}: ${field ? `${field}: ` : ''}${message}`,
      status: 400,
      ...(field ? { field } : {}),
    });
  }
  try {
    const handler = table[channel as Channel] as (req: unknown, ctx: HandlerContext) => Promise<unknown>;
    const value = await handler(parsed.data, ctx);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof BankApiError) {
      return fail({ code: e.code, message: e.message, ...(e.status ? { status: e.status } : {}) });
    }
    console.error(`IPC handler ${channel} failed`, e);
    return fail({
      code: IpcErrorCode.internal,
      message: 'The workstation failed to handle the request; see the main-process log.',
      status: 500,
    });
  }
}

const fail = (error: IpcError): IpcResult<never> => ({ ok: false, error });
