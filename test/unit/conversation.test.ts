import { expect } from 'chai';
import fc from 'fast-check';
import {
  type ConversationAction,
  nextConversation,
  unread,
} from '../../src/engage/conversation.ts';
import { CONVERSATION_KEY } from '../../src/media/adapter.ts';
import { memoryStorage } from '../../src/monitor/storage.ts';
import type { Conversation } from '../../src/protocol/conversation.ts';
import { conversationStore } from '../../widgets/launcher/conversation-store.ts';

const VISIT = 'A'.repeat(32);
const opened: ConversationAction = {
  type: 'opened',
  visitID: VISIT,
  adapter: 'gms',
  kind: 'chat',
  scenario: 'CHAT-NOW',
};
const run = (actions: ConversationAction[], from: Conversation | null = null) =>
  actions.reduce(nextConversation, from);

describe('the conversation state machine', () => {
  it('counts what the other side writes while the panel is minimised, and clears it on restore', () => {
    const minimised = run([opened, { type: 'incoming', count: 1 }, { type: 'minimise' }]);
    expect(minimised?.view).to.equal('minimised');
    expect(unread(minimised)).to.equal(0);
    const behind = run([{ type: 'incoming', count: 3 }], minimised);
    expect(unread(behind)).to.equal(2);
    const restored = run([{ type: 'restore' }], behind);
    expect(restored).to.include({ view: 'open', incoming: 3, seen: 3 });
    expect(unread(restored)).to.equal(0);
  });

  it('takes up the same conversation on the next page as it was left, and starts afresh after an end', () => {
    const minimised = run([opened, { type: 'minimise' }, { type: 'incoming', count: 2 }]);
    const resumed: ConversationAction = { type: 'resumed', visitID: VISIT, adapter: 'gms' };
    expect(nextConversation(minimised, resumed)).to.equal(minimised);
    const ended = run([{ type: 'end' }], minimised);
    expect(ended).to.include({ view: 'ended', seen: 2 });
    expect(nextConversation(ended, resumed)).to.include({ view: 'open', incoming: 0 });
    const otherVisit = nextConversation(minimised, { ...resumed, visitID: 'B'.repeat(32) });
    expect(otherVisit).to.include({ visitID: 'B'.repeat(32), view: 'open' });
  });

  it('ignores what cannot apply: a restore after the end, a count that goes back, nothing to minimise', () => {
    const ended = run([opened, { type: 'end' }]);
    expect(nextConversation(ended, { type: 'restore' })).to.equal(ended);
    expect(nextConversation(null, { type: 'minimise' })).to.equal(null);
    const counted = run([opened, { type: 'incoming', count: 4 }]);
    expect(nextConversation(counted, { type: 'incoming', count: 2 })).to.equal(counted);
  });

  // Every tab of the visit hears the same session and applies the same actions, in its own order.
  const action = fc.oneof(
    fc.constant<ConversationAction>(opened),
    fc.constant<ConversationAction>({ type: 'resumed', visitID: VISIT, adapter: 'gms' }),
    fc.constant<ConversationAction>({ type: 'minimise' }),
    fc.constant<ConversationAction>({ type: 'restore' }),
    fc.constant<ConversationAction>({ type: 'end' }),
    fc.nat(50).map<ConversationAction>((count) => ({ type: 'incoming', count })),
  );

  it('whatever happens: never a negative count, nothing unread while open, and a repeated action changes nothing', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), (actions) => {
        let state: Conversation | null = null;
        for (const next of actions) {
          state = nextConversation(state, next);
          expect(unread(state)).to.be.at.least(0);
          if (state?.view === 'open') expect(unread(state)).to.equal(0);
          if (next.type !== 'opened') expect(nextConversation(state, next)).to.equal(state);
        }
      }),
    );
  });

  it('two tabs hearing the same counts in another order agree on what is unread', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { minLength: 1, maxLength: 10 }), (counts) => {
        const start = run([opened, { type: 'minimise' }]);
        const heard = (order: number[]) =>
          run(
            order.map((count) => ({ type: 'incoming', count })),
            start,
          );
        expect(heard(counts)).to.deep.equal(heard([...counts].reverse()));
        expect(unread(heard(counts))).to.equal(Math.max(...counts));
      }),
    );
  });
});

describe('the conversation store', () => {
  const host = (storage = memoryStorage(), visitID = VISIT) => ({
    win: window,
    storage: () => storage,
    ids: () => ({ globalVisitID: 'C'.repeat(32), visitID, pageID: 'D'.repeat(32) }),
  });

  it('keeps every change in storage, for the next page', () => {
    const storage = memoryStorage();
    const first = conversationStore(host(storage));
    first.dispatch(opened);
    first.dispatch({ type: 'minimise' });
    const next = conversationStore(host(storage));
    expect(next.$conversation.get()).to.include({ view: 'minimised', adapter: 'gms' });
  });

  it('reads another visit’s conversation, or garbage, as none', () => {
    const storage = memoryStorage();
    conversationStore(host(storage)).dispatch(opened);
    expect(conversationStore(host(storage, 'B'.repeat(32))).$conversation.get()).to.equal(null);
    for (const junk of ['{', 'null', '[]', JSON.stringify({ visitID: VISIT, view: 'gone' })]) {
      storage.set(CONVERSATION_KEY, junk);
      expect(conversationStore(host(storage)).$conversation.get()).to.equal(null);
    }
  });

  it('follows what another tab writes, through the storage event', async () => {
    const storage = memoryStorage();
    const here = conversationStore(host(storage));
    here.dispatch(opened);
    const views: Array<string | undefined> = [];
    here.$conversation.listen((conversation) => views.push(conversation?.view));
    // The other tab's write, and the event the browser raises here for it.
    const there = conversationStore(host(storage));
    there.dispatch({ type: 'minimise' });
    window.dispatchEvent(new StorageEvent('storage', { key: CONVERSATION_KEY }));
    window.dispatchEvent(new StorageEvent('storage', { key: 'beckon.other' }));
    expect(views).to.deep.equal(['minimised']);
  });
});
