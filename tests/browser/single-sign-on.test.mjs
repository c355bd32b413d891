// Single sign-on through the municipality's identity provider (OpenID Connect, issue 13), driven
// as people would against a real provider: tests/oidc/provider.mjs (npm's oidc-provider) in this
// process, with its own Swedish login page, on `localhost` (another site than the server's
// 127.0.0.1). The server is started with KP_OIDC_* pointing at it and KP_PUBLIC_URL at itself
// (the harness chooses the server's port first, so the provider's client has the exact redirect
// URI).
//
// A caseworker and an administrator sign in through the provider at their first visit (their
// accounts are created then) and get the right role; a person whose groups grant no role is
// refused with the message, and so are a cancelled sign-in and a forged or replayed callback; the
// provider's signing keys rotate between two sign-ins and the second still works; an
// administrator deactivates an account made at sign-in and its next sign-in is refused; signing
// out ends the provider's session too (the next sign-in asks for the password again); the access
// log names all of it; the demo administrator still signs in with a password. A second server
// with local sign-in off offers only the provider. The sign-in page passes axe with the provider
// link and with a refusal. The tests run in order and build on each other.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser, newPage, waitForApp, expectNoAxeViolations, assertNoPageErrors, eventually,
  signInToCaseworkerArea, startServerWithProvider, PROVIDER_NAME, PROVIDER_GROUPS, overviewLoaded,
} from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
const CASEWORKER = {
  sub: '5b0f7c1e-lisa', email: 'lisa.lund@exempelby.se', email_verified: true, name: 'Lisa Lund',
  groups: ['alla-anstallda', PROVIDER_GROUPS.caseworker], password: 'blå tekanna över ravinen 83',
};
const ADMIN = {
  sub: '77c1a0de-omar', username: 'omar', email: 'omar.ali@exempelby.se', email_verified: true,
  name: 'Omar Ali', groups: [PROVIDER_GROUPS.admin], password: 'sju svanar över viken 2026',
};
const NO_ROLE = {
  sub: '9a3d2b44-olle', email: 'olle.ek@exempelby.se', email_verified: true, name: 'Olle Ek',
  groups: ['alla-anstallda'], password: 'grusväg murmeldjur fyra tavlor',
};

const MESSAGES = {
  oidc_state: 'Inloggningen gick inte att slutföra. Försöket var okänt, redan använt eller för gammalt. Försök igen.',
  oidc_cancelled: 'Inloggningen avbröts.',
  oidc_no_role: 'Ditt konto hos kommunen ger ingen behörighet till Kontaktperson. Kontakta din administratör.',
  oidc_deactivated: 'Ditt konto i Kontaktperson är avstängt. Kontakta din administratör.',
};
const NAV_CASEWORKER = ['Översikt', 'Sökande', 'Behov', 'Uppdrag', 'Rapporter', 'Utbetalning', 'Utskick', 'Ersättning', 'Mitt konto'];
const NAV_ADMIN = [...NAV_CASEWORKER, 'Konton', 'Områden', 'Gallring', 'Åtkomstlogg', 'Registerutdrag'];
// The browser logs every non-2xx fetch as a console error (the sign-in page asks who is signed in);
// the test provider's pages have no favicon.
const EXPECTED_HTTP_ERRORS = (e) => /status of (401|403)/.test(e.text)
  || /^http:\/\/localhost:\d+\/favicon\.ico$/.test(e.url);

let sso; // { server, op, client, stop }: the server with local sign-in on, and its provider
let server;
let op;
let browser;

before(async () => {
  sso = await startServerWithProvider({
    users: [CASEWORKER, ADMIN, NO_ROLE],
    // The groups come only with a scope of their own, which the server must ask for. The
    // provider is on `localhost`, another site than the server's 127.0.0.1 (a port does not
    // make a site): as in production, its answer arrives at the callback by a cross-site
    // navigation, so the server's SameSite cookies are tested as they will be used.
    provider: { groupsScope: 'groups', host: 'localhost' },
    env: {
      KP_OIDC_SCOPES: 'openid email profile groups',
      DEMO_USER: DEMO.user,
      DEMO_PASSWORD: DEMO.password,
    },
  });
  ({ server, op } = sso);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sso?.stop();
});

const providerLink = (page) => page.getByRole('link', { name: `Logga in med ${PROVIDER_NAME}`, exact: true });
/** Whether the address `u` is at the provider `provider`'s. */
const atProvider = (provider = op) => (u) => u.href.startsWith(`${provider.issuer}/`);

/**
 * Opens the sign-in page of `at` (a server and its provider, as startServerWithProvider gives)
 * and follows "Logga in med …" to the provider's login page.
 */
