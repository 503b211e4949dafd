import * as z from 'zod/mini';

// What the operator's privacy routes answer (server/visitors/routes.ts). Server-only.

const Rows = z.array(z.record(z.string(), z.unknown()));

/** Everything Beckon holds on one or more visitors, table by table, rows as stored. */
export const VisitorExport = z.object({
  globalVisitIDs: z.array(z.string()),
  visits: Rows,
  pageViews: Rows,
  events: Rows,
  engagements: Rows,
  chats: Rows,
  chatMessages: Rows,
  /** The files' names, types and sizes; their bytes come with the chat (`GET …/files/{id}`). */
  chatFiles: Rows,
  callbacks: Rows,
  inboxMessages: Rows,
});
export type VisitorExport = z.infer<typeof VisitorExport>;

/** What an erasure removed: rows by table. */
export const Erased = z.object({
  globalVisitIDs: z.array(z.string()),
  removed: z.record(z.string(), z.int()),
});

/** `?field=email&value=ada@example.com`: the visitors who said so of themselves (SignIn, UserInfo). */
export const IdentityQuery = z.object({
  field: z.string().check(z.minLength(1), z.maxLength(64)),
  value: z.string().check(z.minLength(1), z.maxLength(1000)),
});
