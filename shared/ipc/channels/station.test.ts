import { describe, expect, it } from 'vitest';
import { newerStationState, type StationState } from './station';

const state = (locked: boolean, version: number): StationState => ({
  lock: { enabled: true, locked, idleMinutes: 10, remainingMs: locked ? null : 600_000, attemptsLeft: 5, version },
  notifications: { available: false, enabled: false },
});

describe('newerStationState: answers out of order', () => {
  it('an input report answered "unlocked" after "lock now" answered "locked" keeps the lock', () => {
    const locked = state(true, 8);
    const staleInput = state(false, 7);
    expect(newerStationState(locked, staleInput)).toBe(locked);
  });

  it('a newer answer replaces what is held, in either direction; the first answer is taken', () => {
    expect(newerStationState(state(true, 8), state(false, 9)).lock.locked).toBe(false);
    expect(newerStationState(state(false, 8), state(true, 9)).lock.locked).toBe(true);
    expect(newerStationState(undefined, state(false, 1)).lock.version).toBe(1);
  });

  it('the same version (a poll with nothing changed) takes the fresh answer for its remaining time', () => {
    const next = { ...state(false, 8), lock: { ...state(false, 8).lock, remainingMs: 1000 } };
    expect(newerStationState(state(false, 8), next)).toBe(next);
  });
});