async function toProviderLogin(page, at = sso) {
  await page.goto(at.server.url('/handlaggare/logga-in'));
  await waitForApp(page);
  const link = providerLink(page);
  assert.equal(new URL(await link.getAttribute('href'), at.server.baseUrl).pathname, '/api/auth/oidc/start');
  await link.click();
  await page.waitForURL(atProvider(at.op));
  await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
}

/** Types `who`'s user name and password on the provider's login page, by label. */
async function typeAtProvider(page, who) {
  await page.getByLabel('Användarnamn').fill(who.username ?? who.email);
  await page.getByLabel('Lösenord').fill(who.password);
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
}

/** Waits until the caseworker area's overview has arrived, signed in as `who`; its nav links. */
async function inTheArea(page, who, at = sso) {
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  await overviewLoaded(page);
  const here = new URL(page.url());
  assert.equal(`${here.origin}${here.pathname}`, at.server.url('/handlaggare/'));
  await page.getByRole('banner').getByText(who.name, { exact: true }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Handläggarstöd' });
  return (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
}

/** The whole sign-in through the provider, from the sign-in page to the overview. */
async function signInThroughProvider(page, who, at = sso) {
  await toProviderLogin(page, at);
  await typeAtProvider(page, who);
  return inTheArea(page, who, at);
}

/** Waits for the sign-in page with `?fel=code` and its alert saying the code's message. */
async function refusedWith(page, code) {
  await page.waitForURL((u) => u.pathname === '/handlaggare/logga-in' && u.searchParams.get('fel') === code);
  await waitForApp(page);
  await page.getByRole('alert').filter({ hasText: MESSAGES[code] }).waitFor();
  await eventually(async () => assert.ok(
    (await page.evaluate(() => document.activeElement?.textContent ?? '')).includes(MESSAGES[code]),
    'focus moves to the message',
  ));
  assert.equal(await page.getByRole('navigation', { name: 'Handläggarstöd' }).count(), 0, 'not signed in');
  await providerLink(page).waitFor(); // and the way to try again is there
}

test('The sign-in page offers "Logga in med …" beside e-mail and password, and passes axe', async () => {
  const page = await newPage(browser);
  await page.goto(server.url('/handlaggare/logga-in'));
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  await providerLink(page).waitFor();
  assert.equal(await page.getByLabel('E-postadress').count(), 1, 'local sign-in is on');
  assert.equal(await page.getByLabel('Lösenord').count(), 1);
  await expectNoAxeViolations(page, 'the sign-in page with the provider link');
  assertNoPageErrors(page, 'the sign-in page', EXPECTED_HTTP_ERRORS);
  await page.context().close();
});

test('A caseworker signs in through the provider at the first visit: an account with the caseworker role is made', async () => {
  const page = await newPage(browser);
  const links = await signInThroughProvider(page, CASEWORKER);
  assert.deepEqual(links, NAV_CASEWORKER, 'a caseworker has no administration');
  assertNoPageErrors(page, 'a caseworker through the provider', EXPECTED_HTTP_ERRORS);
  await page.context().close();
});

test('An administrator signs in through the provider and gets the administrator role', async () => {
  const page = await newPage(browser);
  const links = await signInThroughProvider(page, ADMIN);
  assert.deepEqual(links, NAV_ADMIN);
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Konton' }).click();
  await page.getByRole('heading', { level: 1, name: 'Konton' }).waitFor();
  // Both accounts made at sign-in are listed, under their names and e-mail addresses from the
  // provider, with the roles their groups grant.
  for (const [who, shown, role] of [
    [ADMIN, `${ADMIN.name} (du)`, 'Administratör'],
    [CASEWORKER, CASEWORKER.name, 'Handläggare'],
  ]) {
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: shown, exact: true }) });
    await row.waitFor();
    const headers = (await page.locator('table thead th').allTextContents()).map((h) => h.trim());
    assert.ok(headers.includes('Roll'), headers.join(' | '));
    const cells = (await row.locator('th, td').allTextContents()).map((t) => t.trim());
    assert.equal(cells[headers.indexOf('Roll')], role, `${who.name}: ${cells.join(' | ')}`);
    assert.ok(cells.includes(who.email), `${who.email} in ${cells.join(' | ')}`);
  }
  assertNoPageErrors(page, 'an administrator through the provider', EXPECTED_HTTP_ERRORS);
  await page.context().close();
});

