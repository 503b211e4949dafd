// `beckon/protocol`: types for back-ends that talk to the engagement server from TypeScript, such as
// a service that posts notifications or reads visits. Types only; nothing runs.

export type { TrackedEvent } from '../src/protocol/event.ts';
export type { Ids } from '../src/protocol/ids.ts';
export type {
  AppendContentData,
  CustomChoice,
  InviteData,
  MediaMessageData,
  Notification,
  RevokeData,
} from '../src/protocol/notification.ts';
export type { CustomNotification, NotifyBody, StreamMessage } from '../src/protocol/notify.ts';
export type { PageView, VisitReport } from '../src/protocol/visit.ts';
