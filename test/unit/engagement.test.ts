import { expect } from 'chai';
import { createEngagement } from '../../src/engage/engagement.ts';
import type { EngageHost } from '../../src/engage/host.ts';
import { MEDIA_KEY, type MediaAdapter } from '../../src/media/adapter.ts';
import { resolveConfig } from '../../src/monitor/config.ts';
import { createEmitter } from '../../src/monitor/emitter.ts';
import { memoryStorage } from '../../src/monitor/storage.ts';
import type { Config } from '../../src/protocol/config.ts';
import type { MediaContext } from '../../src/protocol/media.ts';
import { captureLog, resetPageState, setPageState } from './helpers.ts';

const ids = { globalVisitID: 'A'.repeat(32), visitID: 'B'.repeat(32), pageID: 'C'.repeat(32) };
const invite = (engagementID: string, extra: Record<string, unknown> = {}) => ({
  channel: 'beckon.invite',
  data: {
    engagementID,
    type: 'chat',
    title: 'Need help?',
    message: 'An advisor is free.',
    ...extra,
  },
});
const overlay = () => document.querySelector('[data-beckon="invitation"]');
const button = (name: RegExp) =>
  [...(overlay()?.shadowRoot?.querySelectorAll('button') ?? [])].find((b) =>
    name.test(b.textContent ?? ''),
  ) as HTMLButtonElement;
const until = async (check: () => unknown, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
  return check();
};

function host(config: Config = {}) {
  const tracked: Array<[string, Record<string, unknown> | undefined]> = [];
  const emitted: Array<[string, unknown]> = [];
  const opened: MediaContext[] = [];
  /** Replies the test adapter heard once it had resumed, slowly, as a chunk load would be. */
  const heard: unknown[] = [];
  const log = captureLog();
  const emitter = createEmitter(log);
  const adapters = new Map<string, MediaAdapter>([
    [
      'test',
      {
        name: 'test',
        party: 'second',
        open: async (context) => {
          opened.push(context);
          return { close: () => {}, on: () => {} };
        },
        resume: async () => {
          await new Promise((resolve) => setTimeout(resolve, 50));
          emitter.on('message', (reply) => heard.push(reply));
          return { close: () => {}, on: () => {} };
        },
      },
    ],
  ]);
  const storage = memoryStorage();
  const engageHost: EngageHost = {
    win: window,
    config: resolveConfig({ adapter: 'test', ...config }, location.origin),
    log,
    storage: () => storage,
    now: () => Date.now(),
    ids: () => ids,
    track: (_type, name, data) => tracked.push([name, data]),
    emit: (name, payload) => {
      emitted.push([name, payload]);
      emitter.emit(name, payload);
    },
    on: emitter.on,
    off: emitter.off,
    adapters,
  };
  return {
    engagement: createEngagement(engageHost),
    tracked,
    emitted,
    opened,
    log,
    storage,
    heard,
  };
}

