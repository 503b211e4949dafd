import type { MediaAdapter, MediaSession } from '../media/adapter.ts';
import { newId } from '../monitor/id.ts';
import { visitorFields } from '../monitor/visitor.ts';
import type { MediaContext } from '../protocol/media.ts';
import type { InviteData } from '../protocol/notification.ts';
import type { EngageHost } from './host.ts';

/** Built-in adapters, loaded only when an engagement asks for them. */
const BUILT_IN: Record<string, (host: EngageHost) => Promise<MediaAdapter>> = {
  frame: async (host) =>
    (await import('../../widgets/frame/index.ts')).createFrameAdapter(host.win, host.config.frame),
  gms: async (host) => (await import('../../widgets/gms/index.ts')).createGmsAdapter(host),
  inbox: async (host) => (await import('../../widgets/inbox/index.ts')).createInboxAdapter(host),
};

export function mediaContext(
  host: EngageHost,
  invite: InviteData,
  proactive: boolean,
): MediaContext | null {
  const ids = host.ids();
  if (!ids) return null;
  const user = visitorFields(host.storage(), ids.visitID);
  return {
    ...ids,
    engagementID: invite.engagementID,
    proactive,
    type: invite.type,
    ...(invite.scenario ? { scenario: invite.scenario } : {}),
    // What the visit said of its visitor (as GWE copies it), then the offer's own fields; GWE's
    // reporting keys last, so nothing overrides them: visitID and pageID always, and webengagement
    // (empty) when the engagement was proactive.
    attachedData: {
      ...user,
      ...invite.attachedData,
      visitID: ids.visitID,
      pageID: ids.pageID,
      ...(proactive ? { webengagement: '' } : {}),
    },
    ...(Object.keys(user).length ? { user } : {}),
  };
}

/** The adapter registered under `name`, else the built-in one, else undefined. */
export async function adapterNamed(
  host: EngageHost,
  name: string,
): Promise<MediaAdapter | undefined> {
  return host.adapters.get(name) ?? (await BUILT_IN[name]?.(host));
}

/**
 * What the launcher's chunk borrows from this one: handed over, not imported, so that the two
 * chunks share no module and this one stays whole.
 */
export interface EngageMedia {
  /** Opens what the launcher starts, as a page's own offer (not proactive). */
  start(offer: Pick<InviteData, 'type' | 'title' | 'adapter' | 'scenario'>): Promise<unknown>;
  adapterNamed(name: string): Promise<MediaAdapter | undefined>;
}

type UseLauncher = (
  chunk: typeof import('../../widgets/launcher/index.tsx'),
  media: EngageMedia,
) => void;

/**
 * The launcher's chunk (widgets/launcher/), as a way to use it with what it borrows from this
 * one; null, logged, when it cannot load. Loaded once the visit has had a conversation, or on every
 * page when the site always shows the launcher.
 */
const loadLauncher = (host: EngageHost) =>
  import('../../widgets/launcher/index.tsx')
    .then(
      (chunk) => (use: UseLauncher) =>
        use(chunk, {
          start: (offer) =>
            openMedia(host, { engagementID: newId(), message: '', ...offer }, false),
          adapterNamed: (name) => adapterNamed(host, name),
        }),
    )
    .catch((error) => {
      host.log.error('the launcher could not load', error);
      return null;
    });

export const withLauncher = async (host: EngageHost, use: UseLauncher) =>
  (await loadLauncher(host))?.(use);

/** Opens the adapter an accepted invitation names (else the configured one, else `frame`). */
export async function openMedia(
  host: EngageHost,
  invite: InviteData,
  proactive: boolean,
): Promise<MediaSession | null> {
  const name = invite.adapter ?? host.config.adapter ?? 'frame';
  const context = mediaContext(host, invite, proactive);
  const fail = (reason: string) => {
    host.log.error(`media adapter '${name}' could not open: ${reason}`);
    host.track('SYSTEM', 'MediaFailed', {
      engagementID: invite.engagementID,
      adapter: name,
      reason,
    });
    return null;
  };
  if (!context) return fail('no visit');
  // The launcher loads beside the adapter and follows the session from its first moment: the
  // visitor's minimise, were it to come first, would be lost, and the chat with it.
  const launcher = loadLauncher(host);
  try {
    const adapter = await adapterNamed(host, name);
    if (!adapter) return fail(`no adapter named '${name}'; register one with ['adapter', adapter]`);
    const follow = await launcher;
    const session = await adapter.open(context);
    follow?.((chunk, media) => chunk.followOpened(host, media, session, name, context));
    host.track('SYSTEM', 'MediaOpened', { engagementID: invite.engagementID, adapter: name });
    host.emit('media:opened', { adapter: name, context });
    session.on('closed', () => host.emit('media:closed', { adapter: name, context }));
    return session;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}
