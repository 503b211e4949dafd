import { expect } from 'chai';
import { afterLoad } from '../../src/shared/after-load.ts';

/** A window whose load event, timers and idle callbacks the test fires by hand. */
function fakeWindow(readyState: DocumentReadyState, idle = true) {
  const listeners: Array<() => void> = [];
  const timers: Array<() => void> = [];
  const idles: Array<{ run: () => void; timeout: number | undefined }> = [];
  const win = {
    document: { readyState },
    addEventListener: (type: string, listener: () => void) => {
      if (type === 'load') listeners.push(listener);
    },
    setTimeout: (run: () => void) => timers.push(run),
    ...(idle
      ? {
          requestIdleCallback: (run: () => void, options?: { timeout?: number }) =>
            idles.push({ run, timeout: options?.timeout }),
        }
      : {}),
  };
  return {
    win: win as unknown as Window,
    load: () => {
      for (const listener of listeners.splice(0)) listener();
    },
    tick: () => {
      for (const timer of timers.splice(0)) timer();
    },
    idle: () => {
      for (const { run } of idles.splice(0)) run();
    },
    idles,
  };
}

describe('after the load event', () => {
  it('waits for the load event, then for idle time with a timeout, and runs once', () => {
    const page = fakeWindow('interactive');
    let runs = 0;
    afterLoad(page.win, () => runs++, 1500);
    page.tick();
    page.idle();
    expect(runs, 'not before the load event').to.equal(0);
    page.load();
    page.idle();
    expect(runs, 'not among the load event listeners').to.equal(0);
    page.tick();
    expect(page.idles.map((i) => i.timeout)).to.deep.equal([1500]);
    page.idle();
    expect(runs).to.equal(1);
  });

  it('runs at once when asked (the page is being left), and not again later', () => {
    const page = fakeWindow('loading');
    let runs = 0;
    const now = afterLoad(page.win, () => runs++);
    now();
    now();
    page.load();
    page.tick();
    page.idle();
    expect(runs).to.equal(1);
  });

  it('on a page loaded already waits only for idle time, or a timer without requestIdleCallback', () => {
    const loaded = fakeWindow('complete');
    let runs = 0;
    afterLoad(loaded.win, () => runs++);
    loaded.idle();
    expect(runs).to.equal(1);
    const safari = fakeWindow('complete', false);
    afterLoad(safari.win, () => runs++);
    safari.tick();
    expect(runs).to.equal(2);
  });
});
