import { FILL_CSS, PLACEMENT_CSS } from '../shadow-host.ts';

/** The panel's own stylesheet; an adapter's `css` follows it in the same shadow root. */
export const PANEL_CSS = `
.widget { all: initial; inline-size: min(400px, calc(100vw - 32px)); block-size: min(600px, calc(100vh - 32px));
  font: 15px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d232a; }
${PLACEMENT_CSS}
.panel { display: flex; flex-direction: column; block-size: 100%; box-sizing: border-box; border-radius: 12px;
  overflow: hidden; background: #fff; box-shadow: 0 8px 32px rgb(0 0 0 / 25%); border: 1px solid rgb(0 0 0 / 12%); }
.panel:focus { outline: none; }
.panel:focus-visible { outline: 3px solid #e8a33d; outline-offset: 2px; }
header { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 8px 12px;
  background: #0b5cad; color: #fff; }
h2 { margin: 0; font-size: 15px; }
header button { font: inherit; background: transparent; color: inherit; border: 1px solid rgb(255 255 255 / 60%);
  border-radius: 6px; padding: 2px 10px; cursor: pointer; }
header button:focus-visible { outline: 3px solid #e8a33d; outline-offset: 2px; }
.body { flex: 1; display: flex; flex-direction: column; min-block-size: 0; overflow: auto; }
.body > iframe { flex: 1; border: 0; inline-size: 100%; }
${FILL_CSS}`;
