// The test OpenID Connect provider (./provider.mjs, ./main.mjs) works as the server will use it
// for sign-in (issue 13): discovery, the authorization code flow with PKCE through the login page
// in Debian's Chromium, the code exchanged at the token endpoint with plain fetch (both client
// authentication methods), the ID token verified with jose against the JWKS, key rotation,
// a wrong password, RP-initiated logout, and the command-line process.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import { launchBrowser, expectNoAxeViolations } from '../browser/harness.mjs';
import { startProvider } from './provider.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

const LISA = {
  sub: '5b0f7c1e-lisa',
  email: 'lisa.lund@exempelby.se',
  email_verified: true,
  name: 'Lisa Lund',
  groups: ['kp-handlaggare', 'kp-administratorer'],
  password: 'blå tekanna över ravinen 83',
};
const OLLE = {
  sub: '9a3d2b44-olle',
  username: 'olle',
  email: 'olle.ek@exempelby.se',
  email_verified: false,
  name: 'Olle Ek',
  groups: [],
  password: 'grusväg murmeldjur fyra tavlor',
};

/** A relying party's callback and post-logout pages: records what arrives. */
async function startRelyingParty() {
  const arrivals = [];
  const server = http.createServer((req, res) => {
    arrivals.push(new URL(req.url, 'http://127.0.0.1'));
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end('<!DOCTYPE html><html lang="sv"><title>Tjänsten</title><h1>Tjänsten</h1></html>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    callback: `${base}/callback`,
    loggedOut: `${base}/utloggad`,
    arrivals,
    close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }),
  };
}

let rp;
let op;
let browser;
let discovery;
let basicClient;
let postClient;

before(async () => {
  rp = await startRelyingParty();
  basicClient = {
    client_id: 'kontaktperson',
    client_secret: 'hemlig-nyckel-basic',
    redirect_uris: [rp.callback],
    post_logout_redirect_uris: [rp.loggedOut],
    token_endpoint_auth_method: 'client_secret_basic',
  };
  postClient = {
    client_id: 'kontaktperson-post',
    client_secret: 'hemlig-nyckel-post',
    redirect_uris: [rp.callback],
    token_endpoint_auth_method: 'client_secret_post',
  };
  op = await startProvider({ clients: [basicClient, postClient], users: [LISA, OLLE] });
  discovery = await (await fetch(op.discoveryUrl)).json();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => {});
  await op?.close();
  await rp?.close();
});

/** An authorization request as the relying party builds it: state, nonce, PKCE (S256). */
function authorizationRequest(client, { scope = 'openid email profile', extra = {}, at = { op, discovery } } = {}) {
  const state = crypto.randomBytes(16).toString('base64url');
  const nonce = crypto.randomBytes(16).toString('base64url');
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  const url = new URL(at.discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: client.redirect_uris[0],
    scope,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
  return { url: url.href, state, nonce, verifier, client, at };
}

/**
 * Open the authorization request in `page` (unless `navigate` is false: the browser is on its
 * way already); sign in on the login page by label when `credentials` are given; return the
 * callback URL the browser arrived at.
 */
async function authorize(page, request, credentials, { navigate = true } = {}) {
  if (navigate) await page.goto(request.url);
  if (credentials) {
    await page.getByLabel('Användarnamn').fill(credentials.username);
    await page.getByLabel('Lösenord').fill(credentials.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
  }
  await page.waitForURL((u) => u.href.startsWith(request.client.redirect_uris[0]));
  const callback = new URL(page.url());
  assert.equal(callback.searchParams.get('state'), request.state, 'state comes back unchanged');
  assert.equal(callback.searchParams.get('iss'), request.at.op.issuer, 'the response names its issuer (RFC 9207)');
  assert.ok(callback.searchParams.get('code'), `a code in ${callback.href}`);
  return callback;
}

/** Exchange the code at the token endpoint with plain fetch, as the server will. */
async function exchange(request, code, { verifier = request.verifier } = {}) {
  const { client } = request;
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirect_uris[0],
    code_verifier: verifier,
  });
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  if (client.token_endpoint_auth_method === 'client_secret_post') {
    form.set('client_id', client.client_id);
    form.set('client_secret', client.client_secret);
  } else {
    const enc = encodeURIComponent;
    headers.Authorization = `Basic ${Buffer.from(`${enc(client.client_id)}:${enc(client.client_secret)}`).toString('base64')}`;
  }
  const response = await fetch(request.at.discovery.token_endpoint, { method: 'POST', headers, body: form });
  return { status: response.status, body: await response.json() };
}

