import { expect } from 'chai';
import { shareStream } from '../../src/notify/shared.ts';

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
  return check();
};

describe('one notification stream per visit', () => {
  it('is held by one tab at a time; the next takes over when it stops, and messages reach the others', async () => {
    const visitID = `V${Date.now()}`;
    const leading: string[] = [];
    const heard: Record<string, unknown[]> = { a: [], b: [] };
    const tab = (name: 'a' | 'b') =>
      shareStream({
        win: window,
        visitID,
        lead: () => {
          leading.push(name);
          return () => leading.push(`${name} stopped`);
        },
        onShared: (message) => heard[name]?.push(message),
      });
    const a = tab('a');
    await until(() => leading.length === 1);
    const b = tab('b');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(leading).to.deep.equal(['a']);

    a.share({ id: '1', data: 'hello' });
    await until(() => heard.b?.length === 1);
    expect(heard.b).to.deep.equal([{ id: '1', data: 'hello' }]);
    expect(heard.a).to.deep.equal([]);

    a.stop();
    await until(() => leading.includes('b'));
    expect(leading).to.deep.equal(['a', 'a stopped', 'b']);
    b.stop();
  });
});
