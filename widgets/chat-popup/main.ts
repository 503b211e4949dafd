import { resolveConfig } from '../../src/monitor/config.ts';
import { createLog } from '../../src/monitor/log.ts';
import { openStorage } from '../../src/monitor/storage.ts';
import { MediaContext } from '../../src/protocol/media.ts';
import { createGmsAdapter } from '../gms/index.ts';
import { hearOpener, themeFromAddress } from '../gms/popup.ts';

/**
 * chat.html, the chat in a window of its own: the context comes in the URL (visitID, pageID,
 * engagementID, gmsScenario, webengagement, and where GMS is), as the seed's indexGPE.html takes it,
 * with the opener's origin, whose nudges it takes. A reload goes on with the running chat.
 */
async function main() {
  const params = new URLSearchParams(location.search);
  const get = (key: string) => params.get(key) ?? undefined;
  const proactive = params.has('webengagement');
  const parsed = MediaContext.safeParse({
    visitID: get('visitID'),
    pageID: get('pageID'),
    globalVisitID: get('globalVisitID') ?? get('visitID'),
    ...(get('engagementID') ? { engagementID: get('engagementID') } : {}),
    // GWE's indexGPE.html names it gmsScenario; Beckon's own links used scenario.
    ...((get('gmsScenario') ?? get('scenario'))
      ? { scenario: get('gmsScenario') ?? get('scenario') }
      : {}),
    proactive,
    type: 'chat',
    attachedData: {
      visitID: get('visitID') ?? '',
      pageID: get('pageID') ?? '',
      ...(proactive ? { webengagement: '' } : {}),
    },
  });
  const log = createLog();
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = `This chat page needs visitID and pageID in its address (${issue?.path.join('.')}: ${issue?.message}).`;
    log.error(message);
    const note = document.createElement('p');
    note.setAttribute('role', 'alert');
    note.textContent = message;
    document.body.append(note);
    return;
  }
  const storage = openStorage(false);
  // The opener passes on the visit's `beckon.chat` nudges; only its messages count.
  const nudges = new Set<(data: unknown) => void>();
  hearOpener(window, get('opener'), (data) => {
    for (const nudge of nudges) nudge(data);
  });
  const adapter = createGmsAdapter(
    {
      win: window,
      log,
      storage: () => storage,
      on: (_name, listener) => nudges.add(listener),
      off: (_name, listener) => nudges.delete(listener),
      config: resolveConfig(
        {
          ...themeFromAddress(get('theme')),
          gms: {
            ...(get('gmsBaseUrl') ? { baseUrl: get('gmsBaseUrl') } : {}),
            ...(get('chatService') ? { chatService: get('chatService') } : {}),
            ...(get('callbackService') ? { callbackService: get('callbackService') } : {}),
            ...(get('pollSeconds') ? { pollSeconds: Number(get('pollSeconds')) } : {}),
            ...(get('requireName') === 'true' ? { requireName: true } : {}),
          },
        },
        location.origin,
      ),
    },
    'page',
  );
  const resumed = await adapter.resume();
  if (!resumed) await adapter.open(parsed.data);
}

main().catch((error) => console.error('[beckon] the chat could not start', error));
