// A real OpenID Connect provider for the sign-in tests: npm's oidc-provider (panva's, OpenID
// Certified) on 127.0.0.1 over plain HTTP, with its own small, accessible Swedish login page
// (labels "Användarnamn", "Lösenord", button "Logga in"), users and clients from the options,
// authorization code + PKCE (S256, required for every client), RP-initiated logout, and signing
// keys a test can rotate. See tests/oidc/README.md.
//
//   import { startProvider } from './provider.mjs';
//   const op = await startProvider({ clients: [...], users: [...] });
//   op.issuer          // 'http://127.0.0.1:41234'
//   await op.rotateKeys();                   // new signing key; the JWKS still lists the old one
//   await op.rotateKeys({ dropOld: true });  // new signing key; the JWKS lists only it
//   await op.close();
//
// Nothing here is a production configuration: keys and state live in memory, cookies over HTTP.

import crypto from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const DEFAULT_GROUPS_CLAIM = 'groups';
const PROFILE_CLAIMS = [
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username',
  'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at',
];

/** A new RS256 signing key as a private JWK with a random kid. */
function newSigningKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' };
}

function publicJwk({ kty, n, e, kid, alg, use }) {
  return { kty, n, e, kid, alg, use };
}

/**
 * In-memory storage for oidc-provider's models (sessions, interactions, codes, grants, …). One
 * per startProvider, shared by the Provider instances that key rotation swaps in, so signing in,
 * sessions and codes survive a rotation.
 */
