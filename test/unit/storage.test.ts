import { expect } from 'chai';
import { openStorage } from '../../src/monitor/storage.ts';

/** Replace a browser property for one test; the returned function puts the original back. */
function shadow(target: object, key: string, descriptor: PropertyDescriptor) {
  Object.defineProperty(target, key, { configurable: true, ...descriptor });
  return () => delete (target as Record<string, unknown>)[key];
}

describe('first-party storage', () => {
  const undo: Array<() => void> = [];
  afterEach(() => {
    for (const restore of undo.splice(0).reverse()) restore();
  });

  it('uses localStorage when it works', () => {
    const storage = openStorage(true);
    expect(storage.kind).to.equal('localStorage');
    storage.set('beckon.test', 'v');
    expect(localStorage.getItem('beckon.test')).to.equal('v');
    storage.remove('beckon.test');
  });

  it('falls back to a cookie when localStorage throws', () => {
    undo.push(
      shadow(window, 'localStorage', {
        get: () => {
          throw new DOMException('denied', 'SecurityError');
        },
      }),
    );
    const storage = openStorage(true);
    expect(storage.kind).to.equal('cookie');
    storage.set('beckon.test', 'a value; with=odd chars');
    expect(storage.get('beckon.test')).to.equal('a value; with=odd chars');
    expect(document.cookie).to.contain('beckon_test=');
    storage.remove('beckon.test');
    expect(document.cookie).not.to.contain('beckon_test=');
  });

  it('never puts bulky data in a cookie, and ends in memory when nothing else works', () => {
    undo.push(shadow(window, 'localStorage', { get: () => null }));
    expect(openStorage(false).kind).to.equal('memory');
    undo.push(shadow(document, 'cookie', { get: () => '', set: () => {} }));
    const storage = openStorage(true);
    expect(storage.kind).to.equal('memory');
    storage.set('k', 'v');
    expect(storage.get('k')).to.equal('v');
  });
});
