// The user's browser, with the user in it: waits SLOW_BROWSER_DELAY_MS (a sign-in with single
// sign-on and MFA takes a while), then follows the sign-in as servers/browser.mjs does. Once
// it has landed on the bridge's callback page it writes the time (ms since the epoch) to
// SLOW_BROWSER_DONE. Its pid goes to SLOW_BROWSER_PIDS (one per line), so that a test can
// stop a browser still waiting after the bridge is gone.
// Usage (as the bridge's browser command): node slow-browser.mjs URL
import { appendFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

if (process.env.SLOW_BROWSER_PIDS) appendFileSync(process.env.SLOW_BROWSER_PIDS, `${process.pid}\n`);
await sleep(Number(process.env.SLOW_BROWSER_DELAY_MS ?? 0));
await import('./browser.mjs');
if (process.env.SLOW_BROWSER_DONE) writeFileSync(process.env.SLOW_BROWSER_DONE, String(Date.now()));
