import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeMethodCall } from 'xmlrpc/lib/serializer';
import { argumentsFor } from '../../../adapters/cli/call';
import { EXIT, ExitError } from '../../../adapters/cli/exit-codes';

/** The XML body `folio call METHOD WORDS…` sends (without the auth token). */
const wireOf = (method: string, words: readonly string[]): string =>
  serializeMethodCall(method, argumentsFor(method, words));

describe('folio call arguments', () => {
  it('sends an amount as the <double> text typed, with no binary float round trip', () => {
    const method = 'api.adjustUserAccountBalance';
    assert.match(wireOf(method, ['alice', '0.1', 'x']), /<double>0\.1<\/double>/);
    // 17 significant digits: a JavaScript number would send 1000000000000.
    assert.match(
      wireOf(method, ['alice', '999999999999.999999', 'x']),
      /<double>999999999999\.999999<\/double>/,
    );
    assert.match(wireOf(method, ['alice', '-0.000001', 'x']), /<double>-0\.000001<\/double>/);
    assert.match(wireOf(method, ['alice', '5', 'x']), /<double>5<\/double>/);
  });

  it('refuses a word that does not fit its parameter before calling, as a usage error', () => {
    const usageError = (error: unknown) =>
      error instanceof ExitError && error.exitCode === EXIT.usage && /is not/.test(error.message);
    assert.throws(() => argumentsFor('api.adjustUserAccountBalance', ['alice', 'ten', 'x']), usageError);
    assert.throws(() => argumentsFor('api.adjustUserAccountBalance', ['alice', '', 'x']), usageError);
    assert.throws(() => argumentsFor('api.listUserAccounts', ['1.5', '10']), usageError);
    assert.throws(() => argumentsFor('api.setUserProperties', ['alice', '[["a"']), usageError);
  });
});
