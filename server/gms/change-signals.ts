import type { FastifyBaseLogger } from 'fastify';
import { Id } from '../../src/protocol/ids.ts';
import type { AgentChanges } from '../agent/changes.ts';
import type { NotificationHub } from '../notify/hub.ts';
import type { GmsStore, NewMessage } from '../store/gms-store.ts';

/**
 * The GMS store, telling who must read again after each change, so nobody has to poll for it:
 * agents' consoles hear of every change to a chat or callback; a chat started from a Beckon page
 * (its `userData` names the visit) gets a `beckon.chat` nudge on the visit's stream for what an
 * agent or the service did, and its client calls `refresh` at once. Reads pass through. The change
 * is stored before it is told; a tell that fails is logged, and the pollers find the change anyway.
 */
export function withChangeSignals(
  store: GmsStore,
  options: { agents: AgentChanges; hub: NotificationHub; log: FastifyBaseLogger },
): GmsStore {
  const { agents, hub, log } = options;
  const told = async (what: string, tell: () => Promise<unknown>) => {
    try {
      await tell();
    } catch (error) {
      log.error({ err: error }, `could not tell of a change to ${what}`);
    }
  };
  /** `toVisitor`: what an agent or the service did; the visitor's own doings are on their screen. */
  const chatChanged = async (chatId: string, toVisitor: boolean) => {
    await told(`chat ${chatId}`, async () => {
      await agents.tell({ chatId });
      if (!toVisitor) return;
      const visit = Id.safeParse((await store.getChat(chatId))?.userData.visitID);
      if (visit.success)
        await hub.publish(visit.data, [{ channel: 'beckon.chat', data: { chatId } }]);
    });
  };
  const byAgent = (from: NewMessage['from']) => from.type !== 'Client';
  const callbackChanged = (callbackId: string) =>
    told(`callback ${callbackId}`, () => agents.tell({ callbackId }));
  /** Runs `write`, then tells of the change if it made one. */
  const after =
    <A extends unknown[], R>(
      write: (...args: A) => Promise<R>,
      tell: (result: R, ...args: A) => Promise<void> | null,
    ) =>
    async (...args: A) => {
      const result = await write(...args);
      await tell(result, ...args);
      return result;
    };

  return {
    ...store,
    createChat: after(store.createChat, (_, chat) => chatChanged(chat.chatId, false)),
    // A state or agent the visitor's chat shows (an agent took it, it ended); a new nickname is theirs.
    updateChat: after(store.updateChat, (_, chatId, changes) =>
      chatChanged(chatId, changes.state !== undefined || changes.agentName !== undefined),
    ),
    append: after(store.append, (_, chatId, message) => chatChanged(chatId, byAgent(message.from))),
    addFile: after(store.addFile, (added, file, _content, entry) =>
      typeof added === 'string' ? null : chatChanged(file.chatId, byAgent(entry.from)),
    ),
    deleteFile: after(store.deleteFile, (deleted, chatId, _fileId, entry) =>
      deleted ? chatChanged(chatId, byAgent(entry.from)) : null,
    ),
    createCallback: after(store.createCallback, (_, row) => callbackChanged(row.callbackId)),
    updateCallback: after(store.updateCallback, (_, callbackId) => callbackChanged(callbackId)),
    confirmation: after(store.confirmation, (row) =>
      row ? callbackChanged(row.callbackId) : null,
    ),
    book: after(store.book, (booked, booking) =>
      booked
        ? callbackChanged('row' in booking ? booking.row.callbackId : booking.callbackId)
        : null,
    ),
  };
}