/** Verify an ID token's signature against the JWKS served now, and its iss, aud and nonce. */
async function verifyIdToken(idToken, request) {
  const jwks = await (await fetch(request.at.discovery.jwks_uri)).json();
  const { payload, protectedHeader } = await jose.jwtVerify(idToken, jose.createLocalJWKSet(jwks), {
    issuer: request.at.op.issuer,
    audience: request.client.client_id,
    algorithms: ['RS256'],
  });
  assert.equal(payload.nonce, request.nonce, 'the nonce of the request');
  return { payload, protectedHeader, jwks };
}

async function newPage() {
  const context = await browser.newContext({ locale: 'sv-SE' });
  return context.newPage();
}

test('The discovery document lists the authorization, token, JWKS and end-session endpoints and only S256 for PKCE', async () => {
  assert.equal(discovery.issuer, op.issuer);
  assert.match(op.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
  for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint', 'userinfo_endpoint']) {
    assert.ok(discovery[endpoint]?.startsWith(`${op.issuer}/`), `${endpoint}: ${discovery[endpoint]}`);
  }
  assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
  assert.deepEqual(discovery.response_types_supported, ['code']);
  for (const method of ['client_secret_basic', 'client_secret_post']) {
    assert.ok(discovery.token_endpoint_auth_methods_supported.includes(method), method);
  }
  for (const scope of ['openid', 'email', 'profile']) assert.ok(discovery.scopes_supported.includes(scope), scope);
  assert.ok(discovery.claims_supported.includes('groups'));
  assert.deepEqual(discovery.id_token_signing_alg_values_supported, ['RS256']);
  const jwks = await (await fetch(discovery.jwks_uri)).json();
  assert.deepEqual(jwks.keys.map((k) => k.kid), [op.currentKid]);
  assert.ok(jwks.keys.every((k) => k.d === undefined && k.p === undefined), 'no private parts in the JWKS');
});

test('A caseworker signs in on the login page by label, and the code exchanged with PKCE gives a signed ID token with sub, email, email_verified, nonce and groups', async () => {
  const page = await newPage();
  const request = authorizationRequest(basicClient);
  await page.goto(request.url);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Logga in');
  await expectNoAxeViolations(page, 'the login page');
  const callback = await authorize(page, request, { username: LISA.email, password: LISA.password });

  const { status, body } = await exchange(request, callback.searchParams.get('code'));
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.token_type, 'Bearer');
  assert.ok(body.access_token);
  const { payload, protectedHeader } = await verifyIdToken(body.id_token, request);
  assert.equal(protectedHeader.kid, op.currentKid);
  assert.equal(payload.sub, LISA.sub);
  assert.equal(payload.email, LISA.email);
  assert.equal(payload.email_verified, true);
  assert.equal(payload.name, LISA.name);
  assert.deepEqual(payload.groups, LISA.groups);
  assert.equal(payload.password, undefined, 'the password is no claim');
  assert.ok(payload.exp - payload.iat <= 300, 'a short-lived ID token');

  const userinfo1 = await fetch(discovery.userinfo_endpoint, { headers: { Authorization: `Bearer ${body.access_token}` } });
  assert.equal(userinfo1.status, 200);
  const claims = await userinfo1.json();
  assert.equal(claims.sub, LISA.sub);
  assert.equal(claims.email, LISA.email);
  assert.deepEqual(claims.groups, LISA.groups);

  const again = await exchange(request, callback.searchParams.get('code'));
  assert.equal(again.status, 400, 'a code is used once');
  assert.equal(again.body.error, 'invalid_grant');

  const userinfo = await fetch(discovery.userinfo_endpoint, { headers: { Authorization: `Bearer ${body.access_token}` } });
  assert.equal(userinfo.status, 401, 'the access token was revoked with the replayed code');
  await page.context().close();
});

