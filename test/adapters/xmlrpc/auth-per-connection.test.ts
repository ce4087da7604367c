import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAuthenticator } from '../../../adapters/xmlrpc/auth';

/** The per-connection verdict must never outlive what it was decided on. */
describe('auth verdicts remembered per connection', async () => {
  const setup = () => {
    const state = { config: '{"billing":"tok-billing"}', adminHash: '', verifications: 0 };
    const authenticate = createAuthenticator({
      configValue: () => state.config,
      adminPasswordHash: () => state.adminHash,
      verifySecret: (secret, hash) => {
        state.verifications += 1;
        return hash === 'hash-of-admin' && secret === 'admin-pass';
      },
      startupTokens: ['tok-start'],
    });
    return { state, authenticate };
  };

  it('accepts the same token again on the same connection, and a token revoked since is refused on it', async () => {
    const { state, authenticate } = setup();
    const connection = {};
    assert.deepEqual(await authenticate('tok-billing', connection), {
      ok: true,
      actor: 'token:billing',
      privileged: false,
    });
    assert.deepEqual(await authenticate('tok-billing', connection), {
      ok: true,
      actor: 'token:billing',
      privileged: false,
    });
    state.config = '{"billing":"tok-new"}';
    assert.deepEqual(await authenticate('tok-billing', connection), { ok: false });
    assert.equal((await authenticate('tok-new', connection)).ok, true);
  });

  it('another token on a connection (a shared proxy connection) is checked afresh, never given the last verdict', async () => {
    const { authenticate } = setup();
    const connection = {};
    assert.equal((await authenticate('tok-start', connection)).ok, true);
    assert.deepEqual(await authenticate('tok-starx', connection), { ok: false });
    assert.deepEqual(await authenticate('tok-billing', connection), {
      ok: true,
      actor: 'token:billing',
      privileged: false,
    });
    assert.deepEqual(await authenticate('tok-start', connection), {
      ok: true,
      actor: 'startup-token',
      privileged: true,
    });
  });

  it('a changed admin password drops the remembered admin verdict', async () => {
    const { state, authenticate } = setup();
    const connection = {};
    state.adminHash = 'hash-of-admin';
    assert.deepEqual(await authenticate('admin-pass', connection), {
      ok: true,
      actor: 'admin',
      privileged: true,
    });
    state.adminHash = 'hash-of-something-else';
    assert.deepEqual(await authenticate('admin-pass', connection), { ok: false });
  });

  it('without a connection every call is checked on its own', async () => {
    const { state, authenticate } = setup();
    state.adminHash = 'hash-of-admin';
    assert.equal((await authenticate('admin-pass')).ok, true);
    assert.equal((await authenticate('wrong')).ok, false);
  });
});
