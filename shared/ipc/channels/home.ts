/** The home screen over IPC: main forwards to the bank API, which computes and scopes every figure. */
import { z } from 'zod';
import { HomeSummarySchema } from '../../api/home';

export const homeChannels = {
  /** What the signed-in user needs to start the day, shaped by their roles. */
  'home.summary': { request: z.strictObject({}), response: HomeSummarySchema },
} as const;
export type HomeChannel = keyof typeof homeChannels;
