import { expect } from 'chai';
import { resolveConfig } from '../../src/monitor/config.ts';

describe('the resolved config', () => {
  it("takes nothing from a polluted Object.prototype: events and keys stay with the site's endpoint", () => {
    const polluted = Object.prototype as Record<string, unknown>;
    polluted.endpoint = 'https://evil.example';
    polluted.dslResource = 'https://evil.example/dsl.json';
    polluted.adapter = 'evil';
    try {
      const config = resolveConfig({}, 'https://shop.example');
      expect(config.endpoint).to.equal('https://shop.example');
      expect(config.dslResource).to.equal(undefined);
      expect(config.adapter).to.equal(undefined);
      expect(resolveConfig({ endpoint: 'https://engage.example/' }, 'x').endpoint).to.equal(
        'https://engage.example',
      );
    } finally {
      delete polluted.endpoint;
      delete polluted.dslResource;
      delete polluted.adapter;
    }
  });
});