test('A person whose groups grant no role is refused with the message, which passes axe', async () => {
  const page = await newPage(browser);
  await toProviderLogin(page);
  await typeAtProvider(page, NO_ROLE);
  await refusedWith(page, 'oidc_no_role');
  await expectNoAxeViolations(page, 'the sign-in page with a refusal');
  // Nobody is signed in: the area sends the person back to the sign-in page.
  await page.goto(server.url('/handlaggare/sokande'));
  await page.waitForURL((u) => u.pathname === '/handlaggare/logga-in');
  assertNoPageErrors(page, 'refused for no role', EXPECTED_HTTP_ERRORS);
  await page.context().close();
});

test('"Avbryt" at the provider comes back as a cancelled sign-in', async () => {
  const page = await newPage(browser);
  await toProviderLogin(page);
  await page.getByRole('button', { name: 'Avbryt', exact: true }).click();
  await refusedWith(page, 'oidc_cancelled');
  await page.context().close();
});

test('A forged callback and a replayed one are refused as an unknown or used attempt', async () => {
  const forged = await newPage(browser);
  await forged.goto(server.url('/api/auth/oidc/callback?code=x&state=forged'));
  await refusedWith(forged, 'oidc_state');
  await expectNoAxeViolations(forged, 'the sign-in page after a forged callback');
  assertNoPageErrors(forged, 'a forged callback', EXPECTED_HTTP_ERRORS);

  // A real answer from the provider, seen on its way to the callback, works once.
  const page = await newPage(browser);
  const callbacks = [];
  page.on('request', (r) => {
    if (r.url().startsWith(server.url('/api/auth/oidc/callback'))) callbacks.push(r.url());
  });
  await signInThroughProvider(page, CASEWORKER);
  assert.equal(callbacks.length, 1, callbacks.join('\n'));
  assert.match(callbacks[0], /[?&]code=[^&]+/);
  // Replayed in another browser (an attacker who saw the address) …
  await forged.goto(callbacks[0]);
  await refusedWith(forged, 'oidc_state');
  // … and in the same one, whose attempt is used up.
  await page.goto(callbacks[0]);
  await page.waitForURL((u) => u.pathname === '/handlaggare/logga-in' && u.searchParams.get('fel') === 'oidc_state');
  await waitForApp(page);
  await page.getByRole('alert').filter({ hasText: MESSAGES.oidc_state }).waitFor();
  await forged.context().close();
  await page.context().close();
});

test('The provider\'s signing keys rotate between two sign-ins (the old key dropped) and the second still works', async () => {
  const first = await newPage(browser);
  await signInThroughProvider(first, CASEWORKER);
  const fetchedBefore = op.requestCount('/jwks');
  const kidBefore = op.currentKid;
  const rotated = op.rotateKeys({ dropOld: true });
  assert.equal(rotated.previousKid, kidBefore);
  assert.deepEqual(op.jwks().keys.map((k) => k.kid), [rotated.kid], 'only the new key is published');

  const second = await newPage(browser);
  assert.deepEqual(await signInThroughProvider(second, ADMIN), NAV_ADMIN);
  assert.ok(op.requestCount('/jwks') > fetchedBefore, 'the server fetched the provider\'s new keys');
  await first.context().close();
  await second.context().close();
});

test('The demo administrator still signs in with a password, deactivates the caseworker, and the caseworker\'s next sign-in through the provider is refused', async () => {
  const admin = await newPage(browser);
  await signInToCaseworkerArea(admin, server, { user: DEMO.user, password: DEMO.password });
  await admin.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Konton' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Konton' }).waitFor();
  await admin.getByRole('button', { name: `Stäng av: ${CASEWORKER.name}` }).click();
  await admin.getByRole('status').filter({ hasText: `${CASEWORKER.name}s konto är avstängt` }).waitFor();

  const page = await newPage(browser);
  await toProviderLogin(page);
  await typeAtProvider(page, CASEWORKER);
  await refusedWith(page, 'oidc_deactivated');

  // Reactivated, the same person signs in again (the provider remembers them: no password).
  await admin.getByRole('button', { name: `Aktivera: ${CASEWORKER.name}` }).click();
  await admin.getByRole('status').filter({ hasText: `${CASEWORKER.name}s konto är aktivt igen` }).waitFor();
  await providerLink(page).click();
  assert.deepEqual(await inTheArea(page, CASEWORKER), NAV_CASEWORKER);
  assertNoPageErrors(admin, 'accounts', EXPECTED_HTTP_ERRORS);
  await admin.context().close();
  await page.context().close();
});

