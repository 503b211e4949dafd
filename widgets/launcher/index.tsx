import { atom } from 'nanostores';
import { render } from 'preact';
import { unread } from '../../src/engage/conversation.ts';
import type { EngageHost } from '../../src/engage/host.ts';
import type { EngageMedia } from '../../src/engage/open-media.ts';
import { MEDIA_KEY, type MediaSession } from '../../src/media/adapter.ts';
import type { Conversation } from '../../src/protocol/conversation.ts';
import type { MediaContext } from '../../src/protocol/media.ts';
import { readJson } from '../../src/shared/read-json.ts';
import { mountShadow } from '../shadow-host.ts';
import { applyColours } from '../theme.ts';
import { conversationStore } from './conversation-store.ts';
import { LAUNCHER_CSS, Launcher } from './launcher.tsx';
import { launcherStrings } from './strings.ts';

/** How the invitation's life reaches the launcher, which steps aside while one is up. */
const INVITATION_ENDS = [
  'invite:accepted',
  'invite:rejected',
  'invite:timed-out',
  'invite:revoked',
];

/**
 * The page's launcher and the visit's conversation store, once per page: the store follows the
 * running session (minimised, restored, its incoming messages, its end) and the session follows the
 * store (a change in another tab); the launcher shows the store; integrators hear it as
 * `conversation`; the document title carries the unread count.
 */
function createLauncher(host: EngageHost, media: EngageMedia) {
  const { win, config } = host;
  const doc = win.document;
  const settings = config.launcher ?? {};
  const store = conversationStore(host);
  const { $conversation, dispatch } = store;
  const $inviting = atom(false);
  const $focus = atom(0);
  let session: MediaSession | null = null;

  host.on('invite:shown', () => $inviting.set(true));
  for (const name of INVITATION_ENDS) host.on(name, () => $inviting.set(false));

  // Integrators hear the conversation; the unread count leads the tab's title, as messengers do
  // (the site's own title is left as it is).
  let titled: string | null = null;
  $conversation.subscribe((conversation) => {
    if (conversation) host.emit('conversation', conversation);
    const count = unread(conversation);
    const base =
      titled !== null && doc.title === titled ? doc.title.replace(/^\(\d+\) /, '') : doc.title;
    titled = count ? `(${count}) ${base}` : null;
    if (doc.title !== (titled ?? base)) doc.title = titled ?? base;
  });

  // What another tab (or the launcher) decided, the session here does too.
  let view = $conversation.get()?.view;
  $conversation.listen((conversation) => {
    if (conversation?.view === view) return;
    view = conversation?.view;
    if (view === 'minimised') session?.minimise?.();
    else if (view === 'open') session?.restore?.();
    else session?.close();
  });

  const words = launcherStrings(config.languageCode ?? (doc.documentElement.lang || 'en'));
  // What the launcher starts: what the site configured, else what the visit had last.
  const offer = (conversation: Conversation | null) =>
    settings.type || settings.adapter || !conversation
      ? { type: settings.type ?? 'chat', adapter: settings.adapter, scenario: settings.scenario }
      : conversation;
  const labelFor = (conversation: Conversation | null) =>
    conversation?.view === 'minimised'
      ? words.resume
      : (settings.label ?? words[offer(conversation).type]);
  const start = () => {
    const conversation = $conversation.get();
    const { type, adapter, scenario } = offer(conversation);
    return media.start({
      type,
      title: labelFor(conversation),
      ...(adapter ? { adapter } : {}),
      ...(scenario ? { scenario } : {}),
    });
  };

  if (settings.show !== 'never') {
    const { box, attach } = mountShadow(doc, 'launcher', LAUNCHER_CSS);
    box.setAttribute('data-position', settings.position ?? 'bottom-right');
    applyColours(box, config.theme);
    attach();
    render(
      <Launcher
        $conversation={$conversation}
        $inviting={$inviting}
        $focus={$focus}
        always={settings.show === 'always'}
        labelFor={labelFor}
        unreadLabel={words.unread}
        onClick={() => {
          const conversation = $conversation.get();
          if (session?.restore && conversation && conversation.view !== 'ended')
            dispatch({ type: 'restore' });
          else void start();
        }}
      />,
      box,
    );
  }

  return {
    /** Follow a session the launcher's store did not see open: its events move the store. */
    follow(given: MediaSession, opened: Parameters<typeof dispatch>[0]) {
      session = given;
      dispatch(opened);
      given.on('minimised', () => {
        dispatch({ type: 'minimise' });
        $focus.set($focus.get() + 1);
      });
      given.on('incoming', (count) => dispatch({ type: 'incoming', count: Number(count) || 0 }));
      given.on('closed', () => {
        if (session === given) session = null;
        dispatch({ type: 'end' });
      });
      // Taken up minimised, as another page left it.
      if ($conversation.get()?.view === 'minimised') given.minimise?.();
    },
  };
}

/** The page's one launcher: the engage chunk makes one host per page. */
let launcher: ReturnType<typeof createLauncher> | null = null;
const launcherFor = (host: EngageHost, media: EngageMedia) =>
  (launcher ??= createLauncher(host, media));

/** A session opened from an offer or the launcher: the conversation starts, its panel open. */
export function followOpened(
  host: EngageHost,
  media: EngageMedia,
  session: MediaSession,
  adapter: string,
  context: MediaContext,
): void {
  launcherFor(host, media).follow(session, {
    type: 'opened',
    visitID: context.visitID,
    adapter,
    kind: context.type,
    ...(context.scenario ? { scenario: context.scenario } : {}),
  });
}

/**
 * A page of a visit that has had a conversation (or whose launcher always shows) starts: the media
 * session an earlier page left running is taken up (storage MEDIA_KEY), and the launcher appears
 * and follows it.
 */
export async function resumeConversation(host: EngageHost, media: EngageMedia): Promise<void> {
  const saved = readJson<{ visitID?: string; adapter?: string }>(host.storage(), MEDIA_KEY);
  const visitID = host.ids()?.visitID;
  const page = launcherFor(host, media);
  if (!saved?.adapter || !visitID || saved.visitID !== visitID) return;
  try {
    const session = await (await media.adapterNamed(saved.adapter))?.resume?.();
    if (!session) return;
    host.emit('media:resumed', { adapter: saved.adapter });
    page.follow(session, { type: 'resumed', visitID, adapter: saved.adapter });
  } catch (error) {
    host.log.error(`media adapter '${saved.adapter}' could not resume`, error);
  }
}
