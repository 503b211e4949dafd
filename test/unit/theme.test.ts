import { expect } from 'chai';
import { applyColours, brandOf } from '../../widgets/theme.ts';

describe("the site's theme", () => {
  const base = 'https://shop.example/products/lamp.html';

  it('takes a logo only from an http(s) address or a path on the site', () => {
    const logo = (given: string) => brandOf({ logo: given }, base).logo;
    expect(logo('https://cdn.example/logo.svg')).to.equal('https://cdn.example/logo.svg');
    expect(logo('/assets/logo.svg')).to.equal('https://shop.example/assets/logo.svg');
    expect(logo('logo.png')).to.equal('https://shop.example/products/logo.png');
    for (const refused of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:image/svg+xml,<svg onload=alert(1)>',
      'blob:https://shop.example/1',
      'http://[::1',
    ])
      expect(logo(refused), refused).to.equal(null);
  });

  it('takes a name only when there is one', () => {
    expect(brandOf({ name: '  Lamps & Light ' }, base).name).to.equal('Lamps & Light');
    expect(brandOf({ name: '   ' }, base).name).to.equal(null);
    expect(brandOf(undefined, base)).to.deep.equal({ name: null, logo: null });
  });

  it("puts a widget's own colours before the theme's, and ignores what is not text", () => {
    const box = document.createElement('div');
    applyColours(
      box,
      {
        colors: {
          accent: 'rgb(1, 2, 3)',
          text: 'rgb(4, 5, 6)',
          background: 7 as unknown as string,
        },
      },
      { accent: 'rgb(9, 9, 9)' },
    );
    expect(box.style.getPropertyValue('--beckon-accent')).to.equal('rgb(9, 9, 9)');
    expect(box.style.getPropertyValue('--beckon-text')).to.equal('rgb(4, 5, 6)');
    expect(box.style.getPropertyValue('--beckon-background')).to.equal('');
  });
});