describe('the engagement in the page', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('[data-beckon]')) el.remove();
    resetPageState();
  });

  it('shows a server invitation, reports it, and opens the adapter with the attached data on accept', async () => {
    const { engagement, tracked, opened, emitted } = host();
    engagement.receive(invite('1'.repeat(32), { scenario: 'CHAT-NOW' }));
    expect(await until(overlay)).to.be.ok;
    button(/Start chat/).click();
    await until(() => opened.length);
    expect(tracked.map(([name]) => name)).to.deep.equal([
      'InviteShown',
      'InviteAccepted',
      'MediaOpened',
    ]);
    expect(tracked[1]?.[1]).to.include({
      engagementID: '1'.repeat(32),
      type: 'chat',
      proactive: true,
    });
    expect(opened[0]).to.deep.include({
      ...ids,
      engagementID: '1'.repeat(32),
      proactive: true,
      type: 'chat',
      scenario: 'CHAT-NOW',
    });
    expect(opened[0]?.attachedData).to.deep.equal({
      visitID: ids.visitID,
      pageID: ids.pageID,
      webengagement: '',
    });
    expect(overlay()).to.equal(null);
    expect(emitted.map(([name]) => name)).to.include.members([
      'invite:offered',
      'invite:shown',
      'invite:accepted',
      'media:opened',
    ]);
  });

  it('drops invalid notifications with a counted warning and never shows them', async () => {
    const { engagement, log } = host();
    const hostile = [
      {
        channel: 'beckon.invite',
        data: { engagementID: 'x', type: 'chat', title: 'Hi', message: '' },
      },
      {
        channel: 'beckon.invite',
        data: { engagementID: '2'.repeat(32), type: 'video', title: 'Hi', message: '' },
      },
      { channel: 'gpe.appendContent', data: { url: 'javascript:alert(1)' } },
      { channel: 'gpe.unknown', data: {} },
      'just a string',
      null,
    ];
    for (const message of hostile) engagement.receive(message);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(overlay()).to.equal(null);
    expect(engagement.invalidCount()).to.equal(hostile.length);
    expect(log.warnings).to.have.length(hostile.length);
    expect(log.warnings[5]).to.contain('(6 so far)');
  });

  it('keeps HTML in a message as text', async () => {
    const { engagement } = host();
    const html = '<img src=x onerror="window.__pwned=1">Hello';
    engagement.receive(invite('3'.repeat(32), { title: html, message: '<b>bold</b>' }));
    await until(overlay);
    const root = overlay()?.shadowRoot;
    expect(root?.querySelector('h2')?.textContent).to.equal(html);
    expect(root?.querySelector('p')?.textContent).to.equal('<b>bold</b>');
    expect(root?.querySelector('img, b')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('reports a decline, and the local cap then holds back further invitations in the visit', async () => {
    const { engagement, tracked, log } = host();
    engagement.receive(invite('4'.repeat(32)));
    await until(overlay);
    button(/No thanks/).click();
    expect(tracked.map(([name]) => name)).to.deep.equal(['InviteShown', 'InviteRejected']);
    engagement.receive(invite('5'.repeat(32)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(overlay()).to.equal(null);
    expect(log.warnings.join()).to.contain('local frequency cap (declined)');
  });

  it('withdraws an invitation on beckon.revoke, and ignores expired ones', async () => {
    const { engagement, tracked } = host();
    engagement.receive(invite('6'.repeat(32), { expiresAt: Date.now() - 1 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(overlay()).to.equal(null);
    engagement.receive(invite('7'.repeat(32)));
    await until(overlay);
    engagement.receive({ channel: 'beckon.revoke', data: { engagementID: '7'.repeat(32) } });
    expect(overlay()).to.equal(null);
    expect(tracked.map(([name]) => name)).to.deep.equal(['InviteShown']);
  });

  it('waits for a hidden tab to become visible, and then shows nothing already seen or withdrawn', async () => {
    setPageState({ visible: false });
    const { engagement } = host();
    engagement.receive(invite('A'.repeat(32)));
    engagement.receive({ channel: 'beckon.revoke', data: { engagementID: 'A'.repeat(32) } });
    engagement.receive(invite('9'.repeat(32)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(overlay()).to.equal(null);
    setPageState({ visible: true });
    expect(await until(overlay)).to.be.ok;
    expect(overlay()?.shadowRoot?.querySelector('h2')?.id).to.equal(
      `beckon-${'9'.repeat(32)}-title`,
    );
    expect(document.querySelectorAll('[data-beckon="invitation"]')).to.have.length(1);
  });

  it("lets the page raise its own invitation with ['invite'], not marked proactive", async () => {
    const { engagement, opened, log } = host();
    engagement.invite({
      type: 'callback',
      title: 'Shall we call you?',
      message: 'Free of charge.',
    });
    await until(overlay);
    button(/Call me back/).click();
    await until(() => opened.length);
    expect(opened[0]?.proactive).to.equal(false);
    expect(opened[0]?.attachedData).to.deep.equal({ visitID: ids.visitID, pageID: ids.pageID });
    engagement.invite({ type: 'video', title: 'x' });
    expect(log.errors[0]).to.contain("_gt.push(['invite', ...]): type");
  });

  it("holds a reply that arrives while the earlier page's session resumes, so its adapter hears it", async () => {
    const { engagement, storage, heard, emitted } = host();
    storage.set(MEDIA_KEY, JSON.stringify({ visitID: ids.visitID, adapter: 'test' }));
    const resumed = engagement.pageStarted();
    engagement.receive({ channel: 'beckon.message', data: { id: 'r1', text: 'Still there?' } });
    await resumed;
    await until(() => heard.length);
    expect(heard).to.deep.equal([{ id: 'r1', text: 'Still there?' }]);
    expect(emitted.map(([name]) => name)).to.include('media:resumed');
  });

  it('reports MediaFailed with a clear error when the adapter is unknown', async () => {
    const { engagement, tracked, log } = host({ adapter: 'nope' });
    engagement.receive(invite('8'.repeat(32)));
    await until(overlay);
    button(/Start chat/).click();
    await until(() => tracked.length === 3);
    expect(tracked[2]?.[0]).to.equal('MediaFailed');
    expect(log.errors[0]).to.contain("no adapter named 'nope'");
  });
});