test('The token endpoint accepts client_secret_post, and refuses a wrong code_verifier and a wrong secret', async () => {
  const page = await newPage();
  const first = authorizationRequest(postClient);
  const code = (await authorize(page, first, { username: 'olle', password: OLLE.password })).searchParams.get('code');
  const wrongVerifier = await exchange(first, code, { verifier: crypto.randomBytes(32).toString('base64url') });
  assert.equal(wrongVerifier.status, 400);
  assert.equal(wrongVerifier.body.error, 'invalid_grant');

  const second = authorizationRequest(postClient);
  const code2 = (await authorize(page, second)).searchParams.get('code'); // signed in already
  const wrongSecret = await exchange({ ...second, client: { ...postClient, client_secret: 'fel' } }, code2);
  assert.equal(wrongSecret.status, 401);
  assert.equal(wrongSecret.body.error, 'invalid_client');

  const third = authorizationRequest(postClient);
  const code3 = (await authorize(page, third)).searchParams.get('code');
  const { status, body } = await exchange(third, code3);
  assert.equal(status, 200, JSON.stringify(body));
  const { payload } = await verifyIdToken(body.id_token, third);
  assert.equal(payload.sub, OLLE.sub);
  assert.equal(payload.email_verified, false);
  assert.deepEqual(payload.groups, []);
  await page.context().close();
});

test('An authorization request without a PKCE code_challenge, or with the plain method, is refused', async () => {
  const page = await newPage();
  const request = authorizationRequest(basicClient);
  const url = new URL(request.url);
  url.searchParams.delete('code_challenge');
  url.searchParams.delete('code_challenge_method');
  await page.goto(url.href);
  await page.waitForURL((u) => u.href.startsWith(rp.callback));
  const callback = new URL(page.url());
  assert.equal(callback.searchParams.get('error'), 'invalid_request');
  assert.match(callback.searchParams.get('error_description'), /PKCE/);
  assert.equal(callback.searchParams.get('code'), null);

  const plain = authorizationRequest(basicClient);
  const plainUrl = new URL(plain.url);
  plainUrl.searchParams.set('code_challenge', plain.verifier);
  plainUrl.searchParams.set('code_challenge_method', 'plain');
  await page.goto(plainUrl.href);
  await page.waitForURL((u) => u.href.startsWith(rp.callback) && u.searchParams.get('state') === plain.state);
  assert.equal(new URL(page.url()).searchParams.get('error'), 'invalid_request', 'the plain method is refused');
  await page.context().close();
});

test('A wrong password is refused on the login page, which says so and keeps the user name', async () => {
  const page = await newPage();
  const request = authorizationRequest(basicClient);
  await page.goto(request.url);
  const loginPage = page.url();
  await page.getByLabel('Användarnamn').fill(LISA.email);
  await page.getByLabel('Lösenord').fill('inte mitt lösenord');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /Fel användarnamn eller lösenord/);
  assert.equal(await page.getByLabel('Användarnamn').inputValue(), LISA.email);
  assert.equal(await page.getByLabel('Lösenord').inputValue(), '');
  assert.ok(page.url().startsWith(op.issuer), `still at the provider: ${page.url()}`);
  assert.ok(!rp.arrivals.some((u) => u.searchParams.get('state') === request.state), 'nothing reached the callback');
  await expectNoAxeViolations(page, 'the login page with its error');

  // An unknown user is refused the same way; the right password then gets through.
  await page.getByLabel('Användarnamn').fill('ingen.alls@exempelby.se');
  await page.getByLabel('Lösenord').fill(LISA.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /Fel användarnamn eller lösenord/);
  assert.ok(loginPage.startsWith(op.issuer));
  await page.getByLabel('Användarnamn').fill(LISA.email);
  await page.getByLabel('Lösenord').fill(LISA.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL((u) => u.href.startsWith(rp.callback));
  assert.equal(new URL(page.url()).searchParams.get('state'), request.state);
  await page.context().close();
});

