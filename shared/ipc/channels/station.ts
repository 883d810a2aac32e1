/**
 * The shared desk over IPC (electron/desk/): the idle lock — the renderer reports input, asks whether
 * the screen is locked, and unlocks with the password, which main checks with the bank API — and each
 * user's opt-in to OS notifications. Main keeps the session while locked and refuses every other
 * channel but the few a lock screen needs (electron/desk/lock-guard.ts).
 */
import { z } from 'zod';
import { LoginRequestSchema } from '../../api/auth';

export const StationStateSchema = z.object({
  lock: z.object({
    /** False when the machine's settings turn the lock off (0 minutes). */
    enabled: z.boolean(),
    locked: z.boolean(),
    idleMinutes: z.number().int().min(0),
    /** Until the lock, or null when off or locked. */
    remainingMs: z.number().int().nullable(),
    /** Wrong passwords left before the session is ended. */
    attemptsLeft: z.number().int().min(0),
    /**
     * Grows with every change of the lock: of two answers that arrive out of order (an input report
     * sent just before "lock now"), the renderer keeps the one with the higher version.
     */
    version: z.number().int().min(0),
  }),
  notifications: z.object({
    /** Whether this host shows OS notifications (the desktop app; not browser mode). */
    available: z.boolean(),
    /** The signed-in user's choice (off by default). */
    enabled: z.boolean(),
  }),
});
export type StationState = z.infer<typeof StationStateSchema>;

/**
 * Of two lock states, the newer by the host's version. Answers can arrive out of order — the input report
 * sent on the pointer-down of the very click that locks, or a poll in flight — and an older "unlocked"
 * must not hide the lock screen until the next poll.
 */
export function newerStationState(held: StationState | undefined, next: StationState): StationState {
  return held !== undefined && held.lock.version > next.lock.version ? held : next;
}

const Empty = z.strictObject({});

export const stationChannels = {
  'station.state': { request: Empty, response: StationStateSchema },
  /** The user's input (keys, pointer, wheel), reported at most every few seconds: restarts the idle time. */
  'station.activity': { request: Empty, response: StationStateSchema },
  /** Lock now (the user steps away). */
  'station.lock': { request: Empty, response: StationStateSchema },
  /** The signed-in user's password, checked by the bank API; right: unlocked. */
  'station.unlock': {
    request: z.strictObject({ password: LoginRequestSchema.shape.password }),
    response: StationStateSchema,
  },
  'station.notifications.set': { request: z.strictObject({ enabled: z.boolean() }), response: StationStateSchema },
} as const;
export type StationChannel = keyof typeof stationChannels;

/** Error codes of the shared desk. */
export const StationErrorCode = {
  /** The screen is locked: every channel but the lock screen's is refused until the password is given. */
  locked: 'station.locked',
  /** Too many wrong passwords on the lock screen: the session was ended at the bank. */
  signedOut: 'station.signed_out',
  /** This host shows no OS notifications (browser mode). */
  unavailable: 'station.unavailable',
} as const;
