import type { AgentCallback, AgentChat, ChatClient } from '../../src/protocol/agent.ts';
import type { GmsChatMessage } from '../../src/protocol/gms.ts';
import type { Db, Queryable } from './db.ts';

export type { ChatClient } from '../../src/protocol/agent.ts';
export type ChatState = AgentChat['state'];

/** A chat as the store keeps it: what agents see, and the visitor's secrets. */
export type Chat = AgentChat & { secureKey: string; userId: string };

export type NewMessage = Pick<GmsChatMessage, 'type' | 'from'> & {
  text?: string;
  userData?: Record<string, string>;
};

/** A file shared in a chat, without its bytes. */
export interface ChatFile {
  fileId: string;
  chatId: string;
  name: string;
  /** The media type the uploader declared; downloads are served as bytes whatever it says. */
  type: string;
  size: number;
  description: string;
  from: 'Client' | 'Agent';
  createdAt: number;
  deletedAt: number | null;
}

/** What the visitor has used of a chat's file limits. */
export interface FileUsage {
  files: number;
  bytes: number;
  downloads: number;
}

export type CallbackRow = AgentCallback;

/** GMS chats, their transcripts and callbacks. The only module that writes SQL for them. */
export interface GmsStore {
  createChat(chat: Chat): Promise<void>;
  getChat(chatId: string): Promise<Chat | null>;
  updateChat(
    chatId: string,
    changes: Partial<Pick<Chat, 'state' | 'agentName' | 'endedAt' | 'client'>>,
  ): Promise<void>;
  openChats(): Promise<Chat[]>;
  /** Appends to the transcript under the next index, even when both sides write at once. */
  append(chatId: string, message: NewMessage, at: number): Promise<GmsChatMessage>;
  transcript(chatId: string, fromIndex: number): Promise<GmsChatMessage[]>;
  /** The index the chat's next message will have: where a client that has read it all goes on. */
  transcriptEnd(chatId: string): Promise<number>;
  /**
   * Keeps a file and appends the entry that shares it, in one transaction under the chat's lock;
   * for the visitor, only while their files stay within `cap` (else which limit it passed).
   */
  addFile(
    file: ChatFile,
    content: Uint8Array,
    entry: NewMessage,
    cap: { files: number; bytes: number } | null,
  ): Promise<GmsChatMessage | 'files' | 'bytes'>;
  fileUsage(chatId: string): Promise<FileUsage>;
  /**
   * A file's bytes. For the visitor (`maxDownloads`), counted under the chat's lock, and
   * `exhausted` once they have downloaded that many; null when there is no such file (or no more).
   */
  readFile(
    chatId: string,
    fileId: string,
    maxDownloads: number | null,
  ): Promise<{ file: ChatFile; content: Uint8Array } | 'exhausted' | null>;
  /**
   * Forgets a file's bytes and appends the entry (by whom) that says so: the visitor may delete
   * their own files, an agent any. Null when there is no such file the entry's author may delete.
   */
  deleteFile(
    chatId: string,
    fileId: string,
    entry: NewMessage,
    at: number,
  ): Promise<GmsChatMessage | null>;
  createCallback(callback: CallbackRow): Promise<void>;
  getCallback(callbackId: string): Promise<CallbackRow | null>;
  findCallbacks(filter: {
    service?: string;
    customerNumber?: string;
    state?: string;
  }): Promise<CallbackRow[]>;
  updateCallback(
    callbackId: string,
    changes: Partial<Pick<CallbackRow, 'state' | 'reason' | 'desiredTime'>>,
    at: number,
  ): Promise<void>;
  /**
   * The visitor's confirmation that they can take the call, one atomic step each, so nodes and
   * racing requests agree: `ask` (an agent is ready; answer by then), `confirm` (in time: the
   * agent dials, ROUTING), `expire` (unanswered by `at`: back in the queue, or after `maxAttempts`
   * asks COMPLETED with FAIL_USER_NO_CONFIRM). Null when the step does not apply now.
   */
  confirmation(
    callbackId: string,
    step: { ask: number } | { confirm: true } | { expire: true; maxAttempts: number },
    at: number,
  ): Promise<CallbackRow | null>;
  /**
   * A callback's place among its service's queued callbacks (1 next; by creation, then id), null
   * when it is not queued, and how many are queued: counted by the database, not listed.
   */
  queuePlace(service: string, callbackId: string): Promise<{ place: number | null; total: number }>;
  /** Scheduled callbacks of a service whose desired time falls in [from, to). */
  scheduledBetween(service: string, from: number, to: number): Promise<number[]>;
  /**
   * Puts a callback in its desired time's slot, new (`row`) or moved (`callbackId`), unless the
   * slot holds `capacity` already: counted and written in one transaction under a lock on that
   * slot, so two visitors can never both take its last place. False when the slot is full.
   */
  book(
    booking:
      | { row: CallbackRow }
      | { callbackId: string; service: string; desiredTime: number; at: number },
    capacity: number,
  ): Promise<boolean>;
}

