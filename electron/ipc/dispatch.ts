import type { z } from 'zod';
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
 * contract, the payload must parse against its request schema, the handler's answer must parse against
 * its response schema (an answer of another shape is a failure, never passed on), and any failure comes
 * back as data.
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
    const { field, message } = firstIssue(parsed.error);
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
    const answer = ipcContract[channel].response.safeParse(value);
    if (answer.success) return { ok: true, value: answer.data };
    const { field, message } = firstIssue(answer.error);
    // The channel and the field, never the value: answers carry customers' names and ID numbers.
    console.error(
      `IPC handler ${channel} answered a shape its channel does not declare, at ${field || '(root)'}: ${message}`,
    );
    return fail({
      code: IpcErrorCode.contractMismatch,
      message: `${channel}: the workstation's answer does not match its contract (${field || '(root)'}: ${message}); see the main-process log.`,
      status: 500,
      ...(field ? { field } : {}),
    });
  } catch (e) {
    if (e instanceof BankApiError) {
      const reasonZh = (e.problem as { reasonZh?: unknown } | undefined)?.reasonZh;
      return fail({
        code: e.code,
        message: e.message,
        ...(e.status ? { status: e.status } : {}),
        ...(e.field ? { field: e.field } : {}),
        ...(typeof reasonZh === 'string' && reasonZh ? { reasonZh } : {}),
      });
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

/** The first issue of a failed parse: its dotted path ('' at the root) and a message that carries no value. */
function firstIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  const message =
    issue?.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : (issue?.message ?? 'invalid');
  return { field, message };
}
