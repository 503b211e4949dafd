import { expect } from 'chai';
import { configProblems, resolveConfig } from '../../src/monitor/config.ts';
import { Config } from '../../src/protocol/config.ts';

describe('the resolved config', () => {
  it("takes nothing from a polluted Object.prototype: events and keys stay with the site's endpoint", () => {
    const polluted = Object.prototype as Record<string, unknown>;
    polluted.endpoint = 'https://evil.example';
    polluted.dslResource = 'https://evil.example/dsl.json';
    polluted.adapter = 'evil';
    try {
      const config = resolveConfig({}, 'https://shop.example', 'https:');
      expect(config.endpoint).to.equal('https://shop.example');
      expect(config.dslResource).to.equal(undefined);
      expect(config.adapter).to.equal(undefined);
      expect(
        resolveConfig({ endpoint: 'https://engage.example/' }, 'x', 'https:').endpoint,
      ).to.equal('https://engage.example');
    } finally {
      delete polluted.endpoint;
      delete polluted.dslResource;
      delete polluted.adapter;
    }
  });
});

/** A small seeded generator, so a failure names a case that can be run again. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Values of every JSON kind and then some, generated rather than picked. */
function values(next: () => number, count: number): unknown[] {
  const text = () =>
    next()
      .toString(36)
      .slice(2, 2 + Math.floor(next() * 12));
  const number = () =>
    [0, -1, Number.NaN, Number.POSITIVE_INFINITY, next() * 1000, -next() * 10][
      Math.floor(next() * 6)
    ];
  const makers: Array<() => unknown> = [
    text,
    () => `https://${text()}.example/${text()}`,
    number,
    () => next() < 0.5,
    () => null,
    () => undefined,
    () => [],
    () => Array.from({ length: 1 + Math.floor(next() * 3) }, text),
    () => Array.from({ length: 1 + Math.floor(next() * 3) }, number),
    () => ({}),
    () => ({ [text() || 'k']: text() }),
    () => () => {},
  ];
  return Array.from({ length: count }, () => makers[Math.floor(next() * makers.length)]?.());
}

describe("the core's config check and the protocol's schema", () => {
  it('agree on every key for generated values: what the schema takes the core takes, and the core takes more only where the inner shape is checked later', () => {
    const next = random(Number(new URLSearchParams(location.search).get('seed') ?? 20261202));
    for (const key of Object.keys(Config.shape)) {
      for (const value of values(next, 60)) {
        const schemaOk = Config.safeParse({ [key]: value }).success;
        const coreOk = configProblems({ [key]: value }).length === 0;
        const shown = `${key}: ${typeof value === 'function' ? 'a function' : JSON.stringify(value)}`;
        if (schemaOk) expect(coreOk, `the core refuses ${shown}`).to.equal(true);
        else if (coreOk)
          expect(
            typeof value === 'object' && value !== null,
            `the core takes ${shown}, which the schema refuses`,
          ).to.equal(true);
      }
    }
  });

  it('knows no key the schema does not', () => {
    expect(configProblems({ notAKey: 1 })).to.deep.equal([['notAKey', "unknown key 'notAKey'"]]);
    for (const key of Object.keys(Config.shape))
      expect(configProblems({ [key]: undefined }), key).to.deep.equal([]);
  });
});

describe("GWE's endpoint keys", () => {
  const endpoints = {
    httpEndpoint: 'http://gwe.bank.example',
    httpsEndpoint: 'https://gwe.bank.example/',
  };
  it('pick the endpoint by the page’s protocol; endpoint wins; an https page never falls back to http', () => {
    expect(resolveConfig(endpoints, 'https://cdn.example', 'https:').endpoint).to.equal(
      'https://gwe.bank.example',
    );
    expect(resolveConfig(endpoints, 'https://cdn.example', 'http:').endpoint).to.equal(
      'http://gwe.bank.example',
    );
    expect(
      resolveConfig({ httpsEndpoint: endpoints.httpsEndpoint }, 'https://cdn.example', 'http:')
        .endpoint,
    ).to.equal('https://gwe.bank.example');
    expect(
      resolveConfig({ httpEndpoint: endpoints.httpEndpoint }, 'https://cdn.example', 'https:')
        .endpoint,
    ).to.equal('https://cdn.example');
    expect(
      resolveConfig({ ...endpoints, endpoint: 'https://beckon.example' }, 'x', 'https:').endpoint,
    ).to.equal('https://beckon.example');
  });
});
