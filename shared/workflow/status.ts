/**
 * The application status machine (SPEC §4). Every transition the bank API makes is checked here; an
 * illegal one is refused with a DomainError that names both states.
 */
import { z } from 'zod';
import { DomainError } from '../errors';

export const STATUSES = [
  'submitted',
  'screened',
  'auto_approved',
  'auto_declined',
  'in_review',
  'approved',
  'declined',
  'returned',
  'escalated',
  'committee',
  'contracting',
  'signed',
  'disbursed',
  'withdrawn',
  'expired',
] as const;
export const StatusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof StatusSchema>;

export const TIERS = ['instant', 'fast', 'standard', 'committee'] as const;
export const TierSchema = z.enum(TIERS);
export type Tier = z.infer<typeof TierSchema>;

/** Open states: a case still in someone's hands (withdrawal and expiry apply only to these). */
export const OPEN_STATUSES: readonly Status[] = [
  'submitted',
  'screened',
  'in_review',
  'returned',
  'escalated',
  'committee',
];

const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  submitted: ['screened', 'withdrawn', 'expired'],
  screened: ['auto_approved', 'auto_declined', 'in_review', 'withdrawn', 'expired'],
  auto_approved: ['contracting'],
  auto_declined: [],
  // in_review → in_review: the first of two signatures on a standard case changes no status.
  // in_review → committee: a case routed to the committee tier opens its committee with the first vote.
  in_review: ['in_review', 'approved', 'declined', 'returned', 'escalated', 'committee', 'withdrawn', 'expired'],
  returned: ['in_review', 'withdrawn', 'expired'],
  // escalated: waiting for a senior approver (escalated_to = senior_approver), who approves or declines
  // within their authority, returns it, or escalates it further (escalated → escalated, now to the
  // committee); or for the committee, whose first vote opens it (escalated → committee).
  escalated: ['escalated', 'committee', 'approved', 'declined', 'returned', 'withdrawn', 'expired'],
  committee: ['committee', 'approved', 'declined', 'withdrawn', 'expired'],
  approved: ['contracting'],
  declined: [],
  contracting: ['signed'],
  signed: ['disbursed'],
  disbursed: [],
  withdrawn: [],
  expired: [],
};

export function canTransition(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: Status, to: Status): void {
  if (!canTransition(from, to)) {
    throw new DomainError(
      'workflow.illegal_transition',
      `An application in status "${from}" cannot move to "${to}".`,
      'status',
      {
        from,
        to,
        allowed: TRANSITIONS[from],
      },
    );
  }
}

export const DECISION_ACTIONS = ['approve', 'decline', 'return', 'escalate', 'vote'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];
