import { expect } from 'chai';
import type { InvitationConfig, Theme } from '../../src/protocol/config.ts';
import type { InviteData, ShownInvite } from '../../src/protocol/notification.ts';
import { showInvitation } from '../../widgets/invitation/index.tsx';
import { stringsFor } from '../../widgets/invitation/strings.ts';
import { loadAxe } from './axe.ts';

const invite: ShownInvite = {
  engagementID: 'D'.repeat(32),
  type: 'chat',
  title: 'Questions?',
  message: 'An advisor is free.',
  timeoutMs: 30_000,
};
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function show(config: InvitationConfig = {}, overrides: Partial<InviteData> = {}, theme?: Theme) {
  const answers: string[] = [];
  const view = showInvitation({
    doc: document,
    invite: { ...invite, ...overrides },
    config: { invitation: config, ...(theme ? { theme } : {}) },
    onAnswer: (a) => answers.push(a),
  });
  const element = [...document.querySelectorAll('[data-beckon="invitation"]')].at(
    -1,
  ) as HTMLElement;
  const root = element.shadowRoot as ShadowRoot;
  // The widget's own box inside the shadow root carries its position, direction and theme.
  const host = root.querySelector('.widget') as HTMLElement;
  return { view, answers, host, root, buttons: [...root.querySelectorAll('button')] };
}

