#!/usr/bin/env node
// Runs the test OpenID Connect provider (./provider.mjs) as a process of its own, for tests in
// another language (the Rust API tests) to spawn.
//
//   node tests/oidc/main.mjs [--port N] [--host ADDR] [--config FILE | --config-json JSON]
//
//   --port N           port to listen on; 0 (the default) picks a free one
//   --host ADDR        address to listen on, default 127.0.0.1
//   --config FILE      a JSON file with startProvider's options (see provider.mjs and README.md):
//                        { "clients": [{ "client_id": "kp", "client_secret": "…",
//                                        "redirect_uris": ["http://127.0.0.1:8080/callback"],
//                                        "post_logout_redirect_uris": ["http://127.0.0.1:8080/"],
//                                        "token_endpoint_auth_method": "client_secret_basic" }],
//                          "users": [{ "sub": "…", "email": "…", "email_verified": true,
//                                      "name": "…", "groups": ["…"], "password": "…" }],
//                          "groupsClaim": "groups", "groupsScope": null, "idTokenTtl": 300,
//                          "consentPage": false, "confirmLogout": true }
//                      --port and --host win over "port" and "host" in the file
//   --config-json JSON the same options inline
//
// Once it listens it prints one JSON line on stdout:
//   {"issuer":"http://127.0.0.1:41234","port":41234,"kid":"<kid of the signing key>"}
// Nothing else goes to stdout unless asked (oidc-provider's notices go to stderr).
//
// Commands, one a line on stdin, each answered with one JSON line on stdout:
//   rotate            a new signing key; the JWKS also keeps the previous one
//                       -> {"rotated":true,"kid":"…","previousKid":"…","kids":["…","…"]}
//   rotate-drop-old   a new signing key; the JWKS lists only it   -> the same shape
//   retire-old        the JWKS lists only the current key  -> {"retired":true,"kid":"…","kids":["…"]}
//   jwks              -> {"jwks":{"keys":[…]}}
//   requests PATH     how many requests PATH (e.g. /jwks) got so far -> {"path":"/jwks","count":N}
//   quit              closes the server and exits 0
// An unknown command -> {"error":"unknown command …"}. End of stdin does not stop the provider;
// SIGTERM or SIGINT does (exit 0).

import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { startProvider } from './provider.mjs';

// oidc-provider prints its notices with console.info; keep stdout for the JSON lines.
console.info = (...args) => console.error(...args);
console.log = (...args) => console.error(...args);

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    config: { type: 'string' },
    'config-json': { type: 'string' },
  },
  strict: true,
});

let config = {};
if (values.config !== undefined) config = JSON.parse(fs.readFileSync(values.config, 'utf8'));
if (values['config-json'] !== undefined) config = JSON.parse(values['config-json']);
for (const [key, value] of Object.entries(config)) if (value === null) delete config[key];
if (values.port !== undefined) config.port = Number(values.port);
if (values.host !== undefined) config.host = values.host;
if (config.port !== undefined && !(Number.isInteger(config.port) && config.port >= 0 && config.port < 65536)) {
  console.error(`invalid port ${values.port ?? config.port}`);
  process.exit(2);
}

const out = (object) => process.stdout.write(`${JSON.stringify(object)}\n`);

const op = await startProvider(config);
out({ issuer: op.issuer, port: op.port, kid: op.currentKid });

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  await op.close();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

const kids = () => op.jwks().keys.map((k) => k.kid);
const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on('line', (line) => {
  const [command, ...args] = line.trim().split(/\s+/);
  switch (command) {
    case '':
      break;
    case 'rotate':
    case 'rotate-drop-old': {
      const { kid, previousKid } = op.rotateKeys({ dropOld: command === 'rotate-drop-old' });
      out({ rotated: true, kid, previousKid, kids: kids() });
      break;
    }
    case 'retire-old': {
      const { kid } = op.retireOldKeys();
      out({ retired: true, kid, kids: kids() });
      break;
    }
    case 'jwks':
      out({ jwks: op.jwks() });
      break;
    case 'requests':
      out({ path: args[0], count: op.requestCount(args[0]) });
      break;
    case 'quit':
      shutdown();
      break;
    default:
      out({ error: `unknown command ${command}` });
  }
});