function memoryAdapterFactory() {
  const store = new Map(); // `${model}:${id}` -> { payload, expiresAt }
  const alive = (key) => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  const findWhere = (model, predicate) => {
    for (const key of store.keys()) {
      if (!key.startsWith(`${model}:`)) continue;
      const payload = alive(key);
      if (payload && predicate(payload)) return payload;
    }
    return undefined;
  };
  return class MemoryAdapter {
    constructor(model) { this.model = model; }

    key(id) { return `${this.model}:${id}`; }

    async upsert(id, payload, expiresIn) {
      const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined;
      store.set(this.key(id), { payload: structuredClone(payload), expiresAt });
    }

    async find(id) {
      const payload = alive(this.key(id));
      return payload && structuredClone(payload);
    }

    async findByUid(uid) {
      const payload = findWhere(this.model, (p) => p.uid === uid);
      return payload && structuredClone(payload);
    }

    async findByUserCode(userCode) {
      const payload = findWhere(this.model, (p) => p.userCode === userCode);
      return payload && structuredClone(payload);
    }

    async consume(id) {
      const payload = alive(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id) { store.delete(this.key(id)); }

    async revokeByGrantId(grantId) {
      for (const [key, { payload }] of store) {
        if (payload.grantId === grantId) store.delete(key);
      }
    }
  };
}

const escapeHtml = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
})[c]);

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:28rem;padding:0 1rem;
line-height:1.5;color:#1a1a1a}label{display:block;font-weight:600;margin-top:1rem}
input{display:block;width:100%;box-sizing:border-box;font-size:1rem;padding:.5rem;margin-top:.25rem;
border:2px solid #1a1a1a}button{font-size:1rem;padding:.5rem 1rem;margin:1.25rem .5rem 0 0}
.fel{border:4px solid #b00020;padding:.5rem 1rem}.fel h2{margin:.25rem 0;font-size:1.2rem}
:focus{outline:3px solid #fd0;outline-offset:2px}`;

function page({ title, body }) {
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function sendHtml(res, status, html) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}

async function readForm(req) {
  let body = '';
  req.setEncoding('utf8');
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 64 * 1024) throw new Error('form too large');
  }
  return Object.fromEntries(new URLSearchParams(body));
}

/**
 * Start an OpenID Connect provider on 127.0.0.1 and a free port (or `options.port`).
 *
 * @param {object} [options]
 * @param {Array<{client_id: string, client_secret?: string, redirect_uris: string[],
 *   post_logout_redirect_uris?: string[], token_endpoint_auth_method?: string,
 *   [metadata: string]: unknown}>} [options.clients] oidc-provider client metadata; defaults:
 *   response_types ['code'], grant_types ['authorization_code'], token_endpoint_auth_method
 *   'client_secret_basic' (or 'client_secret_post', …)
 * @param {Array<{sub: string, password: string, username?: string, email?: string,
 *   email_verified?: boolean, name?: string, groups?: string[], [claim: string]: unknown}>}
 *   [options.users] who can sign in, with `username`, else `email`, else `sub`
 * @param {string} [options.groupsClaim] name of the groups claim (default 'groups')
 * @param {string} [options.groupsScope] scope that releases the groups claim; unset: it is
 *   released with 'openid', i.e. always
 * @param {number} [options.port] default 0 (a free port)
 * @param {string} [options.host] default '127.0.0.1'
 * @param {number} [options.idTokenTtl] seconds, default 300
 * @param {number} [options.accessTokenTtl] seconds, default 300
 * @param {number} [options.sessionTtl] seconds the provider's own sign-in lasts, default 3600
 * @param {boolean} [options.consentPage] show a consent page ("Godkänn"); default false: the
 *   requested scopes are granted without asking, as for the municipality's own applications
 * @param {boolean} [options.confirmLogout] ask "Vill du logga ut?" at the end_session_endpoint
 *   (default true); false signs out without asking
 * @param {string} [options.title] the organisation shown on the pages (default 'Exempelby kommun')
 */
export async function startProvider(options = {}) {
  const {
    clients = [],
    users = [],
    groupsClaim = DEFAULT_GROUPS_CLAIM,
    groupsScope,
    port = 0,
    host = '127.0.0.1',
    idTokenTtl = 300,
    accessTokenTtl = 300,
    sessionTtl = 3600,
    consentPage = false,
    confirmLogout = true,
    title = 'Exempelby kommun',
  } = options;

  for (const user of users) {
    if (typeof user.sub !== 'string' || !user.sub) throw new TypeError('every user needs a "sub"');
    if (typeof user.password !== 'string') throw new TypeError(`user ${user.sub} needs a "password"`);
  }
  const usersBySub = new Map(users.map((u) => [u.sub, u]));
  const findUser = (name) => users.find((u) => (u.username ?? u.email ?? u.sub) === name)
    ?? users.find((u) => u.email === name || u.sub === name);

  const clientMetadata = clients.map((c) => ({
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...c,
  }));

  const claims = {
    openid: ['sub', ...(groupsScope ? [] : [groupsClaim])],
    email: ['email', 'email_verified'],
    profile: PROFILE_CLAIMS,
    ...(groupsScope ? { [groupsScope]: [groupsClaim] } : {}),
  };

  const Adapter = memoryAdapterFactory();
  const cookieKeys = [crypto.randomBytes(32).toString('base64url')];
  let signingKeys = [newSigningKey()]; // the first one signs; all are in the JWKS

  /** Every request the provider answered: { method, path } (path without the query). */
  const requests = [];

  const server = http.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const actualPort = server.address().port;
  const issuer = `http://${host}:${actualPort}`;

  const configuration = () => ({
    adapter: Adapter,
    clients: clientMetadata,
    jwks: { keys: signingKeys.map((k) => ({ ...k })) },
    // Cookies are per host, not per port: names of their own, so that no relying party on
    // 127.0.0.1 shares them.
    cookies: {
      keys: cookieKeys,
      names: { session: 'op_session', interaction: 'op_interaction', resume: 'op_interaction_resume' },
    },
    claims,
    conformIdTokenClaims: false, // scope claims (email, groups, …) go into the ID token too
    responseTypes: ['code'],
    pkce: { required: () => true }, // discovery lists only S256, the one method allowed
    clientBasedCORS: () => false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource,
        postLogoutSuccessSource,
      },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, sub) {
      const user = usersBySub.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          const { password, username, groups, ...rest } = user;
          return { ...rest, sub, [groupsClaim]: groups ?? [] };
        },
      };
    },
    renderError,
    ttl: {
      AccessToken: accessTokenTtl,
      AuthorizationCode: 60,
      ClientCredentials: 600,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      Grant: sessionTtl,
      IdToken: idTokenTtl,
      Interaction: 600,
      PreAuthorizedCode: 600,
      RefreshToken: 86400,
      Session: sessionTtl,
    },
  });

  async function logoutSource(ctx, form) {
    const submitYes = confirmLogout ? '' : `<script>
const f = document.getElementById('op.logoutForm');
const i = document.createElement('input');
i.type = 'hidden'; i.name = 'logout'; i.value = 'yes';
f.appendChild(i); f.submit();
</script>`;
    ctx.type = 'html';
    ctx.body = page({
      title: `Logga ut – ${title}`,
      body: `<h1>Vill du logga ut?</h1>
<p>Du loggas ut från ${escapeHtml(title)}.</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, logga ut</button>
<button type="submit" form="op.logoutForm">Nej, förbli inloggad</button>
${submitYes}`,
    });
  }

  async function postLogoutSuccessSource(ctx) {
    ctx.type = 'html';
    ctx.body = page({
      title: `Utloggad – ${title}`,
      body: `<h1>Du är utloggad</h1>\n<p>Du har loggat ut från ${escapeHtml(title)}.</p>`,
    });
  }

  async function renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page({
      title: `Något gick fel – ${title}`,
      body: `<h1>Något gick fel</h1>
<p><code>${escapeHtml(out.error)}</code></p>
<p>${escapeHtml(out.error_description)}</p>`,
    });
  }

  let provider;
  let callback;
  const install = () => {
    provider = new Provider(issuer, configuration());
    callback = provider.callback();
  };
  install();

  function loginPage({ uid, clientName, username = '', failed = false }) {
    const error = failed
      ? `<div class="fel" role="alert" id="fel" tabindex="-1">
<h2>Det gick inte att logga in</h2>
<p>Fel användarnamn eller lösenord.</p>
</div>\n`
      : '';
    return page({
      title: `${failed ? 'Fel: ' : ''}Logga in – ${title}`,
      body: `<h1>Logga in</h1>
<p>Logga in hos ${escapeHtml(title)} för att fortsätta till ${escapeHtml(clientName)}.</p>
${error}<form method="post" action="/interaction/${escapeHtml(uid)}/login" aria-label="Logga in" novalidate>
<label for="username">Användarnamn</label>
<input id="username" name="username" autocomplete="username" autocapitalize="off" spellcheck="false" value="${escapeHtml(username)}"${failed ? ' aria-describedby="fel"' : ''}>
<label for="password">Lösenord</label>
<input id="password" name="password" type="password" autocomplete="current-password"${failed ? ' aria-describedby="fel"' : ''}>
<button type="submit">Logga in</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort" aria-label="Avbryt inloggningen">
<button type="submit">Avbryt</button>
</form>`,
    });
  }

  function consentPageHtml({ uid, clientName, scopes }) {
    return page({
      title: `Godkänn – ${title}`,
      body: `<h1>Godkänn inloggning</h1>
<p>${escapeHtml(clientName)} vill få tillgång till:</p>
<ul>${scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
<form method="post" action="/interaction/${escapeHtml(uid)}/confirm" aria-label="Godkänn">
<button type="submit">Godkänn</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort" aria-label="Avbryt inloggningen">
<button type="submit">Avbryt</button>
</form>`,
    });
  }

  async function grantConsent(req, res, details) {
    const { prompt: { details: missing }, params, session } = details;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    const consent = details.grantId ? {} : { grantId };
    await provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
  }

  async function interaction(req, res, uid, action) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction does not match its cookie');
    const client = await provider.Client.find(details.params.client_id);
    const clientName = client?.clientName ?? details.params.client_id;

    if (req.method === 'GET' && action === undefined) {
      if (details.prompt.name === 'login') {
        return sendHtml(res, 200, loginPage({ uid, clientName, username: details.params.login_hint }));
      }
      if (details.prompt.name === 'consent') {
        if (!consentPage) return grantConsent(req, res, details);
        const scopes = String(details.params.scope ?? '').split(' ').filter(Boolean);
        return sendHtml(res, 200, consentPageHtml({ uid, clientName, scopes }));
      }
      throw new Error(`unknown prompt ${details.prompt.name}`);
    }
    if (req.method !== 'POST') return sendHtml(res, 405, page({ title: 'Fel', body: '<h1>Fel metod</h1>' }));

    if (action === 'abort') {
      return provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'End-User aborted interaction',
      }, { mergeWithLastSubmission: false });
    }
    if (action === 'login' && details.prompt.name === 'login') {
      const form = await readForm(req);
      const user = findUser(form.username ?? '');
      const ok = user !== undefined && typeof form.password === 'string'
        && crypto.timingSafeEqual(
          crypto.createHash('sha256').update(form.password).digest(),
          crypto.createHash('sha256').update(user.password).digest(),
        );
      if (!ok) return sendHtml(res, 200, loginPage({ uid, clientName, username: form.username, failed: true }));
      return provider.interactionFinished(req, res, {
        login: { accountId: user.sub, amr: ['pwd'] },
      }, { mergeWithLastSubmission: false });
    }
    if (action === 'confirm' && details.prompt.name === 'consent') {
      return grantConsent(req, res, details);
    }
    return sendHtml(res, 400, page({ title: 'Fel', body: '<h1>Fel steg i inloggningen</h1>' }));
  }

  server.on('request', (req, res) => {
    const { pathname } = new URL(req.url, issuer);
    requests.push({ method: req.method, path: pathname });
    const match = /^\/interaction\/([^/]+)(?:\/(login|confirm|abort))?$/.exec(pathname);
    if (!match) {
      callback(req, res);
      return;
    }
    interaction(req, res, match[1], match[2]).catch((err) => {
      if (res.headersSent) {
        res.destroy(err);
        return;
      }
      sendHtml(res, 400, page({
        title: `Något gick fel – ${title}`,
        body: `<h1>Något gick fel</h1>\n<p>${escapeHtml(err.message)}</p>`,
      }));
    });
  });

  return {
    issuer,
    port: actualPort,
    /** The current oidc-provider Provider instance (a new one after each rotation). */
    get provider() { return provider; },
    /** Every request answered so far, as { method, path }; e.g. count the JWKS fetches. */
    requests,
    /** How many requests went to `path` (e.g. '/jwks'). */
    requestCount: (path) => requests.filter((r) => r.path === path).length,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    /** The kid of the key that signs new ID tokens. */
    get currentKid() { return signingKeys[0].kid; },
    /** The public JWKS the jwks_uri serves now. */
    jwks: () => ({ keys: signingKeys.map(publicJwk) }),
    /**
     * A new signing key signs new ID tokens from now on. The JWKS lists it first and, unless
     * `dropOld`, the key that signed until now (older ones are dropped).
     * @returns {{ kid: string, previousKid: string, jwks: { keys: object[] } }}
     */
    rotateKeys({ dropOld = false } = {}) {
      const previous = signingKeys[0];
      signingKeys = dropOld ? [newSigningKey()] : [newSigningKey(), previous];
      install();
      return { kid: signingKeys[0].kid, previousKid: previous.kid, jwks: this.jwks() };
    },
    /** The JWKS lists only the current signing key (removes the one rotateKeys kept). */
    retireOldKeys() {
      signingKeys = [signingKeys[0]];
      install();
      return { kid: signingKeys[0].kid, jwks: this.jwks() };
    },
    async close() {
      await new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
