import { HEADER_CSS } from '../panel-header.tsx';
import { FILL_CSS } from '../shadow-host.ts';

/** The callback panel's stylesheet, adopted into its shadow root (CSP-safe). */
export const CSS = `
.widget { --beckon-accent: #0b5cad; --beckon-background: #fff; --beckon-text: #1d232a; all: initial; position: fixed; z-index: 2147483000; inset-block-end: 16px; inset-inline-end: 16px;
  inline-size: min(360px, calc(100vw - 32px)); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--beckon-text); }
.panel { box-sizing: border-box; background: var(--beckon-background); border: 1px solid rgb(0 0 0 / 14%); border-radius: 12px;
  box-shadow: 0 8px 32px rgb(0 0 0 / 22%); overflow: hidden; }
header { display: flex; align-items: center; justify-content: space-between; padding: 10px 14px; background: var(--beckon-accent); color: #fff; }
h2 { margin: 0; font-size: 16px; }
.body { padding: 12px 14px; display: grid; gap: 10px; }
form { display: grid; gap: 10px; }
label { display: grid; gap: 2px; font-size: 14px; }
input, select { font: inherit; padding: 6px 8px; border: 1px solid #8a9099; border-radius: 6px; }
input[aria-invalid="true"] { border-color: #a4161a; }
.field-error, .error { color: #a4161a; font-size: 14px; }
button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid var(--beckon-accent); background: var(--beckon-accent); color: #fff; cursor: pointer; }
button.quiet { background: transparent; color: inherit; border-color: currentColor; }
header button { border-color: rgb(255 255 255 / 70%); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #e8a33d; outline-offset: 2px; }
p { margin: 0; }
${HEADER_CSS}${FILL_CSS}`;
