import { expect } from 'chai';
import { checkDsl, dslEventProblem } from '../../src/monitor/dsl/check.ts';
import { parseDomainModel } from '../../src/monitor/dsl/domain-model.ts';
import { startTriggers } from '../../src/monitor/dsl/triggers.ts';
import type { Dsl } from '../../src/protocol/dsl.ts';
import { DslEvent } from '../../src/protocol/dsl.ts';
import {
  captureLog,
  manualClock,
  resetPageState,
  setPageState,
  settle,
  startTracker,
  stopTrackers,
} from './helpers.ts';

function run(dsl: Dsl) {
  const clock = manualClock();
  const log = captureLog();
  const fired: Array<[string, Record<string, unknown>]> = [];
  const triggers = startTriggers(checkDsl(dsl, log), {
    win: window,
    clock,
    log,
    fire: (name, data) => fired.push([name, data]),
  });
  return { clock, log, fired, triggers };
}

describe('the DSL', () => {
  let stage: HTMLElement;
  const stops: Array<() => void> = [];
  beforeEach(() => {
    stage = document.createElement('div');
    document.body.append(stage);
  });
  afterEach(() => {
    stopTrackers();
    for (const stop of stops.splice(0)) stop();
    stage.remove();
    resetPageState();
  });
  const started = (dsl: Dsl) => {
    const result = run(dsl);
    stops.push(result.triggers.stop);
    return result;
  };

  it('counts what the visitor did while the DSL chunk was still loading, once', async () => {
    stage.innerHTML = '<button class="buy">Buy</button><form><button>Send</button></form>';
    stage.querySelector('form')?.addEventListener('submit', (e) => e.preventDefault());
    let arrive: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const dsl: Dsl = {
      events: [
        { name: 'Buy', triggers: [{ element: 'button.buy', action: 'click' }] },
        { name: 'Sent', triggers: [{ element: 'form', action: 'submit' }] },
      ],
    };
    const { clock, server } = startTracker(
      { dsl },
      {
        loadDsl: async () => {
          await arrived;
          return import('../../src/monitor/dsl/chunk.ts');
        },
      },
    );
    stage.querySelector<HTMLButtonElement>('button.buy')?.click();
    stage.querySelector<HTMLButtonElement>('form button')?.click();
    await clock.advance(1000);
    expect(server.names()).not.to.include('Buy');
    arrive();
    for (let i = 0; i < 50 && !server.names().includes('Sent'); i++) {
      await settle();
      await clock.advance(1000);
    }
    expect(server.names().filter((name) => name === 'Buy' || name === 'Sent')).to.deep.equal([
      'Buy',
      'Sent',
    ]);
    // Armed now: a click counts once, not through the early queue as well.
    stage.querySelector<HTMLButtonElement>('button.buy')?.click();
    await clock.advance(1000);
    expect(server.names().filter((name) => name === 'Buy')).to.have.length(2);
  });

  it('counts delegated clicks, on elements added later too, up to count', () => {
    const { fired } = started({
      events: [
        { name: 'AddToCart', triggers: [{ element: 'button.add', action: 'click', count: 2 }] },
      ],
    });
    const button = document.createElement('button');
    button.className = 'add';
    const inner = document.createElement('span');
    button.append(inner);
    stage.append(button);
    inner.click();
    button.click();
    button.click();
    expect(fired.map(([name]) => name)).to.deep.equal(['AddToCart', 'AddToCart']);
  });

  it('reads vals from the page: text, attributes and form values, never a password', () => {
    stage.innerHTML = `<h2 class="name"> Lamp </h2><b data-sku="L-1"></b><input class="q" value="walnut"><input type="password" class="pw" value="secret"><button class="go">Go</button>`;
    const { fired, log } = started({
      events: [
        {
          name: 'Search',
          triggers: [{ element: '.go', action: 'click' }],
          vals: [
            { name: 'product', element: '.name' },
            { name: 'sku', element: '[data-sku]', attribute: 'data-sku' },
            { name: 'query', element: '.q' },
            { name: 'password', element: '.pw' },
            { name: 'missing', element: '.nothing-here' },
          ],
        },
      ],
    });
    (stage.querySelector('.go') as HTMLButtonElement).click();
    expect(fired[0]?.[1]).to.deep.equal({
      product: 'Lamp',
      sku: 'L-1',
      query: 'walnut',
      password: null,
      missing: null,
    });
    expect(log.warnings.join()).to.contain('password field');
  });

  it('honours the url restriction', () => {
    stage.innerHTML = '<button class="b">b</button>';
    const { fired } = started({
      events: [
        { name: 'Here', triggers: [{ element: '.b', action: 'click', url: location.pathname }] },
        { name: 'Elsewhere', triggers: [{ element: '.b', action: 'click', url: '/checkout' }] },
      ],
    });
    (stage.querySelector('.b') as HTMLButtonElement).click();
    expect(fired.map(([name]) => name)).to.deep.equal(['Here']);
  });

  it('hears focus through its bubbling twin', () => {
    stage.innerHTML = '<input class="email">';
    const { fired } = started({
      events: [{ name: 'EmailFocused', triggers: [{ element: '.email', action: 'focus' }] }],
    });
    (stage.querySelector('.email') as HTMLInputElement).focus();
    expect(fired.map(([name]) => name)).to.deep.equal(['EmailFocused']);
  });

  it('counts timers only while the page is visible and focused', async () => {
    setPageState({ visible: true, focused: true });
    const { clock, fired } = started({
      events: [{ name: 'Timeout-5', triggers: [{ action: 'timer:5000', type: 'timeout' }] }],
    });
    await clock.advance(3000);
    setPageState({ visible: false });
    await clock.advance(10_000);
    expect(fired).to.have.length(0);
    setPageState({ visible: true });
    setPageState({ focused: false });
    await clock.advance(10_000);
    expect(fired).to.have.length(0);
    setPageState({ focused: true });
    await clock.advance(1999);
    expect(fired).to.have.length(0);
    await clock.advance(1);
    expect(fired.map(([name]) => name)).to.deep.equal(['Timeout-5']);
    await clock.advance(60_000);
    expect(fired).to.have.length(1);
  });

  it('starts timers and counts again on a new page view', async () => {
    setPageState({ visible: true, focused: true });
    stage.innerHTML = '<button class="once">x</button>';
    const { clock, fired, triggers } = started({
      events: [
        { name: 'Timer', triggers: [{ action: 'timer:1000', type: 'timeout' }] },
        { name: 'Once', triggers: [{ element: '.once', action: 'click', count: 1 }] },
      ],
    });
    await clock.advance(600);
    (stage.querySelector('.once') as HTMLButtonElement).click();
    (stage.querySelector('.once') as HTMLButtonElement).click();
    triggers.newPage();
    await clock.advance(600);
    expect(fired.map(([name]) => name)).to.deep.equal(['Once']);
    (stage.querySelector('.once') as HTMLButtonElement).click();
    await clock.advance(400);
    expect(fired.map(([name]) => name)).to.deep.equal(['Once', 'Once', 'Timer']);
  });

  it('applies declarative conditions', () => {
    stage.innerHTML = '<button class="c">c</button><div class="banner" hidden>offer</div>';
    const { fired } = started({
      events: [
        {
          name: 'SawBanner',
          triggers: [{ element: '.c', action: 'click' }],
          condition: { elementVisible: '.banner' },
        },
      ],
    });
    (stage.querySelector('.c') as HTMLButtonElement).click();
    (stage.querySelector('.banner') as HTMLElement).hidden = false;
    (stage.querySelector('.c') as HTMLButtonElement).click();
    expect(fired).to.have.length(1);
  });

  it('logs each bad event with its path and keeps the good ones', () => {
    const log = captureLog();
    const dsl = checkDsl(
      {
        events: [
          { name: 'Good', triggers: [{ action: 'click', element: 'a' }] },
          { name: 'NoTriggers', triggers: [] },
          { name: 'BadSelector', triggers: [{ action: 'click', element: 'a[' }] },
          { name: 'BadTimer', triggers: [{ action: 'timer:soon' }] },
        ],
      },
      log,
    );
    expect(dsl.events.map((event) => event.name)).to.deep.equal(['Good']);
    expect(log.errors).to.have.length(3);
    expect(log.errors[0]).to.contain('dsl.events[1].triggers');
    expect(log.errors[1]).to.contain('dsl.events[2].triggers[0].element');
    expect(log.errors[2]).to.contain('dsl.events[3].triggers[0].action');
    expect(checkDsl('nope', log).events).to.deep.equal([]);
  });

  it("agrees with the protocol's zod schema on what is a valid event", () => {
    const corpus: unknown[] = [
      { name: 'A', triggers: [{ action: 'click' }] },
      {
        name: 'B',
        triggers: [{ action: 'timer:30000', type: 'timeout', url: '/x', count: 1 }],
        vals: [{ name: 'v', element: 'h1' }],
      },
      {
        name: 'C',
        triggers: [{ action: 'click', element: '.x' }],
        condition: { pageFocused: true },
      },
      {
        name: 'D',
        triggers: [{ action: 'click' }],
        vals: [{ name: 'v', element: 'h1', attribute: 'id' }],
      },
      null,
      { name: '', triggers: [{ action: 'click' }] },
      { name: 'has space', triggers: [{ action: 'click' }] },
      { name: 'E', triggers: [] },
      { name: 'F', triggers: [{}] },
      { name: 'G', triggers: [{ action: 'click', type: 'interval' }] },
      { name: 'H', triggers: [{ action: 'click', count: 0 }] },
      { name: 'I', triggers: [{ action: 'click', count: 1.5 }] },
      { name: 'J', triggers: [{ action: 'click', url: 5 }] },
      { name: 'K', triggers: [{ action: 'click' }], vals: [{ name: 'v' }] },
      { name: 'L', triggers: [{ action: 'click' }], vals: 'x' },
      { name: 'M', triggers: [{ action: 'click' }], condition: { pageFocused: 'yes' } },
      { name: 'N', triggers: 'click' },
    ];
    for (const candidate of corpus) {
      const ours = dslEventProblem(candidate, 'e') === null;
      const schema = DslEvent.safeParse(candidate).success;
      expect(ours, JSON.stringify(candidate)).to.equal(schema);
    }
  });

  it("reads GWE's domain-model.xml and reports JavaScript conditions as unsupported", () => {
    const log = captureLog();
    const xml = `<?xml version="1.0" encoding="utf-8"?>
      <properties><events>
        <event id="Timeout-30" name="Timeout-30" postcondition="document.hasFocus() === true">
          <trigger name="TimeoutTrigger" element="" action="timer:30000" type="timeout" url="" count="1" />
        </event>
        <event id="SearchEvent" name="Search">
          <trigger name="SearchTrigger" element="#searchButton" action="click" url="" count="1" />
          <val name="searchString" value="$('#searchInput').val()" />
          <val name="query" element="#searchInput" />
        </event>
      </events></properties>`;
    const dsl = checkDsl(parseDomainModel(xml, log), log);
    expect(log.errors).to.deep.equal([]);
    expect(dsl.events.map((event) => event.name)).to.deep.equal(['Timeout-30', 'Search']);
    expect(dsl.events[0]?.triggers[0]).to.include({
      action: 'timer:30000',
      type: 'timeout',
      count: 1,
    });
    expect(dsl.events[1]?.vals).to.deep.equal([{ name: 'query', element: '#searchInput' }]);
    expect(log.warnings).to.have.length(2);
    expect(log.warnings[0]).to.contain('postcondition').and.contain('unsupported, not evaluated');
    expect(log.warnings[1]).to.contain('searchString');
  });
});
