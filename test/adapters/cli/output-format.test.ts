import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXIT, ExitError } from '../../../adapters/cli/exit-codes';
import { formatTable, jsonDocument, requestedFormat } from '../../../adapters/cli/output';
import { resultJson } from '../../../adapters/cli/call';

describe('CLI output: formatTable, jsonDocument, requestedFormat, resultJson', () => {
  it('formatTable pads every column but the last to its widest cell, two spaces apart', () => {
    assert.equal(
      formatTable(
        ['name', 'balance', 'status'],
        [
          ['alice', '12.00', ''],
          ['Physics\\Lab', '-12.25', 'restricted'],
        ],
      ),
      'name         balance  status\nalice        12.00\nPhysics\\Lab  -12.25   restricted\n',
    );
    assert.equal(formatTable(['kind', 'name'], []), 'kind  name\n');
  });

  it('jsonDocument writes amounts (bigint micro-units) as the exact decimal text, never a double', () => {
    assert.equal(
      jsonDocument({ value: 123_456n, balance: -1_015_000n, count: 2 }),
      '{\n  "value": "0.123456",\n  "balance": "-1.015",\n  "count": 2\n}\n',
    );
  });

  it('--json is --format json; the two may be given together only when they agree', () => {
    assert.equal(requestedFormat({}), undefined);
    assert.equal(requestedFormat({ format: 'csv' }), 'csv');
    assert.equal(requestedFormat({ json: true }), 'json');
    assert.equal(requestedFormat({ json: true, format: ' JSON ' }), 'json');
    assert.throws(
      () => requestedFormat({ json: true, format: 'csv' }),
      (error: unknown) => error instanceof ExitError && error.exitCode === EXIT.usage,
    );
  });

  it("call --json prints the wire's values: a double as a number, a dateTime as ISO 8601, base64 as text", () => {
    assert.deepEqual(
      JSON.parse(
        resultJson({
          balance: 12.5,
          at: new Date('2026-12-02T10:00:00.000Z'),
          data: Buffer.from('hi'),
          list: [Buffer.from('x')],
        }),
      ),
      { balance: 12.5, at: '2026-12-02T10:00:00.000Z', data: 'aGk=', list: ['eA=='] },
    );
  });
});