const insertCallback = async (db: Queryable, c: CallbackRow) => {
  await db.query(
    `INSERT INTO gms_callbacks (callback_id, service, customer_number, desired_time, state, reason, options, user_data, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)`,
    [
      c.callbackId,
      c.service,
      c.customerNumber,
      c.desiredTime,
      c.state,
      c.reason,
      JSON.stringify(c.options),
      JSON.stringify(c.userData),
      c.createdAt,
      c.updatedAt,
    ],
  );
};

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

const toChat = (row: Record<string, unknown>): Chat => ({
  chatId: String(row.chat_id),
  service: String(row.service),
  secureKey: String(row.secure_key),
  userId: String(row.user_id),
  alias: String(row.alias),
  client: row.client as ChatClient,
  userData: row.user_data as Record<string, string>,
  state: row.state as ChatState,
  agentName: (row.agent_name as string | null) ?? null,
  createdAt: Number(row.created_at),
  endedAt: num(row.ended_at),
});

const toMessage = (row: Record<string, unknown>): GmsChatMessage => ({
  from: {
    nickname: String(row.from_nickname),
    participantId: Number(row.participant_id),
    type: row.from_type as GmsChatMessage['from']['type'],
  },
  index: Number(row.idx),
  type: row.type as GmsChatMessage['type'],
  ...(row.text === null ? {} : { text: String(row.text) }),
  ...(row.user_data ? { userData: row.user_data as Record<string, string> } : {}),
  utcTime: Number(row.utc_time),
});

const toFile = (row: Record<string, unknown>): ChatFile => ({
  fileId: String(row.file_id),
  chatId: String(row.chat_id),
  name: String(row.name),
  type: String(row.type),
  size: Number(row.size),
  description: String(row.description),
  from: row.from_type as ChatFile['from'],
  createdAt: Number(row.created_at),
  deletedAt: num(row.deleted_at),
});

/** Appends under the next index; the caller holds the chat's lock. */
const appendIn = async (tx: Queryable, chatId: string, message: NewMessage, at: number) => {
  const { rows } = await tx.query(
    `INSERT INTO gms_chat_messages (chat_id, idx, type, from_type, from_nickname, participant_id, text, user_data, utc_time)
     SELECT $1, COALESCE(MAX(idx), 0) + 1, $2, $3, $4, $5, $6, $7::jsonb, $8 FROM gms_chat_messages WHERE chat_id = $1
     RETURNING *`,
    [
      chatId,
      message.type,
      message.from.type,
      message.from.nickname,
      message.from.participantId,
      message.text ?? null,
      message.userData ? JSON.stringify(message.userData) : null,
      at,
    ],
  );
  return toMessage(rows[0] as Record<string, unknown>);
};

const lockChat = (tx: Queryable, chatId: string) =>
  tx.query('SELECT 1 FROM gms_chats WHERE chat_id = $1 FOR UPDATE', [chatId]);

const usageIn = async (tx: Queryable, chatId: string): Promise<FileUsage> => {
  const { rows } = await tx.query(
    `SELECT (SELECT COUNT(*) FROM gms_chat_files WHERE chat_id = $1 AND from_type = 'Client') AS files,
            (SELECT COALESCE(SUM(size), 0) FROM gms_chat_files WHERE chat_id = $1 AND from_type = 'Client') AS bytes,
            (SELECT visitor_downloads FROM gms_chats WHERE chat_id = $1) AS downloads`,
    [chatId],
  );
  const row = rows[0] as Record<string, unknown>;
  return { files: Number(row.files), bytes: Number(row.bytes), downloads: Number(row.downloads) };
};

