import { expect } from 'chai';
import { names, startTracker, stopTrackers } from './helpers.ts';

const base = location.pathname + location.search;
const at = (path: string) => `${path}${location.search}`;

describe('single-page app navigation', () => {
  afterEach(() => {
    stopTrackers();
    history.replaceState(null, '', base);
  });

  it('pushState to a new path closes the page view and opens one with a new pageID', async () => {
    const { clock, server } = startTracker();
    history.pushState(null, '', at('/shop/lamp'));
    await clock.advance(1000);
    expect(names(server.received)).to.deep.equal([
      'VisitStarted',
      'PageEntered',
      'PageExited',
      'PageEntered',
    ]);
    const [, entered, exited, next] = server.received;
    expect(exited?.pageID).to.equal(entered?.pageID);
    expect(exited?.url).to.equal(entered?.url);
    expect(next?.pageID).not.to.equal(entered?.pageID);
    expect(new URL(next?.url ?? '').pathname).to.equal('/shop/lamp');
  });

  it('replaceState counts only when the path changes', async () => {
    const { clock, server } = startTracker();
    history.replaceState({ scroll: 1 }, '', location.href);
    await clock.advance(1000);
    expect(names(server.received)).to.deep.equal(['VisitStarted', 'PageEntered']);
    history.replaceState(null, '', at('/shop/desk'));
    await clock.advance(1000);
    expect(names(server.received)).to.deep.equal([
      'VisitStarted',
      'PageEntered',
      'PageExited',
      'PageEntered',
    ]);
  });

  it('back and forward (popstate) open a new page view', async () => {
    const { clock, server } = startTracker();
    history.pushState(null, '', at('/shop/one'));
    history.pushState(null, '', at('/shop/two'));
    const popped = new Promise((resolve) => addEventListener('popstate', resolve, { once: true }));
    history.back();
    await popped;
    await clock.advance(1000);
    const entered = server.received.filter((event) => event.eventName === 'PageEntered');
    expect(entered.map((event) => new URL(event.url).pathname).slice(1)).to.deep.equal([
      '/shop/one',
      '/shop/two',
      '/shop/one',
    ]);
    expect(new Set(entered.map((event) => event.pageID)).size).to.equal(4);
  });

  it('treats a hash change as a page view only with trackHash', async () => {
    const plain = startTracker();
    location.hash = '#/faq';
    await new Promise((resolve) => setTimeout(resolve, 20));
    await plain.clock.advance(1000);
    expect(names(plain.server.received)).to.deep.equal(['VisitStarted', 'PageEntered']);
    stopTrackers();

    const hashed = startTracker({ trackHash: true });
    location.hash = '#/contact';
    await new Promise((resolve) => setTimeout(resolve, 20));
    await hashed.clock.advance(1000);
    expect(names(hashed.server.received).slice(-2)).to.deep.equal(['PageExited', 'PageEntered']);
  });

  it('does nothing on route changes with trackSpa: false, and ["page"] opens a view by hand', async () => {
    const { tracker, clock, server } = startTracker({ trackSpa: false });
    history.pushState(null, '', at('/manual'));
    await clock.advance(1000);
    expect(names(server.received)).to.deep.equal(['VisitStarted', 'PageEntered']);
    tracker.page({ title: 'Manual page' });
    await clock.advance(1000);
    expect(names(server.received)).to.deep.equal([
      'VisitStarted',
      'PageEntered',
      'PageExited',
      'PageEntered',
    ]);
    expect(server.received[3]).to.include({ title: 'Manual page' });
  });

  it('records how long the page view lasted and how long it was visible', async () => {
    const { clock, server } = startTracker();
    await clock.advance(4000);
    history.pushState(null, '', at('/timed'));
    await clock.advance(1000);
    expect(server.received[2]?.data).to.deep.equal({ durationMs: 4000, visibleMs: 4000 });
  });
});
