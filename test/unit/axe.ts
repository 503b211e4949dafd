// axe-core, loaded once into the test page, for audits of what a widget renders.

declare global {
  interface Window {
    axe?: {
      run(
        context: Element,
        options?: object,
      ): Promise<{ violations: Array<{ id: string; help: string }> }>;
    };
  }
}

const axeOnPage = () => window.axe;

export async function loadAxe() {
  if (!axeOnPage()) {
    await new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/node_modules/axe-core/axe.min.js';
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
  }
  const axe = axeOnPage();
  if (!axe) throw new Error('axe-core did not load');
  return axe;
}
