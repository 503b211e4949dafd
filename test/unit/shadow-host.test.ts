import { expect } from 'chai';
import { followViewport } from '../../widgets/shadow-host.ts';

describe('a panel following the visual viewport', () => {
  it('takes its top and height as they change, and not once stopped', () => {
    const viewport = Object.assign(new EventTarget(), { offsetTop: 0, height: 844 });
    const box = document.createElement('div');
    const stop = followViewport(box, viewport);
    const read = () => [
      box.style.getPropertyValue('--beckon-viewport-top'),
      box.style.getPropertyValue('--beckon-viewport-height'),
    ];
    expect(read()).to.deep.equal(['0px', '844px']);

    // The keyboard opens: less is visible, and iOS scrolls the visible part.
    viewport.height = 508;
    viewport.dispatchEvent(new Event('resize'));
    viewport.offsetTop = 120;
    viewport.dispatchEvent(new Event('scroll'));
    expect(read()).to.deep.equal(['120px', '508px']);

    stop();
    viewport.height = 844;
    viewport.dispatchEvent(new Event('resize'));
    expect(read()).to.deep.equal(['120px', '508px']);
  });

  it('leaves the stylesheet to its defaults in a browser without a visual viewport', () => {
    const box = document.createElement('div');
    followViewport(box, undefined)();
    expect(box.getAttribute('style')).to.equal(null);
  });
});