const toCallback = (row: Record<string, unknown>): CallbackRow => ({
  callbackId: String(row.callback_id),
  service: String(row.service),
  customerNumber: String(row.customer_number),
  desiredTime: num(row.desired_time),
  state: row.state as CallbackRow['state'],
  reason: (row.reason as string | null) ?? null,
  options: row.options as Record<string, string>,
  userData: row.user_data as Record<string, string>,
  confirmBy: num(row.confirm_by),
  confirmAttempts: Number(row.confirm_attempts ?? 0),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

export function createGmsStore(db: Db): GmsStore {
  return {
    createChat: async (c) => {
      await db.query(
        `INSERT INTO gms_chats (chat_id, service, secure_key, user_id, alias, client, user_data, state, agent_name, created_at, ended_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11)`,
        [
          c.chatId,
          c.service,
          c.secureKey,
          c.userId,
          c.alias,
          JSON.stringify(c.client),
          JSON.stringify(c.userData),
          c.state,
          c.agentName,
          c.createdAt,
          c.endedAt,
        ],
      );
    },
    getChat: async (chatId) => {
      const { rows } = await db.query('SELECT * FROM gms_chats WHERE chat_id = $1', [chatId]);
      return rows[0] ? toChat(rows[0]) : null;
    },
    updateChat: async (chatId, changes) => {
      await db.query(
        `UPDATE gms_chats SET state = COALESCE($2, state), agent_name = COALESCE($3, agent_name),
           ended_at = COALESCE($4, ended_at), client = COALESCE($5::jsonb, client)
         WHERE chat_id = $1`,
        [
          chatId,
          changes.state ?? null,
          changes.agentName ?? null,
          changes.endedAt ?? null,
          changes.client ? JSON.stringify(changes.client) : null,
        ],
      );
    },
    openChats: async () => {
      const { rows } = await db.query(
        "SELECT * FROM gms_chats WHERE state <> 'ended' ORDER BY created_at",
      );
      return rows.map(toChat);
    },
    append: (chatId, message, at) =>
      db.transaction(async (tx) => {
        await lockChat(tx, chatId);
        return appendIn(tx, chatId, message, at);
      }),
    transcript: async (chatId, fromIndex) => {
      const { rows } = await db.query(
        'SELECT * FROM gms_chat_messages WHERE chat_id = $1 AND idx >= $2 ORDER BY idx',
        [chatId, fromIndex],
      );
      return rows.map(toMessage);
    },
    transcriptEnd: async (chatId) => {
      const { rows } = await db.query(
        'SELECT COALESCE(MAX(idx), 0) + 1 AS next FROM gms_chat_messages WHERE chat_id = $1',
        [chatId],
      );
      return Number((rows[0] as { next: number | string }).next);
    },
    addFile: (file, content, entry, cap) =>
      db.transaction(async (tx) => {
        await lockChat(tx, file.chatId);
        if (cap) {
          const used = await usageIn(tx, file.chatId);
          if (used.files >= cap.files) return 'files';
          if (used.bytes + file.size > cap.bytes) return 'bytes';
        }
        await tx.query(
          `INSERT INTO gms_chat_files (file_id, chat_id, name, type, size, description, from_type, content, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            file.fileId,
            file.chatId,
            file.name,
            file.type,
            file.size,
            file.description,
            file.from,
            content,
            file.createdAt,
          ],
        );
        return appendIn(tx, file.chatId, entry, file.createdAt);
      }),
    fileUsage: (chatId) => usageIn(db, chatId),
    readFile: (chatId, fileId, maxDownloads) =>
      db.transaction(async (tx) => {
        await lockChat(tx, chatId);
        const { rows } = await tx.query(
          'SELECT * FROM gms_chat_files WHERE chat_id = $1 AND file_id = $2 AND content IS NOT NULL',
          [chatId, fileId],
        );
        const row = rows[0] as Record<string, unknown> | undefined;
        if (!row) return null;
        if (maxDownloads !== null) {
          const { downloads } = await usageIn(tx, chatId);
          if (downloads >= maxDownloads) return 'exhausted';
          await tx.query(
            'UPDATE gms_chats SET visitor_downloads = visitor_downloads + 1 WHERE chat_id = $1',
            [chatId],
          );
        }
        return { file: toFile(row), content: row.content as Uint8Array };
      }),
    deleteFile: (chatId, fileId, entry, at) =>
      db.transaction(async (tx) => {
        await lockChat(tx, chatId);
        const { rows } = await tx.query(
          `UPDATE gms_chat_files SET content = NULL, deleted_at = $3
           WHERE chat_id = $1 AND file_id = $2 AND content IS NOT NULL
             AND (from_type = $4 OR $4 = 'Agent') RETURNING file_id`,
          [chatId, fileId, at, entry.from.type],
        );
        return rows.length ? appendIn(tx, chatId, entry, at) : null;
      }),
    createCallback: (callback) => insertCallback(db, callback),
    getCallback: async (callbackId) => {
      const { rows } = await db.query('SELECT * FROM gms_callbacks WHERE callback_id = $1', [
        callbackId,
      ]);
      return rows[0] ? toCallback(rows[0]) : null;
    },
    findCallbacks: async ({ service, customerNumber, state }) => {
      const { rows } = await db.query(
        `SELECT * FROM gms_callbacks WHERE ($1::text IS NULL OR service = $1)
           AND ($2::text IS NULL OR customer_number = $2) AND ($3::text IS NULL OR state = $3) ORDER BY created_at`,
        [service ?? null, customerNumber ?? null, state ?? null],
      );
      return rows.map(toCallback);
    },
    updateCallback: async (callbackId, changes, at) => {
      await db.query(
        `UPDATE gms_callbacks SET state = COALESCE($2, state), reason = COALESCE($3, reason),
           desired_time = COALESCE($4, desired_time), updated_at = $5 WHERE callback_id = $1`,
        [
          callbackId,
          changes.state ?? null,
          changes.reason ?? null,
          changes.desiredTime ?? null,
          at,
        ],
      );
    },
    confirmation: async (callbackId, step, at) => {
      const { rows } = await db.query(
        'ask' in step
          ? `UPDATE gms_callbacks SET confirm_by = $3, confirm_attempts = confirm_attempts + 1, updated_at = $2
             WHERE callback_id = $1 AND state IN ('QUEUED', 'SCHEDULED') AND confirm_by IS NULL RETURNING *`
          : 'confirm' in step
            ? `UPDATE gms_callbacks SET state = 'ROUTING', confirm_by = NULL, updated_at = $2
               WHERE callback_id = $1 AND confirm_by >= $2 RETURNING *`
            : `UPDATE gms_callbacks SET confirm_by = NULL, updated_at = $2,
                 state = CASE WHEN confirm_attempts >= $3 THEN 'COMPLETED' ELSE state END,
                 reason = CASE WHEN confirm_attempts >= $3 THEN 'FAIL_USER_NO_CONFIRM' ELSE reason END
               WHERE callback_id = $1 AND confirm_by < $2 RETURNING *`,
        'ask' in step
          ? [callbackId, at, step.ask]
          : 'confirm' in step
            ? [callbackId, at]
            : [callbackId, at, step.maxAttempts],
      );
      return rows[0] ? toCallback(rows[0]) : null;
    },
    queuePlace: async (service, callbackId) => {
      const { rows } = await db.query(
        `SELECT COUNT(*) AS total, BOOL_OR(callback_id = $2) AS queued,
           COUNT(*) FILTER (WHERE (created_at, callback_id COLLATE "C") <=
             (SELECT created_at, callback_id COLLATE "C" FROM gms_callbacks WHERE callback_id = $2)) AS place
         FROM gms_callbacks WHERE service = $1 AND state = 'QUEUED'`,
        [service, callbackId],
      );
      const row = rows[0] as Record<string, unknown>;
      return { place: row.queued ? Number(row.place) : null, total: Number(row.total) };
    },
    scheduledBetween: async (service, from, to) => {
      const { rows } = await db.query<{ desired_time: number }>(
        `SELECT desired_time FROM gms_callbacks WHERE service = $1 AND state = 'SCHEDULED'
           AND desired_time >= $2 AND desired_time < $3`,
        [service, from, to],
      );
      return rows.map((row) => Number(row.desired_time));
    },
    book: (booking, capacity) =>
      db.transaction(async (tx) => {
        const { service, desiredTime } =
          'row' in booking
            ? { service: booking.row.service, desiredTime: booking.row.desiredTime }
            : booking;
        await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          `callback-slot:${service}:${desiredTime}`,
        ]);
        const { rows } = await tx.query<{ taken: number }>(
          `SELECT count(*)::int AS taken FROM gms_callbacks
             WHERE service = $1 AND state = 'SCHEDULED' AND desired_time = $2 AND callback_id <> $3`,
          [service, desiredTime, 'row' in booking ? booking.row.callbackId : booking.callbackId],
        );
        if ((rows[0]?.taken ?? 0) >= capacity) return false;
        if ('row' in booking) await insertCallback(tx, booking.row);
        else
          await tx.query(
            `UPDATE gms_callbacks SET state = 'SCHEDULED', desired_time = $2, updated_at = $3
               WHERE callback_id = $1`,
            [booking.callbackId, desiredTime, booking.at],
          );
        return true;
      }),
  };
}
