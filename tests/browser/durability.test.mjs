// An acknowledged application survives a crash of the real server: the row is committed
// (SQLite WAL, synchronous=FULL) before the reference is answered. The server is killed with
// SIGKILL right after the answer, started again on the same database file, and a resend of the
// same submission gets the same reference back instead of creating a second application.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, CONSENT_VERSION } from './harness.mjs';

const form = {
  first_name: 'Amina', last_name: 'Yusuf', personnummer: '811218-9876', address: 'Storgatan 1',
  postcode: '123 45', town: 'Exempelby', phone: '070-123 45 67', email: 'amina@example.se',
  assignment_types: ['child'], languages: ['so'], occupation: 'Undersköterska', frequency: 'weekly',
  times: ['evenings'], motivation: 'Jag vill ge tid till en ung person som behöver en vuxen till.',
  consent: true, consent_version: CONSENT_VERSION, locale: 'so',
};

async function send(server, key) {
  const response = await fetch(server.url('/api/applications'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(form),
  });
  return { status: response.status, body: await response.json() };
}

test('An application acknowledged just before a crash is there after a restart, once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-crash-'));
  const env = { DATABASE_URL: `sqlite://${path.join(dir, 'kp.db')}` };
  try {
    const first = await startServer({ env });
    const keys = Array.from({ length: 5 }, (_, i) => `crash-test-key-${i}-0123456789`);
    const answers = await Promise.all(keys.map((key) => send(first, key)));
    await first.crash();
    for (const answer of answers) assert.equal(answer.status, 201, JSON.stringify(answer.body));

    const second = await startServer({ env });
    try {
      for (const [i, key] of keys.entries()) {
        const again = await send(second, key);
        assert.equal(again.status, 200, `resend ${i} after the crash finds the stored application`);
        assert.equal(again.body.reference, answers[i].body.reference);
      }
      const fresh = await send(second, 'crash-test-key-new-0123456789');
      assert.equal(fresh.status, 201);
      const numbers = answers.map((a) => Number(a.body.reference.slice(-4)));
      assert.equal(Number(fresh.body.reference.slice(-4)), Math.max(...numbers) + 1,
        'the reference counter survived too: no number is handed out twice');
    } finally {
      await second.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
