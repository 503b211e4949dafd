import { newId } from '../monitor/id.ts';
import { CAP_KEY, DEFAULT_TIMEOUT_MS } from '../protocol/names.ts';
import type { AppendContentData } from '../protocol/notification.ts';
import {
  type CustomChoice,
  InviteData,
  Notification,
  type ShownInvite,
} from '../protocol/notification.ts';
import { readJson } from '../shared/read-json.ts';
import { type CapRecord, capAfter, capAllows } from './frequency-cap.ts';
import type { EngageHost } from './host.ts';
import {
  type Invitation,
  type InvitationAction,
  isOpen,
  nextInvitation,
  OUTCOME_EVENTS,
} from './invitation-state.ts';
import { mediaContext, openMedia, withLauncher } from './open-media.ts';

export interface Engagement {
  /** A notification from the stream, parsed JSON, not yet trusted. */
  receive(raw: unknown): void;
  /** `['invite', {...}]`: the page raises an invitation itself. */
  invite(raw: unknown): void;
  /** How many notifications failed validation and were dropped. */
  invalidCount(): number;
  /**
   * A page of the visit starts: GWE's chat API is bridged when the page configures `_gwc`, and the
   * media session an earlier page left running is taken up before `_gwc.onReady` runs.
   */
  pageStarted(): Promise<void>;
}

/**
 * The page's side of an engagement: validates what the server sends, keeps at most one invitation
 * open, applies the local frequency cap, shows the native overlay or a custom page, reports the
 * outcome as events and opens the media adapter on accept.
 */
