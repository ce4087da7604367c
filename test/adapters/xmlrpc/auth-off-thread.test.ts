import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAuthenticator } from '../../../adapters/xmlrpc/auth';
import { hashSecret, verifySecretOffThread } from '../../../application/secrets';

describe('wrong admin-password guesses are checked off the event loop', () => {
  it('twenty distinct guesses leave the event loop free while scrypt runs, and each verdict is right', async () => {
    const adminHash = hashSecret('the-admin-password');
    const authenticate = createAuthenticator({
      configValue: () => '',
      adminPasswordHash: () => adminHash,
      verifySecret: verifySecretOffThread,
      startupTokens: [],
    });
    // Scheduled first: it runs before the verdicts only if scrypt did not hold the loop (run inline,
    // twenty scrypts would finish, and their verdicts settle, before the loop reached this callback).
    let loopTurned = false;
    setImmediate(() => (loopTurned = true));
    const guesses = Array.from({ length: 20 }, (_, index) => authenticate(`guess-${index}`));
    const verdicts = await Promise.all(guesses);
    assert.ok(loopTurned, 'the event loop turned while the guesses were checked');
    assert.ok(verdicts.every((verdict) => !verdict.ok));
    assert.deepEqual(await authenticate('the-admin-password'), {
      ok: true,
      actor: 'admin',
      privileged: true,
    });
  });
});