describe('the invitation overlay', () => {
  const views: Array<{ close(): void }> = [];
  afterEach(() => {
    for (const view of views.splice(0)) view.close();
    document.documentElement.removeAttribute('dir');
  });
  const open = (...args: Parameters<typeof show>) => {
    const shown = show(...args);
    views.push(shown.view);
    return shown;
  };

  it('is a labelled non-modal dialog, announced politely, that axe-core finds no fault with', async () => {
    const { root } = open();
    const dialog = root.querySelector('[role="dialog"]') as HTMLElement;
    expect(dialog.getAttribute('aria-modal')).to.equal('false');
    expect(root.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent).to.equal(
      'Questions?',
    );
    expect(
      root.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent,
    ).to.equal('An advisor is free.');
    await wait(200);
    expect(root.querySelector('[aria-live="polite"]')?.textContent).to.equal(
      'Questions?. An advisor is free.',
    );
    const axe = await loadAxe();
    const { violations } = await axe.run(
      document.querySelector('[data-beckon="invitation"]') as Element,
    );
    expect(violations.map((v) => `${v.id}: ${v.help}`)).to.deep.equal([]);
  });

  it('does not take focus from what the visitor is typing', () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    open();
    expect(document.activeElement).to.equal(input);
    input.remove();
  });

  it('is keyboard-complete: Tab reaches both buttons, Enter answers, Escape declines', () => {
    const { buttons, answers, root } = open();
    expect(buttons.map((b) => b.textContent)).to.deep.equal(['No thanks', 'Start chat']);
    for (const b of buttons) expect(b.tabIndex).to.equal(0);
    buttons[1]?.focus();
    root
      .querySelector('[role="dialog"]')
      ?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(answers).to.deep.equal(['reject']);
    buttons[1]?.click();
    expect(answers).to.deep.equal(['reject'], 'one answer only');
  });

  it('times out, but not while hovered or focused', async () => {
    const { answers, root, buttons } = open({}, { timeoutMs: 300 });
    const dialog = root.querySelector('[role="dialog"]') as HTMLElement;
    dialog.dispatchEvent(
      new MouseEvent('mouseover', { bubbles: true, relatedTarget: document.body }),
    );
    buttons[0]?.focus();
    await wait(600);
    expect(answers).to.deep.equal([]);
    buttons[0]?.blur();
    dialog.dispatchEvent(
      new MouseEvent('mouseout', { bubbles: true, relatedTarget: document.body }),
    );
    await wait(600);
    expect(answers).to.deep.equal(['timeout']);
  });

  it('speaks German and French, takes string overrides, and words callbacks as such', () => {
    expect(open({ language: 'de-CH' }).buttons.map((b) => b.textContent)).to.deep.equal([
      'Nein, danke',
      'Chat starten',
    ]);
    expect(
      open({ language: 'fr' }, { type: 'callback' }).buttons.map((b) => b.textContent),
    ).to.deep.equal(['Non merci', 'Me rappeler']);
    expect(open({ strings: { decline: 'Later' } }).buttons[0]?.textContent).to.equal('Later');
    expect(stringsFor('xx').text('decline')).to.equal('No thanks');
  });

  it('lays out right to left for RTL languages and RTL pages', () => {
    expect(open({ language: 'ar' }).host.getAttribute('dir')).to.equal('rtl');
    document.documentElement.setAttribute('dir', 'rtl');
    expect(open({ language: 'en' }).host.getAttribute('dir')).to.equal('rtl');
  });

  it('takes its theme and position from config, through custom properties', () => {
    const { host } = open({
      colors: { accent: 'rgb(120, 20, 60)' },
      corner: 4,
      position: 'top-left',
    });
    expect(host.style.getPropertyValue('--beckon-accent')).to.equal('rgb(120, 20, 60)');
    expect(host.style.getPropertyValue('--beckon-radius')).to.equal('4px');
    expect(host.dataset.position).to.equal('top-left');
    const accept = host.querySelector('.accept') as HTMLElement;
    expect(getComputedStyle(accept).backgroundColor).to.equal('rgb(120, 20, 60)');
  });

  it("takes the site's theme colours unless it has its own", () => {
    const theme = { colors: { accent: 'rgb(10, 90, 40)', text: 'rgb(5, 5, 5)' } };
    const themed = open({}, {}, theme).host;
    expect(
      getComputedStyle(themed.querySelector('.accept') as HTMLElement).backgroundColor,
    ).to.equal('rgb(10, 90, 40)');
    expect(themed.style.getPropertyValue('--beckon-text')).to.equal('rgb(5, 5, 5)');
    const own = open({ colors: { accent: 'rgb(120, 20, 60)' } }, {}, theme).host;
    expect(own.style.getPropertyValue('--beckon-accent')).to.equal('rgb(120, 20, 60)');
    expect(own.style.getPropertyValue('--beckon-text')).to.equal('rgb(5, 5, 5)');
  });

  it('leaves nothing behind when closed', () => {
    const { view } = show();
    view.close();
    expect(document.querySelector('[data-beckon]')).to.equal(null);
  });

  it("stays in place and in sight under a hostile page's !important rules on generic selectors", () => {
    const hostile = document.createElement('style');
    // `*` reaches <html> and <body> too, so only rules that leave the page itself standing go there.
    hostile.textContent = `div, aside, dialog, section, iframe, body *, body > *, [data-beckon] {
      display: none !important; visibility: hidden !important; opacity: 0 !important;
      transform: scale(0) !important; filter: blur(20px) !important; clip-path: inset(50%) !important; }
      * { position: static !important; z-index: 0 !important; pointer-events: none !important;
      font-size: 0 !important; color: transparent !important; }`;
    document.head.append(hostile);
    try {
      const { root } = show();
      const dialog = root.querySelector('[role="dialog"]') as HTMLElement;
      // Its own fade-in is not what is tested here.
      for (const animation of dialog.getAnimations()) animation.finish();
      const box = dialog.getBoundingClientRect();
      expect(box.width).to.be.greaterThan(100);
      expect(box.height).to.be.greaterThan(40);
      expect(dialog.checkVisibility({ opacityProperty: true, visibilityProperty: true })).to.equal(
        true,
      );
      // Still at the page's corner, on top, and clickable there.
      expect(box.right).to.be.closeTo(window.innerWidth - 16, 2);
      const atCentre = root.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      expect(dialog.contains(atCentre)).to.equal(true);
      expect(getComputedStyle(dialog).fontSize).not.to.equal('0px');
    } finally {
      hostile.remove();
    }
  });

  it("takes a site's GWE branding through parts named after GWE's classes", () => {
    const brand = document.createElement('style');
    // As `npm run port-gwe-css` writes a site's `.gpe-dialog` and `button[type~=chat]` rules.
    brand.textContent = `beckon-invitation::part(gpe-dialog) { background: rgb(0, 43, 92); }
      beckon-invitation::part(gpe-dialog-title) { color: rgb(0, 163, 224); }
      beckon-invitation::part(chat) { background: rgb(255, 184, 28); }
      beckon-invitation::part(cancel) { text-decoration: underline; }`;
    document.head.append(brand);
    try {
      const { root } = show();
      const style = (selector: string) => getComputedStyle(root.querySelector(selector) as Element);
      expect(style('[role="dialog"]').backgroundColor).to.equal('rgb(0, 43, 92)');
      expect(style('h2').color).to.equal('rgb(0, 163, 224)');
      expect(style('.accept').backgroundColor).to.equal('rgb(255, 184, 28)');
      expect(style('.decline').textDecorationLine).to.equal('underline');
    } finally {
      brand.remove();
    }
  });
});
