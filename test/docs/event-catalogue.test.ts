import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { describeType, fieldsOf, renderEventCatalogue } from '../../adapters/docs/event-catalogue';
import { ALL_EVENT_DEFINITIONS } from '../../domain/events';
import { UserBalanceAdjusted } from '../../domain/users/events';

const ROOT = resolve(__dirname, '..', '..', '..');

describe('docs/events.md', () => {
  it('is the catalogue the codecs generate today (else run npm run docs:events)', () => {
    const onDisk = readFileSync(join(ROOT, 'docs', 'events.md'), 'utf8');
    assert.ok(
      onDisk === renderEventCatalogue(),
      'docs/events.md is stale: run `npm run docs:events` and commit it',
    );
  });

  it('lists every event type with its version and every field of its codec', () => {
    const catalogue = renderEventCatalogue();
    for (const definition of ALL_EVENT_DEFINITIONS) {
      assert.match(catalogue, new RegExp(`^### ${definition.type} \\(v${definition.version}\\)$`, 'm'));
      for (const field of fieldsOf(definition.data)) assert.ok(catalogue.includes(`| \`${field.name}\` |`));
    }
  });

  it('reads the ledger fields of a balance event from its codec, optional links included', () => {
    const fields = new Map(fieldsOf(UserBalanceAdjusted.data).map((field) => [field.name, field]));
    assert.equal(fields.get('amount')?.type, 'Money');
    assert.equal(fields.get('counterAccount')?.type, 'SystemAccount');
    assert.equal(fields.get('correctsTransferId')?.optional, true);
    assert.equal(fields.get('transferId')?.optional, false);
    assert.equal(
      describeType(UserBalanceAdjusted.data).startsWith('{ userId: string, account: string'),
      true,
    );
  });
});
