import { describe, expect, it } from 'vitest';
import { HashingGate, type Release } from './hashing-gate';

describe('HashingGate', () => {
  it('runs at most its concurrency, queues up to its bound per lane, and refuses the rest at once', async () => {
    const gate = new HashingGate(2, 2);
    const running = [gate.enter('other'), gate.enter('other')];
    const waiting = [gate.enter('other'), gate.enter('other')];
    expect(running.every(Boolean) && waiting.every(Boolean)).toBe(true);
    expect(gate.enter('other')).toBeUndefined();
    expect(gate.load).toEqual({ running: 2, known: 0, other: 2 });

    const order: number[] = [];
    void waiting[0]!.then(() => order.push(0));
    void waiting[1]!.then(() => order.push(1));
    const [r0, r1] = (await Promise.all(running)) as Release[];
    r0!();
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0]);
    // The slot passed on: still two running, one waiting, and room again in the queue.
    expect(gate.load).toEqual({ running: 2, known: 0, other: 1 });
    r1!();
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1]);
    for (const w of waiting) (await w!)();
    expect(gate.load).toEqual({ running: 0, known: 0, other: 0 });
  });

  it('serves the known lane first, with its own queue a flood of others cannot fill', async () => {
    const gate = new HashingGate(1, 3);
    const first = await gate.enter('other')!;
    const others = [gate.enter('other'), gate.enter('other'), gate.enter('other')];
    expect(gate.enter('other')).toBeUndefined();
    const known = gate.enter('known');
    expect(known).toBeDefined();
    const served: string[] = [];
    void known!.then((r) => {
      served.push('known');
      r();
    });
    for (const o of others) {
      void o!.then((r) => {
        served.push('other');
        r();
      });
    }
    first();
    await new Promise((r) => setImmediate(r));
    expect(served).toEqual(['known', 'other', 'other', 'other']);
    expect(gate.load).toEqual({ running: 0, known: 0, other: 0 });
  });

  it('ignores a second release of one slot', async () => {
    const gate = new HashingGate(1, 0);
    const r = await gate.enter('other')!;
    r();
    r();
    const again = await gate.enter('other')!;
    expect(gate.enter('other')).toBeUndefined();
    again();
  });
});
