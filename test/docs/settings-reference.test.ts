import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  DEFAULT_CHECKPOINT_INTERVAL_SECONDS,
  DEFAULT_PORT,
  DEFAULT_TLS_PORT,
  SettingsFile,
} from '../../adapters/config/settings';
import { DEFAULT_AUTH_THROTTLE } from '../../adapters/xmlrpc/auth-throttle';
import { DEFAULT_MAX_CONNECTIONS_PER_ADDRESS } from '../../adapters/xmlrpc/connection-gate';
import { CALL_TIMEOUT_MS } from '../../adapters/xmlrpc/dispatch';
import { DEFAULT_MAX_BODY_BYTES } from '../../adapters/xmlrpc/http-handler';
import {
  DEFAULT_HTTP_TIMEOUTS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_SHUTDOWN_GRACE_MS,
} from '../../adapters/xmlrpc/server';
import { repoRoot } from '../support/paths';

interface Row {
  readonly setting: string;
  readonly file: readonly string[];
  readonly byDefault: string;
}

/** The settings reference of docs/operations.md §1: one row per setting, its settings-file keys in backticks. */
const settingsTable = (): Row[] => {
  const docs = readFileSync(join(repoRoot(), 'docs', 'operations.md'), 'utf8');
  const section = docs.slice(docs.indexOf('## 1.'), docs.indexOf('## 2.'));
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map(([, setting = '', , , file = '', byDefault = '']) => ({
      setting,
      file: [...file.matchAll(/`([A-Za-z]+)`/g)].map((match) => match[1] ?? ''),
      byDefault,
    }));
};

const seconds = (ms: number): string => `${ms / 1000} s`;
const thousands = (n: number): string => n.toLocaleString('en-US');

describe('docs/operations.md settings reference', () => {
  it('names every key the settings file accepts, and no other', () => {
    const documented = settingsTable().flatMap((row) => row.file);
    const accepted = Object.keys(SettingsFile.type.props);
    assert.deepEqual([...new Set(documented)].sort(), [...accepted].sort());
  });

  it('gives each setting the default the code uses', () => {
    const byKey = new Map(settingsTable().flatMap((row) => row.file.map((key) => [key, row.byDefault])));
    const expected: Readonly<Record<string, string>> = {
      port: String(DEFAULT_PORT),
      tlsPort: String(DEFAULT_TLS_PORT),
      maxBodyBytes: `${DEFAULT_MAX_BODY_BYTES / (1024 * 1024)} MiB`,
      headersTimeoutMs: [
        DEFAULT_HTTP_TIMEOUTS.headersMs,
        DEFAULT_HTTP_TIMEOUTS.requestMs,
        DEFAULT_HTTP_TIMEOUTS.keepAliveMs,
        CALL_TIMEOUT_MS,
      ]
        .map(seconds)
        .join(', '),
      maxConnections: thousands(DEFAULT_MAX_CONNECTIONS),
      maxConnectionsPerAddress: thousands(DEFAULT_MAX_CONNECTIONS_PER_ADDRESS),
      shutdownGraceMs: seconds(DEFAULT_SHUTDOWN_GRACE_MS),
      authFailureLimit: `${DEFAULT_AUTH_THROTTLE.maxFailures} failures / ${seconds(DEFAULT_AUTH_THROTTLE.windowMs)} → ${seconds(DEFAULT_AUTH_THROTTLE.blockMs)}`,
    };
    for (const [key, text] of Object.entries(expected)) assert.equal(byKey.get(key), text, key);
    assert.match(
      byKey.get('checkpointIntervalSeconds') ?? '',
      new RegExp(`^${thousands(DEFAULT_CHECKPOINT_INTERVAL_SECONDS)} `),
    );
  });
});
