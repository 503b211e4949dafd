import { PLACEMENT_CSS } from '../shadow-host.ts';

/**
 * The overlay's stylesheet, adopted into its shadow root as a constructable stylesheet: no <style>
 * element, so it works under a CSP without 'unsafe-inline'. Themes set the custom properties.
 */
export const CSS = `
.widget {
  --beckon-accent: #0b5cad;
  --beckon-background: #ffffff;
  --beckon-text: #1d232a;
  --beckon-radius: 12px;
  all: initial;
  max-inline-size: min(360px, calc(100vw - 32px));
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
${PLACEMENT_CSS}
.dialog {
  box-sizing: border-box;
  padding: 16px 18px;
  border-radius: var(--beckon-radius);
  background: var(--beckon-background);
  color: var(--beckon-text);
  box-shadow: 0 8px 32px rgb(0 0 0 / 22%);
  border: 1px solid rgb(0 0 0 / 12%);
  animation: beckon-in 180ms ease-out;
}
h2 { margin: 0 0 6px; font-size: 17px; font-weight: 650; }
p { margin: 0 0 14px; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; justify-content: flex-end; }
button {
  font: inherit;
  padding: 8px 14px;
  border-radius: calc(var(--beckon-radius) / 2);
  border: 1px solid var(--beckon-accent);
  cursor: pointer;
}
.accept { background: var(--beckon-accent); color: #fff; }
.decline { background: transparent; color: var(--beckon-text); border-color: rgb(0 0 0 / 30%); }
button:focus-visible { outline: 3px solid var(--beckon-accent); outline-offset: 2px; }
.sr-only { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@keyframes beckon-in { from { opacity: 0; translate: 0 12px; } to { opacity: 1; translate: 0 0; } }
@media (prefers-reduced-motion: reduce) { .dialog { animation: none; } }
`;
