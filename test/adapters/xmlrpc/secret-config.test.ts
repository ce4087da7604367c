import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSecretConfigKey, privilegedTarget } from '../../../adapters/xmlrpc/secret-config';

describe('which config keys are credentials', () => {
  it('a key whose last segment holds a secret word as a whole word is a credential', () => {
    for (const key of [
      'auth.webservices.auth-token',
      'auth.ldap.admin-password',
      'auth.ldap.password',
      'system.passwd',
      'integration.client-secret',
      'integration.api_token',
      'integration.auth-tokens',
      'printer.release-pin',
      'user.pin',
      'card.userPin',
      'card.USER-PIN',
      'tls.private-key',
      'tls.privateKey',
      'tls.private_keys',
    ])
      assert.equal(isSecretConfigKey(key), true, key);
  });

  it('a secret word inside another word is not one: pin in shipping or mapping, token in tokenizer', () => {
    for (const key of [
      'print.shipping',
      'account.mapping',
      'user.default-overdraft-amount',
      'report.spinner',
      'search.tokenizer',
      'printer.pinned-queues',
      'auth.secretary-email',
      'keys.private',
      'user-directory.file',
      'auth.password.min-length-enabled',
    ])
      assert.equal(isSecretConfigKey(key), false, key);
  });

  it('only the last segment counts: a password policy is not a password', () => {
    assert.equal(isSecretConfigKey('auth.password.policy'), false);
    assert.equal(isSecretConfigKey('auth.policy.password'), true);
  });
});

describe('which calls need the admin password or a start-up token', () => {
  it('reading a credential, or changing who may call or which file is the user directory', () => {
    assert.match(
      privilegedTarget('api.getConfigValue', { name: 'auth.ldap.admin-password' }) ?? '',
      /admin-password/,
    );
    assert.equal(privilegedTarget('api.getConfigValue', { name: 'print.shipping' }), null);
    for (const key of [
      'auth.webservices.auth-token',
      'auth.webservices.allowed-addresses',
      'user-directory.file',
      'printer.release-pin',
    ])
      assert.match(
        privilegedTarget('api.setConfigValue', { name: key, value: 'x' }) ?? '',
        new RegExp(key),
        key,
      );
    assert.equal(privilegedTarget('api.setConfigValue', { name: 'account.mapping', value: 'x' }), null);
    // Readable by any token: it names a file, it is not a secret.
    assert.equal(privilegedTarget('api.getConfigValue', { name: 'user-directory.file' }), null);
    assert.equal(
      privilegedTarget('api.changeInternalAdminPassword', { newPassword: 'new' }),
      'the admin password',
    );
  });
});
