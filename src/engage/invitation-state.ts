import type { InviteData } from '../protocol/notification.ts';

/**
 * One invitation's life as plain data: offered → shown → accepted | rejected | timed-out, or revoked
 * at any point before an answer. Anything else is ignored, so a late click cannot undo a timeout.
 */
export type InvitationStatus =
  | 'offered'
  | 'shown'
  | 'accepted'
  | 'rejected'
  | 'timed-out'
  | 'revoked';

export interface Invitation {
  status: InvitationStatus;
  invite: InviteData;
  /** Whether the server offered it (proactive) or the page asked for it with `['invite', ...]`. */
  proactive: boolean;
}

export type InvitationAction = 'show' | 'accept' | 'reject' | 'timeout' | 'revoke';

const MOVES: Record<InvitationAction, { from: readonly InvitationStatus[]; to: InvitationStatus }> =
  {
    show: { from: ['offered'], to: 'shown' },
    accept: { from: ['shown'], to: 'accepted' },
    reject: { from: ['shown'], to: 'rejected' },
    timeout: { from: ['shown'], to: 'timed-out' },
    revoke: { from: ['offered', 'shown'], to: 'revoked' },
  };

export function nextInvitation(invitation: Invitation, action: InvitationAction): Invitation {
  const move = MOVES[action];
  return move.from.includes(invitation.status) ? { ...invitation, status: move.to } : invitation;
}

/** The event a status is reported as, GWE-style; `offered` and `revoked` are the server's own news. */
export const OUTCOME_EVENTS: Partial<Record<InvitationStatus, string>> = {
  shown: 'InviteShown',
  accepted: 'InviteAccepted',
  rejected: 'InviteRejected',
  'timed-out': 'InviteTimedOut',
};

export const isOpen = (invitation: Invitation) =>
  invitation.status === 'offered' || invitation.status === 'shown';