test('After rotateKeys() the next ID token has a new kid and the JWKS lists both keys; with dropOld only the new one', async () => {
  const page = await newPage();
  const first = authorizationRequest(basicClient);
  const code1 = (await authorize(page, first, { username: LISA.email, password: LISA.password })).searchParams.get('code');
  const token1 = (await exchange(first, code1)).body.id_token;
  const kid1 = jose.decodeProtectedHeader(token1).kid;

  const jwksBefore = op.requestCount('/jwks');
  const rotated = op.rotateKeys();
  assert.equal(rotated.previousKid, kid1);
  assert.notEqual(rotated.kid, kid1);

  // The provider's session survives the rotation: no login page this time.
  const second = authorizationRequest(basicClient);
  const code2 = (await authorize(page, second)).searchParams.get('code');
  const token2 = (await exchange(second, code2)).body.id_token;
  const { protectedHeader, jwks } = await verifyIdToken(token2, second);
  assert.equal(protectedHeader.kid, rotated.kid);
  assert.deepEqual(jwks.keys.map((k) => k.kid), [rotated.kid, kid1]);
  assert.equal(op.requestCount('/jwks'), jwksBefore + 1, 'requestCount sees the JWKS fetch');
  // The earlier ID token still verifies: its key is still published.
  await jose.jwtVerify(token1, jose.createLocalJWKSet(jwks), { issuer: op.issuer, audience: basicClient.client_id });

  const dropped = op.rotateKeys({ dropOld: true });
  const third = authorizationRequest(basicClient);
  const code3 = (await authorize(page, third)).searchParams.get('code');
  const token3 = (await exchange(third, code3)).body.id_token;
  const verified3 = await verifyIdToken(token3, third);
  assert.equal(verified3.protectedHeader.kid, dropped.kid);
  assert.deepEqual(verified3.jwks.keys.map((k) => k.kid), [dropped.kid]);
  await assert.rejects(
    jose.jwtVerify(token2, jose.createLocalJWKSet(verified3.jwks)),
    (err) => err.code === 'ERR_JWKS_NO_MATCHING_KEY',
    'a token signed with a dropped key no longer verifies',
  );

  op.rotateKeys();
  const retired = op.retireOldKeys();
  assert.deepEqual((await (await fetch(discovery.jwks_uri)).json()).keys.map((k) => k.kid), [retired.kid]);
  await page.context().close();
});

test('RP-initiated logout asks in Swedish, ends the provider session and returns to the post-logout redirect URI', async () => {
  const page = await newPage();
  const request = authorizationRequest(basicClient);
  const code = (await authorize(page, request, { username: LISA.email, password: LISA.password })).searchParams.get('code');
  const { id_token: idToken } = (await exchange(request, code)).body;

  const logout = new URL(discovery.end_session_endpoint);
  logout.search = new URLSearchParams({
    id_token_hint: idToken,
    post_logout_redirect_uri: rp.loggedOut,
    state: 'efter-utloggning',
  }).toString();
  await page.goto(logout.href);
  await expectNoAxeViolations(page, 'the logout question');
  await page.getByRole('button', { name: 'Ja, logga ut' }).click();
  await page.waitForURL((u) => u.href.startsWith(rp.loggedOut));
  assert.equal(new URL(page.url()).searchParams.get('state'), 'efter-utloggning');

  // Signed out at the provider: the next authorization request shows the login page again.
  await page.goto(authorizationRequest(basicClient).url);
  await page.getByLabel('Lösenord').waitFor();
  await page.context().close();
});

test('Avbryt on the login page sends access_denied to the redirect URI, and a logout with no post-logout redirect URI says "Du är utloggad"', async () => {
  const page = await newPage();
  const request = authorizationRequest(basicClient, { extra: { login_hint: OLLE.username } });
  await page.goto(request.url);
  assert.equal(await page.getByLabel('Användarnamn').inputValue(), OLLE.username, 'login_hint fills in the user name');
  await page.getByRole('button', { name: 'Avbryt' }).click();
  await page.waitForURL((u) => u.href.startsWith(rp.callback));
  const callback = new URL(page.url());
  assert.equal(callback.searchParams.get('error'), 'access_denied');
  assert.equal(callback.searchParams.get('state'), request.state);
  assert.equal(callback.searchParams.get('code'), null);

  await authorize(page, authorizationRequest(basicClient), { username: OLLE.username, password: OLLE.password });
  await page.goto(discovery.end_session_endpoint);
  await page.getByRole('button', { name: 'Ja, logga ut' }).click();
  await page.getByRole('heading', { name: 'Du är utloggad' }).waitFor();
  await expectNoAxeViolations(page, 'the signed-out page');
  await page.context().close();
});

