import type { HomeCase } from '../../../shared/api/home';
import type { QueueLane } from '../../../shared/ipc/channels/queue';

/** The queue lane a case sits in: returned, the senior lane for a case escalated to a senior approver, else its tier. */
export const laneOf = (c: HomeCase | undefined, fallback: QueueLane): QueueLane =>
  !c
    ? fallback
    : c.status === 'returned'
      ? 'returned'
      : c.status === 'escalated' && c.escalatedTo === 'senior_approver'
        ? 'senior'
        : (c.tier as QueueLane);
