import { expect } from 'chai';
import { CAP_MIN_GAP_MS, capAfter, capAllows } from '../../src/engage/frequency-cap.ts';
import {
  type Invitation,
  nextInvitation,
  OUTCOME_EVENTS,
} from '../../src/engage/invitation-state.ts';
import {
  nextStream,
  STREAM_RETRY_MAX_MS,
  type StreamState,
} from '../../src/notify/stream-state.ts';
import type { InviteData } from '../../src/protocol/notification.ts';

const invite: InviteData = {
  engagementID: 'E'.repeat(32),
  type: 'chat',
  title: 'Hi',
  message: 'Chat?',
};
const offered: Invitation = { status: 'offered', invite, proactive: true };

describe('the invitation state machine', () => {
  it('goes offered → shown → accepted, rejected or timed out', () => {
    const shown = nextInvitation(offered, 'show');
    expect(shown.status).to.equal('shown');
    expect(nextInvitation(shown, 'accept').status).to.equal('accepted');
    expect(nextInvitation(shown, 'reject').status).to.equal('rejected');
    expect(nextInvitation(shown, 'timeout').status).to.equal('timed-out');
  });

  it('can be revoked until answered, and ignores anything after an answer', () => {
    expect(nextInvitation(offered, 'revoke').status).to.equal('revoked');
    expect(nextInvitation(nextInvitation(offered, 'show'), 'revoke').status).to.equal('revoked');
    const timedOut = nextInvitation(nextInvitation(offered, 'show'), 'timeout');
    for (const late of ['accept', 'reject', 'revoke', 'show'] as const) {
      expect(nextInvitation(timedOut, late)).to.equal(timedOut);
    }
    expect(nextInvitation(offered, 'accept')).to.equal(offered);
  });

  it('reports each answer as the GWE-style event', () => {
    expect(OUTCOME_EVENTS).to.deep.equal({
      shown: 'InviteShown',
      accepted: 'InviteAccepted',
      rejected: 'InviteRejected',
      'timed-out': 'InviteTimedOut',
    });
  });
});

describe('the local frequency cap', () => {
  const visit = 'V'.repeat(32);
  const other = { ...invite, engagementID: 'F'.repeat(32) };

  it('allows a first invitation, then not the same one twice', () => {
    expect(capAllows(null, visit, invite, 0)).to.deep.equal({ allowed: true });
    const record = capAfter(null, visit, invite, 'shown', 1000);
    expect(capAllows(record, visit, invite, 1000 + CAP_MIN_GAP_MS * 10)).to.deep.equal({
      allowed: false,
      reason: 'seen',
    });
  });

  it('keeps the minimum gap, and forbids any after a decline or a chat in the visit', () => {
    const shown = capAfter(null, visit, invite, 'shown', 1000);
    expect(capAllows(shown, visit, other, 1000 + CAP_MIN_GAP_MS - 1)).to.deep.equal({
      allowed: false,
      reason: 'too-soon',
    });
    expect(capAllows(shown, visit, other, 1000 + CAP_MIN_GAP_MS)).to.deep.equal({ allowed: true });
    const declined = capAfter(shown, visit, invite, 'declined', 2000);
    expect(capAllows(declined, visit, other, 10 ** 9)).to.deep.equal({
      allowed: false,
      reason: 'declined',
    });
    const chatted = capAfter(shown, visit, invite, 'accepted', 2000);
    expect(capAllows(chatted, visit, other, 10 ** 9)).to.deep.equal({
      allowed: false,
      reason: 'chatted',
    });
    const calledBack = capAfter(shown, visit, { ...invite, type: 'callback' }, 'accepted', 2000);
    expect(capAllows(calledBack, visit, other, 10 ** 9)).to.deep.equal({ allowed: true });
  });

  it('starts afresh in a new visit', () => {
    const declined = capAfter(null, visit, invite, 'declined', 0);
    expect(capAllows(declined, 'W'.repeat(32), other, 1)).to.deep.equal({ allowed: true });
  });
});

describe('the stream connection state machine', () => {
  const run = (events: Parameters<typeof nextStream>[1][], random = () => 1) =>
    events.reduce<StreamState>((state, event) => nextStream(state, event, random), {
      status: 'idle',
    });

  it('connects, opens, and backs off with doubling delays after failures', () => {
    expect(run([{ type: 'start' }])).to.deep.equal({ status: 'connecting', attempt: 0 });
    expect(run([{ type: 'start' }, { type: 'opened' }])).to.deep.equal({
      status: 'open',
      attempt: 0,
    });
    const delays: number[] = [];
    let state = run([{ type: 'start' }]);
    for (let i = 0; i < 8; i++) {
      state = nextStream(state, { type: 'failed', refused: false }, () => 1);
      if (state.status === 'waiting') delays.push(state.delayMs);
      state = nextStream(state, { type: 'retry' });
    }
    expect(delays).to.deep.equal([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(Math.max(...delays)).to.equal(STREAM_RETRY_MAX_MS);
  });

  it('resets the backoff once open, and waits for a new token when refused', () => {
    const reopened = run([
      { type: 'start' },
      { type: 'failed', refused: false },
      { type: 'retry' },
      { type: 'opened' },
    ]);
    expect(reopened).to.deep.equal({ status: 'open', attempt: 0 });
    const refused = run([{ type: 'start' }, { type: 'failed', refused: true }]);
    expect(refused.status).to.equal('refused');
    expect(nextStream(refused, { type: 'retry' })).to.equal(refused);
    expect(nextStream(refused, { type: 'known' }).status).to.equal('connecting');
    expect(nextStream(refused, { type: 'stop' })).to.deep.equal({ status: 'idle' });
  });
});
