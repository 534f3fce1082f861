// A "browser" command that hands the sign-in address to the test instead of opening it: the
// test drives a real browser there. Appends the URL (one line) to HANDOFF_FILE.
// Usage (as the bridge's browser command): node handoff-browser.mjs URL
import { appendFileSync } from 'node:fs';

appendFileSync(process.env.HANDOFF_FILE, `${process.argv[process.argv.length - 1]}\n`);
