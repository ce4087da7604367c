import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { UserDirectory } from '../../adapters/directory/port';
import { parseDirectoryText } from '../../adapters/directory/tsv-file';
import { DIRECTORY_FILE_CONFIG_KEY } from '../../adapters/directory/configured';
import { must, startTestFolio, TEST_CONTEXT, TestFolio } from '../support/in-memory-folio';

export const folder = mkdtempSync(join(tmpdir(), 'folio-sync-'));

after(() => rmSync(folder, { recursive: true, force: true }));

let files = 0;

export const row = (
  username: string,
  fullName: string,
  email: string,
  card: string,
  groups: string,
): string => [username, fullName, email, '', '', card, '', groups].join('\t');

export const ALICE = row('alice', 'Alice Liddell', 'alice@example.org', '1001', 'Staff,Maths');

export const BOB = row('bob', 'Bob Builder', 'bob@example.org', '1002', 'Staff');

export const CAROL = row('carol', 'Carol', '', '', 'Maths');

/** A Folio whose directory is a fresh file holding these lines. */
export const withDirectory = async (
  ...lines: string[]
): Promise<TestFolio & { rewrite(...lines: string[]): void }> => {
  const path = join(folder, `users-${(files += 1)}.tsv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const test = await startTestFolio();
  await must(test.folio.services.config.setConfigValue(TEST_CONTEXT, DIRECTORY_FILE_CONFIG_KEY, path));
  return { ...test, rewrite: (...next) => writeFileSync(path, `${next.join('\n')}\n`) };
};

export const directoryGroup = (test: TestFolio, name: string) =>
  must(test.folio.services.groups.addNewGroup(TEST_CONTEXT, name, 'directory'));

export const members = (test: TestFolio, group: string) =>
  must(test.folio.services.groups.getGroupMembers(group, 0, 100));

export const usernames = (test: TestFolio) => test.folio.models.users.sorted().map((user) => user.username);

export const status = (test: TestFolio) => test.folio.tasks.status();

export const finished = async (test: TestFolio): Promise<string> => {
  await test.folio.tasks.idle();
  const { completed, message } = status(test);
  assert.equal(completed, true);
  return message;
};

/** A directory that answers only when the test lets it: the task can be watched mid-way. */
export const gatedDirectory = (text: string) => {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const directory: UserDirectory = {
    read: async () => {
      await gate;
      return parseDirectoryText(text, 'test directory');
    },
  };
  return { directory, open: () => open() };
};

/** An internal user, one the directory does not know: a sync must leave it alone. */
export const addInternalUser = (test: TestFolio, username: string) =>
  must(
    test.folio.services.users.addNewInternalUser(TEST_CONTEXT, {
      username,
      password: 'p',
      fullName: '',
      email: '',
      cardId: '',
      pin: '',
    }),
  );
