import { sendKeys } from '@web/test-runner-commands';
import { expect } from 'chai';
import { openPanel, type PanelOptions } from '../../widgets/panel/panel.ts';
import { loadAxe } from './axe.ts';

// The adapter kit's panel as a visitor meets it, by keyboard, and on a page whose own CSS tries to
// reach it (Playwright's keyboard does not work on a page whose every element is restyled).

const hostile = document.createElement('style');
hostile.textContent =
  '* { display: block !important; color: red !important; } section, iframe, button { display: none !important; visibility: hidden !important; }';

function start(options: Partial<PanelOptions> = {}) {
  const opener = document.createElement('button');
  opener.textContent = 'Book';
  document.body.append(opener);
  opener.focus();
  const closed: string[] = [];
  const panel = openPanel({
    title: 'Book a visit',
    onClose: () => closed.push('closed'),
    ...options,
  });
  const host = document.querySelector(`[data-beckon="${options.name ?? 'panel'}"]`) as HTMLElement;
  const root = host.shadowRoot as ShadowRoot;
  const dialog = root.querySelector('[role="dialog"]') as HTMLElement;
  return { panel, opener, closed, host, root, dialog };
}

describe('the adapter kit panel', () => {
  afterEach(() => {
    hostile.remove();
    for (const node of document.querySelectorAll('[data-beckon], body > button')) node.remove();
  });

  it('is a labelled dialog the page CSS cannot hide, placed where asked', async () => {
    document.head.append(hostile);
    const { dialog, root, panel } = start({ placement: 'top-left' });
    panel.body.append(Object.assign(document.createElement('p'), { textContent: 'Pick a time' }));
    expect(dialog.getAttribute('aria-label')).to.equal('Book a visit');
    expect(getComputedStyle(dialog).display).to.equal('flex');
    expect(dialog.getBoundingClientRect().width).to.be.greaterThan(100);
    const box = root.querySelector('.widget') as HTMLElement;
    expect(box.dataset.position).to.equal('top-left');
    expect(box.getBoundingClientRect().top).to.equal(16);
    const axe = await loadAxe();
    const { violations } = await axe.run(dialog);
    expect(violations.map((v) => v.help)).to.deep.equal([]);
  });

  it('closes on Escape, tells the adapter once, and gives focus back to where it was', async () => {
    const { opener, closed, dialog, host } = start();
    expect(document.activeElement).to.equal(host);
    expect((host.shadowRoot as ShadowRoot).activeElement).to.equal(dialog);
    await sendKeys({ press: 'Escape' });
    expect(host.isConnected).to.equal(false);
    expect(closed).to.deep.equal(['closed']);
    expect(document.activeElement).to.equal(opener);
  });

  it('closes by its button from the keyboard, and a second close changes nothing', async () => {
    const { opener, closed, panel, host } = start();
    await sendKeys({ press: 'Tab' });
    expect((host.shadowRoot as ShadowRoot).activeElement?.textContent).to.equal('Close');
    await sendKeys({ press: 'Enter' });
    panel.close();
    expect(host.isConnected).to.equal(false);
    expect(closed).to.deep.equal(['closed']);
    expect(document.activeElement).to.equal(opener);
  });

  it('leaves focus alone when the visitor has gone elsewhere on the page', () => {
    const { panel } = start();
    const elsewhere = document.createElement('input');
    document.body.append(elsewhere);
    elsewhere.focus();
    panel.close();
    expect(document.activeElement).to.equal(elsewhere);
    elsewhere.remove();
  });

  it('frames a page of another origin sandboxed with its own storage, and one of the site without', () => {
    const other = start({ frame: 'http://127.0.0.1:9/new?visitID=1', name: 'booking' });
    const frame = other.root.querySelector('iframe') as HTMLIFrameElement;
    expect(frame.title).to.equal('Book a visit');
    expect(frame.getAttribute('sandbox')).to.equal(
      'allow-scripts allow-forms allow-popups allow-same-origin',
    );
    expect(other.root.activeElement).to.equal(frame);
    other.panel.close();
    const own = start({ frame: '/booking.html' });
    expect(own.root.querySelector('iframe')?.getAttribute('sandbox')).to.equal(
      'allow-scripts allow-forms allow-popups',
    );
  });

  it('refuses a bad address or name before it shows anything', () => {
    expect(() => openPanel({ title: 'x', frame: 'http://[nope' })).to.throw();
    expect(() => openPanel({ title: 'x', name: 'Not A Name' })).to.throw(/lowercase/);
    expect(document.querySelectorAll('[data-beckon]')).to.have.length(0);
  });

  it("keeps an adapter's CSS inside its own panel", () => {
    document.head.append(hostile);
    const { root } = start({ css: 'p { color: rgb(1, 2, 3); }' });
    const inside = document.createElement('p');
    root.querySelector('.body')?.append(inside);
    const outside = document.createElement('p');
    document.body.append(outside);
    expect(getComputedStyle(inside).color).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(outside).color).to.equal('rgb(255, 0, 0)');
    outside.remove();
  });
});
