/**
 * A bound on concurrent password checks. scrypt runs on libuv's thread pool (4 threads by default), which
 * the database driver and the file system share: unbounded, a flood of sign-ins queues there and every
 * sign-in — and every other request that needs a thread — waits seconds. The gate lets a few checks run
 * at once, keeps a short queue, and refuses the rest at once (the route answers 503 `busy`), so waiting
 * is bounded by the queue length × one check.
 *
 * Two lanes: `known` is a sign-in from an address where the same account signed in before (the real
 * user at their desk), `other` is everything else. Known waiters are served first and have their own
 * queue, so a flood of strangers' guesses cannot fill the queue in front of them.
 */
import { availableParallelism } from 'node:os';

export type HashingLane = 'known' | 'other';

/**
 * Password checks running at once: one core stays for the event loop (on 2 cores, 2 concurrent checks
 * doubled a legitimate sign-in's wait under a flood in bench/login.bench.ts), and at most 2 of libuv's
 * 4 threads, so two stay free for the database and files.
 */
export const HASH_CONCURRENCY = Math.max(1, Math.min(2, availableParallelism() - 1));
/** Waiting checks per lane: a waiter's delay is at most about queue ÷ concurrency × one check (~50 ms). */
export const HASH_QUEUE_PER_LANE = 8;

export type Release = () => void;

export class HashingGate {
  private running = 0;
  private readonly queues: Record<HashingLane, Array<(release: Release) => void>> = { known: [], other: [] };

  constructor(
    readonly concurrency = HASH_CONCURRENCY,
    readonly queuePerLane = HASH_QUEUE_PER_LANE,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('hash concurrency must be at least 1');
    if (!Number.isInteger(queuePerLane) || queuePerLane < 0) throw new Error('hash queue must be 0 or more');
  }

  /**
   * A slot for one password check: resolves with its release once it may run; `undefined` at once when
   * the lane's queue is full (the caller answers busy without waiting).
   */
  enter(lane: HashingLane): Promise<Release> | undefined {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    const queue = this.queues[lane];
    if (queue.length >= this.queuePerLane) return undefined;
    return new Promise<Release>((resolve) => queue.push(resolve));
  }

  /** Checks running and waiting, for tests and the bench. */
  get load() {
    return { running: this.running, known: this.queues.known.length, other: this.queues.other.length };
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queues.known.shift() ?? this.queues.other.shift();
      // The slot passes straight to the next waiter; otherwise it frees up.
      if (next) next(this.releaser());
      else this.running--;
    };
  }
}
