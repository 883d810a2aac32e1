/**
 * GET /api/v1/events — server-sent queue events within the caller's scope. A stream lives no longer
 * than its session (issue 13):
 * - signing out ends it at once: the sessions table announces a revoked or deleted session on
 *   SESSION_ENDED_CHANNEL (migration 0012), and every API instance closes that session's streams;
 * - every heartbeat resolves the token again, so an expired session (or a deactivated user, or a
 *   missed announcement) ends the stream within one heartbeat;
 * - one user holds at most `streamsPerUser` streams per instance; a further one is refused with 429
 *   `too_many_streams` (refused rather than evicting the oldest: a client that reconnects on close
 *   would otherwise evict another of the user's streams, and so on in a loop).
 * A stream that ends sends `event: stream.end` with the reason first.
 */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { SessionService, sessionTokenHash } from '../auth/sessions';
import type { Database } from '../db/database';
import { limitReached, unauthorized } from '../http/problems';
import { defineRoute } from '../http/routes';
import type { EventHub } from '../workflow/events';
import { canRead, type ReadScope, readScope } from '../workflow/scope';

export const SSE_HEARTBEAT_MS = 15_000;
/** Open event streams one user may hold on one API instance (a browser tab or a desktop app each). */
export const SSE_STREAMS_PER_USER = 5;
/** Where the sessions table's triggers announce an ended session, by token hash (migration 0012). */
export const SESSION_ENDED_CHANNEL = 'session_ended';

export interface EventStreamOptions {
  /** How often the stream is kept alive and its session checked (default SSE_HEARTBEAT_MS). */
  heartbeatMs?: number;
  /** Default SSE_STREAMS_PER_USER. */
  streamsPerUser?: number;
}

export type StreamEndReason = 'session_ended' | 'resync';

interface OpenStream {
  userId: string;
  tokenHash: string;
  end(reason: StreamEndReason): void;
}

/** This instance's open streams: counted per user, ended per session. */
class OpenStreams {
  private readonly streams = new Set<OpenStream>();
  private listening: Promise<unknown> | null = null;

  constructor(private readonly db: Database) {}

  countOf(userId: string): number {
    let n = 0;
    for (const s of this.streams) if (s.userId === userId) n++;
    return n;
  }

  /** Listens for ended sessions from the first stream on (once per instance; the database's close ends it). */
  listen(): Promise<unknown> {
    this.listening ??= this.db
      .listen(SESSION_ENDED_CHANNEL, (tokenHash) => this.endSession(tokenHash))
      .catch((e) => {
        this.listening = null;
        throw e;
      });
    return this.listening;
  }

  add(s: OpenStream) {
    this.streams.add(s);
  }

  remove(s: OpenStream) {
    this.streams.delete(s);
  }

  endSession(tokenHash: string) {
    for (const s of [...this.streams]) if (s.tokenHash === tokenHash) s.end('session_ended');
  }

  endAll(reason: StreamEndReason) {
    for (const s of [...this.streams]) s.end(reason);
  }
}

export function eventRoutes(db: Database, hub: EventHub, opts: EventStreamOptions = {}) {
  const heartbeatMs = opts.heartbeatMs ?? SSE_HEARTBEAT_MS;
  const streamsPerUser = opts.streamsPerUser ?? SSE_STREAMS_PER_USER;
  const sessions = new SessionService(db);
  const open = new OpenStreams(db);
  // LISTEN came back after a loss: events were missed, so clients reconnect and read again.
  hub.onResync(() => open.endAll('resync'));

  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/events',
      summary: `Server-sent events: queue changes to cases you may read (application.created / application.updated). The stream ends with its session; at most ${streamsPerUser} per user (429 too_many_streams).`,
      tags: ['events'],
      // Relationship managers too: their branch's cases and, as service officer (首席服务官), their
      // clients' cases wherever booked (issue 15 item 6).
      access: ['approver', 'senior_approver', 'committee', 'contract_officer', 'supervisor', 'relationship_manager'],
      response: z.unknown(),
      async handler({ user, token, req, reply }) {
        if (open.countOf(user.id) >= streamsPerUser) {
          throw limitReached(
            'too_many_streams',
            `You already have ${streamsPerUser} event streams open; close a window of the workstation or sign out elsewhere.`,
            { limit: streamsPerUser },
          );
        }
        // The slot is taken before anything is awaited, so two requests at once cannot both pass the cap.
        let res: ServerResponse | null = null;
        let beat: NodeJS.Timeout | undefined;
        let unsubscribe: (() => void) | undefined;
        let ended = false;
        const cleanup = () => {
          ended = true;
          clearInterval(beat);
          unsubscribe?.();
          open.remove(stream);
        };
        const stream: OpenStream = {
          userId: user.id,
          tokenHash: sessionTokenHash(token ?? ''),
          end(reason) {
            if (ended) return;
            res?.write(`event: stream.end\ndata: ${JSON.stringify({ reason })}\n\n`);
            res?.end();
            cleanup();
          },
        };
        open.add(stream);
        let scope: ReadScope;
        try {
          // The read rule of the queue and the case itself (workflow/scope.ts): an event for a case the
          // user could not open is not sent, so counts and live rows never show what a read would refuse.
          scope = await readScope(db, user);
          await open.listen();
        } catch (e) {
          cleanup();
          throw e;
        }
        if (ended) throw unauthorized('The session has expired or was ended. Sign in again.');

        reply.hijack();
        res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write(`retry: 3000\n: connected\n\n`);
        unsubscribe = hub.subscribe((e) => {
          if (canRead(scope, e)) res?.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
        });
        let checking = false;
        beat = setInterval(async () => {
          if (checking || ended) return;
          // A client gone before its close listener was added must not hold a place under the cap.
          if (res?.destroyed) return cleanup();
          checking = true;
          try {
            if (!(await sessions.resolve(token ?? ''))) return stream.end('session_ended');
          } catch {
            // The database is away: no events flow meanwhile either; the next heartbeat asks again.
          } finally {
            checking = false;
          }
          if (!ended) res?.write(': heartbeat\n\n');
        }, heartbeatMs);
        req.raw.on('close', cleanup);
        res.on('close', cleanup);
        if (res.destroyed) cleanup();
        return undefined;
      },
    }),
  ];
}