test('Options: groupsScope releases the groups claim only with its scope, consentPage asks "Godkänn", confirmLogout false signs out without asking', async () => {
  const client = { ...basicClient, client_id: 'kontaktperson-samtycke' };
  const other = await startProvider({
    clients: [client],
    users: [LISA],
    groupsClaim: 'roller',
    groupsScope: 'roller',
    consentPage: true,
    confirmLogout: false,
  });
  const at = { op: other, discovery: await (await fetch(other.discoveryUrl)).json() };
  const page = await newPage();
  try {
    assert.ok(at.discovery.scopes_supported.includes('roller'));

    const withoutScope = authorizationRequest(client, { scope: 'openid email', at });
    await page.goto(withoutScope.url);
    await page.getByLabel('Användarnamn').fill(LISA.email);
    await page.getByLabel('Lösenord').fill(LISA.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { name: 'Godkänn inloggning' }).waitFor();
    await expectNoAxeViolations(page, 'the consent page');
    await page.getByRole('button', { name: 'Godkänn' }).click();
    const code1 = (await authorize(page, { ...withoutScope, url: page.url() }, undefined, { navigate: false })).searchParams.get('code');
    const token1 = await verifyIdToken((await exchange(withoutScope, code1)).body.id_token, withoutScope);
    assert.equal(token1.payload.roller, undefined, 'no groups without their scope');
    assert.equal(token1.payload.email, LISA.email);

    // A scope not granted yet: the consent page again, then the claim.
    const withScope = authorizationRequest(client, { scope: 'openid roller', at });
    await page.goto(withScope.url);
    await page.getByRole('button', { name: 'Godkänn' }).click();
    const code2 = (await authorize(page, withScope, undefined, { navigate: false })).searchParams.get('code');
    const idToken2 = (await exchange(withScope, code2)).body.id_token;
    const token2 = await verifyIdToken(idToken2, withScope);
    assert.deepEqual(token2.payload.roller, LISA.groups);
    assert.equal(token2.payload.groups, undefined);

    const logout = new URL(at.discovery.end_session_endpoint);
    logout.search = new URLSearchParams({
      id_token_hint: idToken2,
      post_logout_redirect_uri: rp.loggedOut,
    }).toString();
    await page.goto(logout.href);
    await page.waitForURL((u) => u.href.startsWith(rp.loggedOut));
    await page.goto(authorizationRequest(client, { at }).url);
    await page.getByLabel('Lösenord').waitFor();
  } finally {
    await page.context().close();
    await other.close();
  }
});

test('main.mjs prints the issuer as one JSON line, serves that provider with a configurable groups claim, and rotates keys on a stdin command', async () => {
  const config = {
    clients: [basicClient],
    users: [{ ...LISA, groups: ['kp-handlaggare'] }],
    groupsClaim: 'roller',
  };
  const child = spawn(process.execPath, [path.join(HERE, 'main.mjs'), '--port', '0', '--config-json', JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const { value, done } = await lines.next();
    assert.ok(!done, `main.mjs printed nothing more; stderr:\n${stderr}`);
    return JSON.parse(value);
  };
  try {
    const ready = await nextLine();
    assert.match(ready.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(ready.issuer, `http://127.0.0.1:${ready.port}`);
    const childDiscovery = await (await fetch(`${ready.issuer}/.well-known/openid-configuration`)).json();
    assert.equal(childDiscovery.issuer, ready.issuer);
    assert.ok(childDiscovery.claims_supported.includes('roller'));
    assert.ok(!childDiscovery.claims_supported.includes('groups'));

    child.stdin.write('rotate\n');
    const rotated = await nextLine();
    assert.equal(rotated.previousKid, ready.kid);
    assert.deepEqual(rotated.kids, [rotated.kid, ready.kid]);
    const jwks = await (await fetch(childDiscovery.jwks_uri)).json();
    assert.deepEqual(jwks.keys.map((k) => k.kid), [rotated.kid, ready.kid]);
    child.stdin.write('requests /jwks\n');
    assert.deepEqual(await nextLine(), { path: '/jwks', count: 1 });
    child.stdin.write('rotate-drop-old\n');
    const dropped = await nextLine();
    assert.deepEqual(dropped.kids, [dropped.kid]);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});
