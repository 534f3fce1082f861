// A headless stand-in for the user's browser in conformance runs: GET the authorization URL
// without following redirects, then deliver the redirect (the bridge's loopback callback),
// retrying briefly in case the listener is not up yet.
const url = process.argv[process.argv.length - 1];
const res = await fetch(url, { redirect: 'manual' });
const location = res.headers.get('location');
if (!location) {
  console.error(`[opener] the authorization endpoint answered ${res.status} without a redirect`);
  process.exit(0);
}
for (let i = 0; i < 50; i++) {
  try {
    await fetch(location, { redirect: 'manual' });
    process.exit(0);
  } catch {
    await new Promise((r) => setTimeout(r, 100));
  }
}
console.error(`[opener] the callback never answered: ${location}`);
