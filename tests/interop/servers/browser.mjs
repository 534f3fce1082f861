// A headless stand-in for the user's browser in sign-in tests: follows redirects with a cookie
// jar and submits the HTML forms it meets (a login form gets user "alice"), until the page it
// lands on has no form — normally the bridge's loopback callback page.
// Usage (as the bridge's browser command): node browser.mjs URL
const jar = new Map();
const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
const keep = (res) => {
  for (const c of res.headers.getSetCookie?.() ?? []) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
  }
};
const decode = (s) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x2F;/g, '/').replace(/&#39;/g, "'");

let url = process.argv[process.argv.length - 1];
let method = 'GET';
let body;
for (let step = 0; step < 20; step++) {
  const res = await fetch(url, {
    method,
    body,
    redirect: 'manual',
    headers: {
      cookie: cookieHeader(),
      ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
  });
  keep(res);
  const location = res.headers.get('location');
  if (res.status >= 300 && res.status < 400 && location) {
    url = new URL(location, url).toString();
    method = 'GET';
    body = undefined;
    continue;
  }
  const html = await res.text();
  const form = html.match(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i);
  if (!form) break;
  const fields = new URLSearchParams();
  for (const input of form[2].matchAll(/<input[^>]*>/gi)) {
    const name = input[0].match(/name="([^"]+)"/)?.[1];
    if (!name) continue;
    const value = input[0].match(/value="([^"]*)"/)?.[1];
    fields.set(name, value !== undefined ? decode(value) : name === 'login' ? 'alice' : 'x');
  }
  url = new URL(decode(form[1]), url).toString();
  method = 'POST';
  body = fields.toString();
}
