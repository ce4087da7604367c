import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { createFolio, Folio } from '../../application/folio';
import { FAST_STEP_RETRY } from '../support/step-retry';
import { sequentialIds } from '../../application/ids';
import { EventStore } from '../../adapters/store/port';
import { DomainError } from '../../domain/errors';
import { context } from './support';

export let root: string;

export let imports: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'folio-imports-'));
  imports = join(root, 'imports');
  mkdirSync(imports);
});

after(() => rmSync(root, { recursive: true, force: true }));

export const startFolio = async (store: EventStore, prefix = 'id'): Promise<Folio> => {
  const folio = createFolio({
    store,
    ids: sequentialIds(prefix),
    clock: () => new Date('2026-03-04T05:06:07.000Z'),
    hashSecret: (secret) => `hashed:${secret}`,
    verifySecret: (secret, hash) => hash === `hashed:${secret}`,
    importDirectories: [imports],
    stepRetry: FAST_STEP_RETRY,
  });
  await folio.start();
  return folio;
};

let fileCounter = 0;

export const tsv = (...rows: string[][]): string => {
  fileCounter += 1;
  const name = `file-${fileCounter}.tsv`;
  writeFileSync(join(imports, name), rows.map((row) => row.join('\t')).join('\n') + '\n');
  return name;
};

export const right = <T>(result: { _tag: 'Left'; left: DomainError } | { _tag: 'Right'; right: T }): T => {
  if (result._tag === 'Left') assert.fail(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

export const settledTask = async (folio: Folio) => {
  await folio.tasks.idle();
  const status = folio.tasks.status();
  assert.equal(status.completed, true);
  return status.message;
};

export const addUser = async (folio: Folio, username: string, cardId = '') =>
  right(
    await folio.services.users.addNewInternalUser(context, {
      username,
      password: 'pw',
      fullName: '',
      email: '',
      cardId,
      pin: '',
    }),
  );

export const importCauses = (folio: Folio) =>
  folio.models.transactions.entries().filter((entry) => entry.cause === 'import');
