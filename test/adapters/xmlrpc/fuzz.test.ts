import fc from 'fast-check';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { CONFIG_KEYS } from '../../../application/policy';
import { ALL_METHODS } from '../../../adapters/xmlrpc/methods';
import { repoRoot } from '../../support/paths';
import { checkAsyncProperty } from '../../support/property';
import { createRawClient, RawClient, RawResponse } from '../../support/raw-http-client';
import {
  applyMutation,
  arbitraryCall,
  heavyCall,
  mutation,
  registryCall,
} from '../../support/xmlrpc-arbitraries';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';
import { decodeReply } from '../../support/xmlrpc-wire';

/**
 * A reply to anything must come within this: it tells a hang from an answer. The slowest honest case
 * (a 900 KB string) takes well under a second; the margin is for a loaded 2-core machine.
 */
const REPLY_BOUND_MS = 20_000;
const ADMIN = { actor: 'test', method: 'test-setup', correlationId: 'test-setup' };
/** The token the fuzzer calls with: an integration's, from the config value. */
const FUZZ_TOKEN = 'fuzz-integration-token-3c9a';
/** Secrets the fuzzer never sends: none may ever appear in a reply. */
const OTHER_TOKEN = 'other-integration-token-77d1';
const ADMIN_PASSWORD = 'admin-password-never-sent-51f0';

/** A stack frame, a source location, or a path of the server's own files. */
const LEAK = /\n\s+at |\bat [\w.<>]+ \(|node:internal|\.[jt]s:\d+|node_modules|\/dist\//;

describe('fuzzing the XML-RPC layer', () => {
  let server: TestServer;
  let client: RawClient;
  let cases = 0;
  /** What the replies were: 'value', or the fault code; printed so a run shows how deep the fuzzer reached. */
  const outcomes = new Map<string, number>();

  before(async () => {
    // Throttling off: the fuzzer sends bad tokens on purpose and must keep reaching the methods.
    server = await startTestServer({ authThrottle: { maxFailures: 0, windowMs: 1, blockMs: 0 } });
    const { services } = server.folio;
    const setup = [
      await services.config.setConfigValue(
        ADMIN,
        CONFIG_KEYS.authTokens,
        JSON.stringify({ fuzzer: FUZZ_TOKEN, other: OTHER_TOKEN }),
      ),
      await services.config.changeInternalAdminPassword(ADMIN, ADMIN_PASSWORD),
      ...(await Promise.all(
        ['alice', 'bob'].map((username) =>
          services.users.addNewInternalUser(ADMIN, {
            username,
            password: 'pw',
            fullName: username,
            email: `${username}@example.org`,
            cardId: '',
            pin: '',
          }),
        ),
      )),
      await services.groups.addNewGroup(ADMIN, 'staff'),
      await services.sharedAccounts.addNewSharedAccount(ADMIN, 'dept'),
      await services.sharedAccounts.addNewSharedAccount(ADMIN, 'dept\\sub'),
    ];
    for (const done of setup) assert.equal(done._tag, 'Right', JSON.stringify(done));
    client = createRawClient(server.port);
  });

  after(async () => {
    client.close();
    await server.close();
  });

  /** Sends one request and checks what every reply must be; the raw client checks the wire invariants. */
  const exchange = async (body: Buffer): Promise<RawResponse> => {
    const started = performance.now();
    const response = await client.send(body, { timeoutMs: REPLY_BOUND_MS + 1_000 });
    const elapsed = performance.now() - started;
    cases += 1;
    assert.ok(elapsed < REPLY_BOUND_MS, `answered in ${elapsed.toFixed(0)} ms`);
    assert.ok(response.status === 200 || response.status === 413, `HTTP ${response.status}`);
    const reply = await decodeReply(response.text); // rejects unless a well-formed methodResponse
    const outcome = reply.kind === 'value' ? 'value' : `fault ${reply.faultCode}`;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    // Secrets the request did not hold never come back (a mangled call may echo the caller's own text,
    // e.g. "No such handler: <whatever the methodName turned out to be>").
    const sent = body.toString('latin1') + body.toString('utf8');
    for (const secret of [server.token, OTHER_TOKEN, ADMIN_PASSWORD, FUZZ_TOKEN])
      if (!sent.includes(secret))
        assert.ok(!response.text.includes(secret), 'no token or password in a reply');
    assert.ok(!response.text.includes(repoRoot()), 'no server path in a reply');
    assert.doesNotMatch(response.text, LEAK, 'no stack trace or source location in a reply');
    return response;
  };

  const stillServing = async (): Promise<void> => {
    const { reply } = await client.call('api.getTotalUsers', FUZZ_TOKEN);
    assert.equal(reply.kind, 'value', 'the server still answers an ordinary call');
  };

  it('calls built from the method registry, with wrong types and arities and mutated bytes: a well-formed reply within the bound, and the server keeps serving', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(registryCall(ALL_METHODS, FUZZ_TOKEN), mutation, async (body, change) => {
        await exchange(applyMutation(body, change));
        await stillServing();
      }),
      300,
    );
  });

  it('calls to anything with values of any type, mutated: the same', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(arbitraryCall, mutation, async (body, change) => {
        await exchange(applyMutation(body, change));
        await stillServing();
      }),
      200,
    );
  });

  it('deep, long and wide calls, mutated: the same', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(heavyCall(FUZZ_TOKEN), mutation, async (body, change) => {
        await exchange(applyMutation(body, change));
        await stillServing();
      }),
      20,
    );
  });

  it('a new connection is still answered after all of it', async (t) => {
    const counts = [...outcomes].sort(([a], [b]) => (a < b ? -1 : 1));
    t.diagnostic(
      `${cases} fuzzed requests: ${counts.map(([outcome, count]) => `${outcome} ×${count}`).join(', ')}`,
    );
    const fresh = createRawClient(server.port);
    try {
      const { reply } = await fresh.call('api.isUserExists', FUZZ_TOKEN, 'alice');
      assert.equal(reply.kind, 'value');
    } finally {
      fresh.close();
    }
  });
});
