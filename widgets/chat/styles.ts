import { HEADER_CSS } from '../panel-header.tsx';
import { FILL_CSS } from '../shadow-host.ts';

/** The chat panel's stylesheet, adopted into its shadow root (CSP-safe, no <style> element). */
export const CSS = `
.widget { --beckon-accent: #0b5cad; --beckon-background: #fff; --beckon-text: #1d232a; all: initial; position: fixed; z-index: 2147483000;
  inset-block-end: 16px; inset-inline-end: 16px; inline-size: min(380px, calc(100vw - 32px));
  block-size: min(560px, calc(100vh - 32px)); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--beckon-text); }
.panel { display: flex; flex-direction: column; block-size: 100%; box-sizing: border-box; background: var(--beckon-background);
  border: 1px solid rgb(0 0 0 / 14%); border-radius: 12px; box-shadow: 0 8px 32px rgb(0 0 0 / 22%); overflow: hidden; }
header { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 10px 14px;
  background: var(--beckon-accent); color: #fff; }
h2 { margin: 0; font-size: 16px; }
.body { flex: 1; overflow-y: auto; padding: 12px 14px; }
form.register { display: grid; gap: 10px; }
label { display: grid; gap: 2px; font-size: 14px; }
input, textarea { font: inherit; padding: 6px 8px; border: 1px solid #8a9099; border-radius: 6px; }
input[aria-invalid="true"] { border-color: #a4161a; }
.field-error { color: #a4161a; font-size: 13px; }
button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid var(--beckon-accent);
  background: var(--beckon-accent); color: #fff; cursor: pointer; }
button.quiet { background: transparent; color: inherit; border-color: currentColor; }
header button { border-color: rgb(255 255 255 / 70%); }
header .tools { display: flex; gap: 6px; flex: none; }
button:focus-visible, a:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #e8a33d; outline-offset: 2px; }
button:disabled { opacity: 0.5; cursor: default; }
.status { margin: 0 0 8px; font-size: 14px; color: #4a5159; }
ol.log { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
ol.log li { max-inline-size: 85%; padding: 6px 10px; border-radius: 10px; background: #eef1f5; overflow-wrap: anywhere; }
ol.log li.client { justify-self: end; background: #dbe9f8; }
ol.log li.system { justify-self: center; background: none; color: #4a5159; font-size: 13px; }
.who { display: flex; align-items: center; gap: 6px; font-size: 12px; font-weight: 600; color: #4a5159; }
.who time { font-weight: 400; }
img.avatar { object-fit: cover; }
.avatar { display: inline-grid; place-items: center; inline-size: 22px; block-size: 22px; border-radius: 50%;
  background: var(--beckon-accent); color: #fff; font-size: 11px; font-weight: 700; }
.delivery { display: block; margin-block-start: 2px; font-size: 12px; color: #4a5159; }
.delivery.error { color: #a4161a; }
li.pending { opacity: 0.8; }
.after { display: grid; gap: 8px; padding: 10px 14px; border-block-start: 1px solid #dde1e6; }
.after .actions { display: flex; flex-wrap: wrap; gap: 8px; }
fieldset.rating { display: flex; flex-wrap: wrap; gap: 6px; border: 0; margin: 0; padding: 0; }
fieldset.rating legend { padding: 0; margin-block-end: 4px; font-size: 14px; }
.typing { min-block-size: 1.4em; margin: 4px 0 0; font-size: 13px; font-style: italic; color: #4a5159; }
form.composer { display: flex; gap: 8px; padding: 10px 14px; border-block-start: 1px solid #dde1e6; }
form.composer textarea { flex: 1; resize: none; block-size: 2.6em; }
button.attach { padding: 6px 10px; font-weight: 600; }
button.file { display: block; text-align: start; overflow-wrap: anywhere; }
.note { display: block; font-size: 13px; color: #4a5159; }
.error { color: #a4161a; }
.menu { display: grid; gap: 6px; border: 0; padding: 0; margin: 0; }
.widget[data-layout="page"] { position: static; inline-size: 100%; block-size: 100vh; }
.widget[data-layout="page"] .panel { border: 0; border-radius: 0; box-shadow: none; }
@media (prefers-reduced-motion: no-preference) { ol.log li { animation: beckon-pop 120ms ease-out; } }
@keyframes beckon-pop { from { opacity: 0; } to { opacity: 1; } }
${HEADER_CSS}${FILL_CSS}`;