test('"Logga ut" ends the session here and at the provider, and the next sign-in asks for the password again', async () => {
  const page = await newPage(browser);
  await signInThroughProvider(page, ADMIN);
  await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
  await page.waitForURL(atProvider());
  await page.getByRole('heading', { level: 1, name: 'Vill du logga ut?' }).waitFor();
  await page.getByRole('button', { name: 'Ja, logga ut', exact: true }).click();
  await page.waitForURL((u) => u.origin === server.baseUrl && u.pathname === '/handlaggare/logga-in');
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  await providerLink(page).waitFor();

  // Signed out here: the area sends the person to the sign-in page.
  await page.goto(server.url('/handlaggare/konton'));
  await page.waitForURL((u) => u.pathname === '/handlaggare/logga-in');
  await waitForApp(page);
  // … and at the provider: its login page asks for the password again.
  await providerLink(page).click();
  await page.waitForURL(atProvider());
  await page.getByLabel('Lösenord').waitFor();
  await typeAtProvider(page, ADMIN);
  assert.deepEqual(await inTheArea(page, ADMIN), NAV_ADMIN);
  assertNoPageErrors(page, 'signing out through the provider', EXPECTED_HTTP_ERRORS);
  await page.context().close();
});

test('The access log names the sign-ins through the provider, the accounts made then, and each refusal', async () => {
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, { user: DEMO.user, password: DEMO.password });
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Åtkomstlogg' }).click();
  await page.getByRole('heading', { level: 1, name: 'Åtkomstlogg' }).waitFor();
  await page.getByLabel('Typ av händelse').selectOption({ label: 'Säkerhetshändelser' });
  await page.getByRole('button', { name: 'Visa' }).click();
  await page.waitForURL(/\?kind=security$/);
  const rows = page.getByRole('table').locator('tbody tr');
  const actions = async () => (await rows.locator('td:nth-child(3)').allTextContents()).map((t) => t.trim());
  const count = (shown, action) => shown.filter((a) => a === action).length;
  await eventually(async () => {
    const shown = await actions();
    const seen = [...new Set(shown)].join(', ');
    for (const action of [
      'Inloggning via identitetsleverantören',
      'Inloggning via identitetsleverantören nekad: saknar behörighet',
      'Inloggning via identitetsleverantören nekad: kontot är avstängt',
      'Inloggning via identitetsleverantören nekad: okänt eller använt försök',
      'Inloggning via identitetsleverantören avbruten',
    ]) assert.ok(shown.includes(action), `${action} in ${seen}`);
    // Each account was made once, at its person's first sign-in, not at every one.
    assert.equal(count(shown, 'Konto skapat vid inloggning via identitetsleverantören'), 2, seen);
  });
  const created = rows.filter({ hasText: 'Konto skapat vid inloggning via identitetsleverantören' });
  const createdText = (await created.allTextContents()).join('\n');
  for (const who of [CASEWORKER, ADMIN]) assert.ok(createdText.includes(who.name), `${who.name} in ${createdText}`);
  await expectNoAxeViolations(page, 'the access log with sign-ins through the provider');
  assertNoPageErrors(page, 'the access log', EXPECTED_HTTP_ERRORS);
  await page.context().close();
});

test('With local sign-in off the page offers only the provider, the password API refuses, and the provider sign-in works', async () => {
  const other = await startServerWithProvider({
    users: [CASEWORKER],
    // Default scopes; the groups come with openid.
    env: { KP_LOCAL_SIGN_IN: 'off', DEMO_USER: DEMO.user, DEMO_PASSWORD: DEMO.password },
  });
  try {
    const page = await newPage(browser);
    await page.goto(other.server.url('/handlaggare/logga-in'));
    await waitForApp(page);
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    await page.getByRole('link', { name: `Logga in med ${PROVIDER_NAME}`, exact: true }).waitFor();
    assert.equal(await page.getByLabel('E-postadress').count(), 0, 'no e-mail field');
    assert.equal(await page.getByLabel('Lösenord').count(), 0, 'no password field');
    assert.equal(await page.getByRole('textbox').count(), 0, 'no fields at all');
    assert.equal(await page.getByRole('button', { name: 'Logga in', exact: true }).count(), 0);
    await expectNoAxeViolations(page, 'the sign-in page with local sign-in off');

    const status = await page.evaluate(async (demo) => (await fetch('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: demo.user, password: demo.password }),
    })).status, DEMO);
    assert.equal(status, 403, 'a password sign-in is refused');

    assert.deepEqual(await signInThroughProvider(page, CASEWORKER, other), NAV_CASEWORKER);
    assertNoPageErrors(page, 'local sign-in off', (e) => EXPECTED_HTTP_ERRORS(e)
      || e.url === `${other.op.issuer}/favicon.ico`);
    await page.context().close();
  } finally {
    await other.stop();
  }
});