export function createEngagement(host: EngageHost): Engagement {
  const { log } = host;
  let invalid = 0;
  let current: { invitation: Invitation; close(): void } | null = null;
  /** A session taken up from an earlier page: replies wait for it, so its adapter hears them. */
  let resumed: Promise<void> = Promise.resolve();
  /** Revoked before they could be shown (waiting for the tab to become visible). */
  const withdrawn = new Set<string>();
  const doc = host.win.document;

  /** Invitations appear only in a tab the visitor sees; a hidden tab waits, then checks again. */
  const whenVisible = () =>
    new Promise<void>((resolve) => {
      if (doc.visibilityState === 'visible') return resolve();
      const onChange = () => {
        if (doc.visibilityState !== 'visible') return;
        doc.removeEventListener('visibilitychange', onChange);
        resolve();
      };
      doc.addEventListener('visibilitychange', onChange);
    });

  const readCap = () => readJson<CapRecord>(host.storage(), CAP_KEY);
  const writeCap = (outcome: 'shown' | 'declined' | 'accepted', invite: InviteData) => {
    const visitID = host.ids()?.visitID;
    if (visitID)
      host
        .storage()
        .set(CAP_KEY, JSON.stringify(capAfter(readCap(), visitID, invite, outcome, host.now())));
  };

  const move = (action: InvitationAction) => {
    if (!current) return;
    const before = current.invitation;
    const next = nextInvitation(before, action);
    if (next === before) return;
    current.invitation = next;
    const { invite } = next;
    const report = OUTCOME_EVENTS[next.status];
    if (report)
      host.track('SYSTEM', report, {
        engagementID: invite.engagementID,
        type: invite.type,
        proactive: next.proactive,
      });
    host.emit(`invite:${next.status}`, invite);
    if (next.status === 'shown') writeCap('shown', invite);
    if (next.status === 'rejected') writeCap('declined', invite);
    if (next.status === 'accepted') writeCap('accepted', invite);
    if (!isOpen(next)) {
      current.close();
      if (next.status === 'accepted') void openMedia(host, invite, next.proactive);
    }
  };

  /** Whether a new invitation may open now; says why not in the debug log. */
  const mayOffer = (invite: InviteData) => {
    const ids = host.ids();
    if (!ids || withdrawn.has(invite.engagementID)) return false;
    if (invite.expiresAt && invite.expiresAt < host.now()) {
      log.debug(`invitation ${invite.engagementID} expired before it arrived`);
      return false;
    }
    if (current && isOpen(current.invitation)) {
      log.debug(`invitation ${invite.engagementID} waits: another one is open`);
      return false;
    }
    const verdict = capAllows(readCap(), ids.visitID, invite, host.now());
    if (!verdict.allowed) {
      log.warn(
        `invitation ${invite.engagementID} not shown: local frequency cap (${verdict.reason})`,
      );
      return false;
    }
    return true;
  };

  type Answer = (answer: 'accept' | 'reject' | 'timeout', choice?: CustomChoice) => void;
  /** What shows an invitation: the native overlay, or a custom page (`gpe.appendContent`). */
  type View = (invite: ShownInvite, onAnswer: Answer) => Promise<{ close(): void } | null>;

  const nativeOverlay: View = async (invite, onAnswer) =>
    (await import('../../widgets/invitation/index.tsx')).showInvitation({
      doc: host.win.document,
      invite,
      config: host.config,
      onAnswer,
    });

  const offer = async (given: InviteData, proactive: boolean, view = nativeOverlay) => {
    const invite: ShownInvite = { ...given, timeoutMs: given.timeoutMs ?? DEFAULT_TIMEOUT_MS };
    await whenVisible();
    if (!mayOffer(invite)) return;
    const entry = {
      invitation: { status: 'offered', invite, proactive } as Invitation,
      close: () => {},
    };
    current = entry;
    host.emit('invite:offered', invite);
    try {
      const shown = await view(invite, (answer, choice) => {
        // A custom page may choose the media it opens, as GWE's startGms(scenario) did.
        if (choice) entry.invitation = { ...entry.invitation, invite: { ...invite, ...choice } };
        move(answer);
      });
      if (!shown) current = null;
      else if (current !== entry || entry.invitation.status !== 'offered') shown.close();
      else {
        entry.close = shown.close;
        move('show');
      }
    } catch (error) {
      log.error('the invitation could not be shown', error);
      current = null;
    }
  };

  const appendContent = (data: AppendContentData) => {
    const invite: InviteData = {
      engagementID: data.engagementID ?? newId(),
      type: 'chat',
      title: 'Invitation',
      message: '',
      ...(data.timeoutMs ? { timeoutMs: data.timeoutMs } : {}),
    };
    const context = mediaContext(host, invite, true);
    if (!context) return;
    void offer(invite, true, async (shown, onAnswer) =>
      (await import('./custom-content.ts')).showCustomContent(host, data, context, shown, onAnswer),
    );
  };

  return {
    receive: (raw) => {
      const parsed = Notification.safeParse(raw);
      if (!parsed.success) {
        invalid++;
        const issue = parsed.error.issues[0];
        log.warn(
          `invalid notification dropped (${invalid} so far): ${issue?.path.join('.') || 'message'} ${issue?.message ?? ''}`,
        );
        return;
      }
      const notification = parsed.data;
      log.debug(`notification ${notification.channel}`, notification.data);
      if (notification.channel === 'beckon.invite') void offer(notification.data, true);
      else if (notification.channel === 'beckon.revoke') {
        withdrawn.add(notification.data.engagementID);
        if (current?.invitation.invite.engagementID === notification.data.engagementID)
          move('revoke');
      } else if (
        notification.channel === 'beckon.message' ||
        notification.channel === 'beckon.chat'
      ) {
        const { channel, data } = notification;
        // An inbox reply for the conversation, or a nudge for the running chat to refresh.
        void resumed.then(() => host.emit(channel === 'beckon.chat' ? 'chat' : 'message', data));
      } else appendContent(notification.data);
    },
    invite: (raw) => {
      const given = typeof raw === 'object' && raw !== null ? raw : {};
      const parsed = InviteData.safeParse({ engagementID: newId(), ...given });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        log.error(
          `_gt.push(['invite', ...]): ${issue?.path.join('.') || 'argument'} ${issue?.message ?? 'is invalid'}; expected {type: 'chat' | 'callback' | 'message', title, message, adapter?, scenario?, timeoutMs?}; ignored`,
        );
        return;
      }
      void offer(parsed.data, false);
    },
    invalidCount: () => invalid,
    pageStarted: () => {
      resumed = (async () => {
        const ready =
          host.win._gwc === undefined
            ? null
            : await import('../gwe/chat-widget.ts')
                .then((chunk) =>
                  chunk.bridgeChatWidget(host, (attachedData) =>
                    openMedia(
                      host,
                      {
                        engagementID: newId(),
                        type: 'chat',
                        title: '',
                        message: '',
                        adapter: 'gms',
                        attachedData,
                      },
                      false,
                    ),
                  ),
                )
                .catch((error) => log.error("GWE's chat API (_gwc) could not load", error));
        // The media session an earlier page left running goes on, and the launcher comes back.
        await withLauncher(host, (chunk, media) => chunk.resumeConversation(host, media));
        ready?.();
      })();
      return resumed;
    },
  };
}
