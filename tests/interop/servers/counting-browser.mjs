// The headless browser (browser.mjs), counting its launches: each appends the URL it was
// given to the file named by BROWSER_LOG, then signs in as browser.mjs does.
// Usage (as the bridge's browser command): node counting-browser.mjs URL
import { appendFileSync } from 'node:fs';

appendFileSync(process.env.BROWSER_LOG, `${process.argv[process.argv.length - 1]}\n`);
await import('./browser.mjs');
