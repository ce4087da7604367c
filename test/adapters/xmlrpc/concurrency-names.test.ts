import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawClient } from '../../support/raw-http-client';
import {
  everyClient,
  clients,
  exactlyOneWins,
  listAll,
  settle,
  unique,
  useTwoServers,
  TOKEN,
  CLIENTS,
} from './concurrency-fixture';

describe('racing clients on two servers sharing one store', () => {
  useTwoServers();

  it('racing creations of one user name (in any case) create one user', async () => {
    const spellings = ['dave', 'Dave', 'DAVE', 'dAvE'];
    const answers = await everyClient(
      async (client, index) =>
        (
          await client.call(
            'api.addNewInternalUser',
            TOKEN,
            spellings[index % spellings.length] ?? 'dave',
            'pw',
            'Dave',
            '',
            '',
            '',
          )
        ).reply,
    );
    exactlyOneWins(answers, 301);
    const users = await listAll('api.listUserAccounts');
    unique(users);
    assert.equal(users.filter((name) => name === 'dave').length, 1);
  });

  it('racing renames to one name leave one user with it', async () => {
    const admin = clients[0] as RawClient;
    for (let index = 0; index < CLIENTS; index += 1)
      await admin.value('api.addNewInternalUser', TOKEN, `renamer-${index}`, 'pw', 'R', '', '', '');
    await settle();
    const answers = await everyClient(
      async (client, index) =>
        (
          await client.call(
            'api.renameUserAccount',
            TOKEN,
            `renamer-${index}`,
            index % 2 ? 'Winner' : 'winner',
          )
        ).reply,
    );
    exactlyOneWins(answers, 301);
    const users = await listAll('api.listUserAccounts');
    unique(users);
    assert.equal(users.filter((name) => name.startsWith('renamer-')).length, CLIENTS - 1);
  });

  it('racing creations of one group, and of one shared account, create one each', async () => {
    const groups = await everyClient(
      async (client, index) =>
        (await client.call('api.addNewGroup', TOKEN, index % 2 ? 'Staff' : 'staff')).reply,
    );
    exactlyOneWins(groups, 601);
    unique(await listAll('api.listUserGroups'));
    const accounts = await everyClient(
      async (client, index) =>
        (await client.call('api.addNewSharedAccount', TOKEN, index % 2 ? 'Dept' : 'dept')).reply,
    );
    exactlyOneWins(accounts, 501);
    unique(await listAll('api.listSharedAccounts'));
  });

  it('racing renames of shared accounts to one name leave one account with it', async () => {
    const admin = clients[0] as RawClient;
    for (let index = 0; index < CLIENTS; index += 1)
      await admin.value('api.addNewSharedAccount', TOKEN, `project-${index}`);
    await settle();
    const answers = await everyClient(
      async (client, index) =>
        (await client.call('api.renameSharedAccount', TOKEN, `project-${index}`, 'Merged')).reply,
    );
    exactlyOneWins(answers, 501);
    const accounts = await listAll('api.listSharedAccounts');
    unique(accounts);
    assert.equal(accounts.filter((name) => name.startsWith('project-')).length, CLIENTS - 1);
  });

  it('racing first jobs on one new printer register one printer; racing renames leave one printer with a name', async () => {
    const admin = clients[0] as RawClient;
    // One user per client: the race is on the printer's name, not on one user's stream.
    for (let index = 0; index < CLIENTS; index += 1)
      await admin.value('api.addNewInternalUser', TOKEN, `printing-${index}`, 'pw', 'P', '', '', '');
    await settle();
    const job = (printer: string, index = 0) =>
      `user=printing-${index},server=ps1,printer=${printer},cost=0,total-pages=1`;
    const first = await everyClient(
      async (client, index) =>
        (await client.call('api.processJob', TOKEN, job(index % 2 ? 'Laser' : 'laser', index))).reply,
    );
    assert.ok(
      first.every((reply) => reply.kind === 'value'),
      JSON.stringify(first.find((reply) => reply.kind === 'fault')),
    );
    const printers = await listAll('api.listPrinters');
    unique(printers);
    assert.equal(printers.filter((name) => name.toLowerCase() === 'ps1\\laser').length, 1);

    for (let index = 0; index < CLIENTS; index += 1)
      await admin.value('api.processJob', TOKEN, job(`queue-${index}`));
    await settle();
    const answers = await everyClient(
      async (client, index) =>
        (await client.call('api.renamePrinter', TOKEN, 'ps1', `queue-${index}`, 'ps1', 'Merged')).reply,
    );
    exactlyOneWins(answers, 1301);
    const renamed = await listAll('api.listPrinters');
    unique(renamed);
    assert.equal(renamed.filter((name) => name.startsWith('ps1\\queue-')).length, CLIENTS - 1);
  });
});
