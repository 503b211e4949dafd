import { expect } from 'chai';
import { hearOpener, POPUP_NUDGE, themeFromAddress } from '../../widgets/gms/popup.ts';
import { applyColours, brandOf } from '../../widgets/theme.ts';

/**
 * A frame that posts to this window whatever list it is handed, then a marker: messages from one
 * window arrive in order, so once the marker has come, everything it posted before has been heard.
 */
async function poster(options: { opaqueOrigin: boolean }) {
  const frame = document.createElement('iframe');
  if (options.opaqueOrigin) frame.sandbox.add('allow-scripts');
  frame.srcdoc = `<script>
    addEventListener('message', (e) => {
      for (const m of e.data.post) parent.postMessage(m, '*');
      parent.postMessage({ marker: e.data.marker }, '*');
    });
  </script>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as Window;
  return {
    win,
    post: (messages: unknown[]) =>
      new Promise<void>((resolve) => {
        const marker = Math.random().toString(36);
        const done = (event: MessageEvent) => {
          if (event.data?.marker !== marker) return;
          window.removeEventListener('message', done);
          resolve();
        };
        window.addEventListener('message', done);
        win.postMessage({ post: messages, marker }, '*');
      }),
    remove: () => frame.remove(),
  };
}

describe('the chat popup hears its opener only', () => {
  const frames: Array<{ remove(): void }> = [];
  afterEach(() => {
    for (const frame of frames.splice(0)) frame.remove();
  });
  /** This window as chat.html sees itself, opened by `opener`. */
  const popupOf = (opener: Window) => ({
    addEventListener: window.addEventListener.bind(window),
    opener,
  });
  const nudge = (chatId: string) => ({ [POPUP_NUDGE]: { chatId } });

  it("takes nudges from the opener's window at the opener's origin, and nothing else", async () => {
    const opener = await poster({ opaqueOrigin: false });
    const sameOrigin = await poster({ opaqueOrigin: false });
    const otherOrigin = await poster({ opaqueOrigin: true });
    frames.push(opener, sameOrigin, otherOrigin);
    const heard: unknown[] = [];
    hearOpener(popupOf(opener.win), location.origin, (n) => heard.push(n));

    await sameOrigin.post([nudge('from another frame of the origin')]);
    await otherOrigin.post([nudge('from another origin')]);
    await opener.post([null, 'beckon:chat', { [POPUP_NUDGE]: null }, 42]);
    expect(heard).to.deep.equal([]);
    await opener.post([nudge('CHAT1')]);
    expect(heard).to.deep.equal([{ chatId: 'CHAT1' }]);
  });

  it('takes nothing from its opener at an origin other than the one its address names', async () => {
    const opener = await poster({ opaqueOrigin: true });
    frames.push(opener);
    const heard: unknown[] = [];
    hearOpener(popupOf(opener.win), location.origin, (n) => heard.push(n));
    const unnamed: unknown[] = [];
    hearOpener(popupOf(opener.win), undefined, (n) => unnamed.push(n));
    await opener.post([nudge('CHAT1')]);
    expect(heard).to.deep.equal([]);
    expect(unnamed).to.deep.equal([]);
  });
});

describe("the chat popup reading the page's theme from its address", () => {
  it('takes an object and nothing else, and what is wrong inside it shows nothing', () => {
    for (const given of [undefined, '', 'not json', '42', '"text"', 'null', '[1, 2]', '{'])
      expect(themeFromAddress(given), String(given)).to.deep.equal({});
    const theme = { name: 'Lamps & Light', colors: { accent: 'rgb(1, 2, 3)' } };
    expect(themeFromAddress(JSON.stringify(theme))).to.deep.equal({ theme });

    // Anyone can write a chat.html address: a hostile one gets no script and no foreign styles in.
    const { theme: hostile } = themeFromAddress(
      JSON.stringify({ name: 7, logo: 'javascript:alert(1)', colors: { accent: { x: 1 } } }),
    );
    expect(brandOf(hostile, 'https://engage.example/chat.html')).to.deep.equal({
      name: null,
      logo: null,
    });
    const box = document.createElement('div');
    applyColours(box, hostile);
    expect(box.getAttribute('style')).to.equal(null);
  });
});
