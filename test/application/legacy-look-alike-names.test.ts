import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { EventStore } from '../../adapters/store/port';
import { ComposedFolio } from '../../application/folio';
import { DomainError } from '../../domain/errors';
import { UniqueKeyKind } from '../../domain/uniqueness/uniqueness';
import { must, mustFail, startTestFolio, TEST_CONTEXT } from '../support/in-memory-folio';

/**
 * A log written before names were keyed by NFKC and case folding: its names were claimed under their
 * NFC, lower-case spelling (card numbers, before that, as typed), so `straße` holds the claim stream
 * `unique-…-straße` while today's key of `STRASSE` is `strasse`, a stream nobody claimed.
 */
const legacyKey = (name: string): string => name.normalize('NFC').toLowerCase();

const LEGACY_CONFLICT: DomainError = { code: 'Conflict', what: 'legacy claim' };

/** Writes a claim as the old code did: on the stream of its old key, the key recorded as it was then. */
const claimTheOldWay = async (folio: ComposedFolio, kind: UniqueKeyKind, key: string, ownerId: string) =>
  must(
    folio.kernel.handlers.claims.handle(
      `${kind}-${key}`,
      {
        kind: 'Claim',
        keyKind: kind,
        key,
        ownerId,
        currentOwnerHoldsKey: false,
        conflict: LEGACY_CONFLICT,
      },
      TEST_CONTEXT,
    ),
  );

/**
 * Writes the old log's entities straight through their own handlers (no claim of today's key), then
 * starts a new server on that log, as an upgrade would.
 */
const upgradedFrom = async (writeOldLog: (folio: ComposedFolio) => Promise<void>): Promise<ComposedFolio> => {
  const store: EventStore = createMemoryEventStore();
  const old = await startTestFolio({ store });
  await writeOldLog(old.folio);
  await old.folio.stop();
  return (await startTestFolio({ store, importDirectories: [tmpdir()] })).folio;
};

const legacyPrinter = async (folio: ComposedFolio, printerId: string, server: string, printer: string) => {
  await claimTheOldWay(folio, 'printer', legacyKey(`${server}\\${printer}`), printerId);
  await must(
    folio.kernel.handlers.printers.handle(
      printerId,
      { kind: 'RegisterPrinter', printerId, server, printer, source: 'administrator' },
      TEST_CONTEXT,
    ),
  );
};

const legacySharedAccount = async (folio: ComposedFolio, accountId: string, name: string) => {
  await claimTheOldWay(folio, 'shared-account', legacyKey(name), accountId);
  await must(
    folio.kernel.handlers.sharedAccounts.handle(
      accountId,
      { kind: 'CreateSharedAccount', accountId, name, parentId: '' },
      TEST_CONTEXT,
    ),
  );
};

const legacyUser = async (
  folio: ComposedFolio,
  userId: string,
  username: string,
  card: string,
  cardKey: string,
) => {
  await claimTheOldWay(folio, 'username', legacyKey(username), userId);
  if (card !== '') await claimTheOldWay(folio, 'card', cardKey, userId);
  await must(
    folio.kernel.handlers.users.handle(
      userId,
      {
        kind: 'CreateUser',
        userId,
        username,
        internal: true,
        source: 'internal',
        details: {},
        primaryCardNumber: card,
        secondaryCardNumber: '',
        pinHash: '',
        passwordHash: '',
      },
      TEST_CONTEXT,
    ),
  );
};

const addUser = (folio: ComposedFolio, username: string, cardId = '') =>
  folio.services.users.addNewInternalUser(TEST_CONTEXT, {
    username,
    password: '',
    fullName: '',
    email: '',
    cardId,
    pin: '',
  });

describe('an old log whose names were claimed under older keys', () => {
  it('a printer cannot be registered under a look-alike of a stored printer', async () => {
    const folio = await upgradedFrom((old) => legacyPrinter(old, 'legacy-printer', 'srv', 'Straße'));
    try {
      assert.deepEqual(
        await mustFail(
          folio.services.printerRegistration.registerPrinter(TEST_CONTEXT, 'SRV', 'STRASSE', {
            source: 'administrator',
          }),
        ),
        { code: 'PrinterAlreadyExists', printer: 'SRV\\STRASSE' },
      );
      assert.equal((await must(folio.services.printers.listPrinters(0, 100))).length, 1);
      // A job naming a look-alike is charged to the stored printer, not a new one.
      const found = await must(
        folio.services.printerRegistration.ensurePrinter(TEST_CONTEXT, 'srv', 'strasse'),
      );
      assert.equal(found.printerId, 'legacy-printer');
    } finally {
      await folio.stop();
    }
  });

  it('a printer cannot be renamed to a look-alike of a stored printer, but may take another spelling of its own', async () => {
    const folio = await upgradedFrom(async (old) => {
      await legacyPrinter(old, 'legacy-printer', 'srv', 'Straße');
      await legacyPrinter(old, 'other-printer', 'srv', 'other');
    });
    try {
      assert.deepEqual(
        await mustFail(folio.services.printers.renamePrinter(TEST_CONTEXT, 'srv', 'other', 'srv', 'STRASSE')),
        { code: 'PrinterAlreadyExists', printer: 'srv\\STRASSE' },
      );
      await must(folio.services.printers.renamePrinter(TEST_CONTEXT, 'srv', 'straße', 'srv', 'STRASSE'));
      assert.equal(
        folio.models.printers.findByName({ server: 'srv', printer: 'strasse' })?.printerId,
        'legacy-printer',
      );
      assert.equal(
        folio.models.printers.findByName({ server: 'srv', printer: 'other' })?.printerId,
        'other-printer',
      );
    } finally {
      await folio.stop();
    }
  });

  it('a printer import naming a look-alike of a stored printer changes that printer and registers no other', async () => {
    const folio = await upgradedFrom((old) => legacyPrinter(old, 'legacy-printer', 'srv', 'Straße'));
    const folder = mkdtempSync(join(tmpdir(), 'folio-legacy-import-'));
    try {
      const file = join(folder, 'printers.tsv');
      writeFileSync(file, 'SRV\tSTRASSE\t0.20\nsrv\tnew\t0.10\n');
      await must(folio.services.printerImport.batchImportPrinters(TEST_CONTEXT, file));
      await folio.kernel.tasks.idle();
      assert.match(folio.kernel.tasks.status().message, /\(1 printer\(s\) new\)/);
      assert.deepEqual(await must(folio.services.printers.listPrinters(0, 100)), ['srv\\new', 'srv\\Straße']);
      assert.equal(await must(folio.services.printers.getPrinterCostSimple('srv', 'straße')), 200_000n);
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await folio.stop();
    }
  });

  it('a shared account cannot be renamed to a look-alike of a stored account', async () => {
    const folio = await upgradedFrom(async (old) => {
      await legacySharedAccount(old, 'legacy-account', 'Straße');
      await legacySharedAccount(old, 'other-account', 'other');
    });
    try {
      assert.deepEqual(
        await mustFail(folio.services.sharedAccounts.renameSharedAccount(TEST_CONTEXT, 'other', 'STRASSE')),
        { code: 'SharedAccountAlreadyExists', account: 'STRASSE' },
      );
      assert.deepEqual(
        await mustFail(folio.services.sharedAccounts.addNewSharedAccount(TEST_CONTEXT, 'ＳＴＲＡＳＳＥ')),
        { code: 'SharedAccountAlreadyExists', account: 'ＳＴＲＡＳＳＥ' },
      );
      assert.equal(folio.models.sharedAccounts.findByName('other')?.accountId, 'other-account');
      // Its own name in another spelling is still its own.
      await must(folio.services.sharedAccounts.renameSharedAccount(TEST_CONTEXT, 'straße', 'STRASSE'));
      assert.equal(folio.models.sharedAccounts.findByName('strasse')?.name, 'STRASSE');
    } finally {
      await folio.stop();
    }
  });

  it('a user and a group cannot be created or renamed to a look-alike of a stored one', async () => {
    const folio = await upgradedFrom(async (old) => {
      await legacyUser(old, 'legacy-user', 'straße', '', '');
      await must(
        old.kernel.handlers.groups.handle(
          'legacy-group',
          { kind: 'CreateGroup', groupId: 'legacy-group', name: 'Straße', source: 'application' },
          TEST_CONTEXT,
        ),
      );
    });
    try {
      assert.equal((await mustFail(addUser(folio, 'STRASSE'))).code, 'UserAlreadyExists');
      await must(addUser(folio, 'bob'));
      assert.equal(
        (await mustFail(folio.services.users.renameUserAccount(TEST_CONTEXT, 'bob', 'ＳTRAẞE'))).code,
        'UserAlreadyExists',
      );
      assert.equal(
        (await mustFail(folio.services.groups.addNewGroup(TEST_CONTEXT, 'STRASSE'))).code,
        'GroupAlreadyExists',
      );
    } finally {
      await folio.stop();
    }
  });

  it('a card number stored under its old key is found by a look-alike and cannot be given to another user', async () => {
    // Card numbers were once claimed as typed, then in lower case: neither is today's key of 'AB12'.
    const folio = await upgradedFrom(async (old) => {
      await legacyUser(old, 'legacy-alice', 'alice', 'ＡＢ１２', 'ａｂ１２');
      await legacyUser(old, 'legacy-carol', 'carol', 'CD34', 'CD34');
    });
    try {
      assert.equal(folio.services.users.lookUpUserNameByCardNo('AB12'), 'alice');
      assert.equal(folio.services.users.lookUpUserNameByCardNo('cd34'), 'carol');
      assert.deepEqual(await mustFail(addUser(folio, 'bob', 'ab12')), {
        code: 'CardNumberInUse',
        cardNumber: 'ab12',
        holder: 'alice',
      });
      await must(addUser(folio, 'bob'));
      assert.equal(
        (await mustFail(folio.services.users.setUserProperty(TEST_CONTEXT, 'bob', 'card-number', 'cd34')))
          .code,
        'CardNumberInUse',
      );
      assert.equal(folio.services.users.lookUpUserNameByCardNo('cd34'), 'carol');
      // Its holder may keep it, and respell it.
      await must(folio.services.users.setUserProperty(TEST_CONTEXT, 'carol', 'card-number', 'cd34'));
      assert.equal(folio.services.users.lookUpUserNameByCardNo('CD34'), 'carol');
    } finally {
      await folio.stop();
    }
  });

  it('two stored card numbers that are now one: each is found by its own spelling, else the first by username', async () => {
    // Claimed as typed, before card numbers compared case-insensitively: nothing stopped the second.
    const folio = await upgradedFrom(async (old) => {
      await legacyUser(old, 'legacy-zed', 'zed', 'AB12', 'AB12');
      await legacyUser(old, 'legacy-amy', 'amy', 'ab12', 'ab12');
      await legacyUser(old, 'legacy-max', 'max', 'Ab12', 'Ab12');
    });
    try {
      assert.equal(folio.services.users.lookUpUserNameByCardNo('AB12'), 'zed');
      assert.equal(folio.services.users.lookUpUserNameByCardNo('ab12'), 'amy');
      assert.equal(folio.services.users.lookUpUserNameByCardNo('Ab12'), 'max');
      assert.equal(folio.services.users.lookUpUserNameByCardNo('aB12'), 'amy');
      // One of them giving the number up leaves the others found.
      await must(folio.services.users.setUserProperty(TEST_CONTEXT, 'amy', 'card-number', ''));
      assert.equal(folio.services.users.lookUpUserNameByCardNo('ab12'), 'max');
      assert.equal(folio.services.users.lookUpUserNameByCardNo('AB12'), 'zed');
    } finally {
      await folio.stop();
    }
  });
});

describe('renames refuse what creates refuse', () => {
  it('a printer or shared account rename to a name with a control or format character is refused', async () => {
    const { folio } = await startTestFolio();
    try {
      await must(
        folio.services.printerRegistration.registerPrinter(TEST_CONTEXT, 'srv', 'p1', {
          source: 'administrator',
        }),
      );
      await must(folio.services.sharedAccounts.addNewSharedAccount(TEST_CONTEXT, 'dept'));
      for (const invisible of ['\u200b', '\u202e', '\ufeff', '\u0007', '\u00ad']) {
        assert.equal(
          (
            await mustFail(
              folio.services.printers.renamePrinter(TEST_CONTEXT, 'srv', 'p1', 'srv', `p${invisible}2`),
            )
          ).code,
          'InvalidName',
        );
        assert.equal(
          (
            await mustFail(
              folio.services.printers.renamePrinter(TEST_CONTEXT, 'srv', 'p1', `s${invisible}rv`, 'p2'),
            )
          ).code,
          'InvalidName',
        );
        assert.equal(
          (
            await mustFail(
              folio.services.sharedAccounts.renameSharedAccount(TEST_CONTEXT, 'dept', `de${invisible}pt2`),
            )
          ).code,
          'InvalidName',
        );
      }
    } finally {
      await folio.stop();
    }
  });

  it('a printer cannot be renamed to [All Printers] in any spelling', async () => {
    const { folio } = await startTestFolio();
    try {
      await must(
        folio.services.printerRegistration.registerPrinter(TEST_CONTEXT, 'srv', 'p1', {
          source: 'administrator',
        }),
      );
      for (const name of ['[All Printers]', '[all printers]', '［ALL PRINTERS］'])
        assert.equal(
          (await mustFail(folio.services.printers.renamePrinter(TEST_CONTEXT, 'srv', 'p1', 'srv', name)))
            .code,
          'InvalidName',
          name,
        );
    } finally {
      await folio.stop();
    }
  });
});

describe('reserved names', () => {
  it("no user or shared account takes a built-in group's name, in either spelling or any look-alike, by create or rename", async () => {
    const { folio } = await startTestFolio();
    try {
      await must(addUser(folio, 'bob'));
      await must(folio.services.sharedAccounts.addNewSharedAccount(TEST_CONTEXT, 'dept'));
      for (const name of [
        '!!All Users!!',
        '!!internal users!!',
        '[All Users]',
        '[INTERNAL USERS]',
        '！！Ａll Users！！',
      ]) {
        const refusals = [
          await mustFail(folio.services.users.renameUserAccount(TEST_CONTEXT, 'bob', name)),
          await mustFail(addUser(folio, name)),
          await mustFail(folio.services.sharedAccounts.renameSharedAccount(TEST_CONTEXT, 'dept', name)),
          await mustFail(
            folio.services.sharedAccounts.renameSharedAccount(TEST_CONTEXT, 'dept', `dept2\\${name}`),
          ),
          await mustFail(folio.services.sharedAccounts.addNewSharedAccount(TEST_CONTEXT, name)),
          await mustFail(folio.services.groups.addNewGroup(TEST_CONTEXT, name)),
        ];
        assert.deepEqual(
          refusals.map((refusal) => refusal.code),
          ['InvalidName', 'InvalidName', 'InvalidName', 'InvalidName', 'InvalidName', 'ReservedGroup'],
          name,
        );
      }
      await must(folio.services.sharedAccounts.addNewSharedAccount(TEST_CONTEXT, 'dept2'));
      assert.equal(
        (
          await mustFail(
            folio.services.sharedAccounts.renameSharedAccount(TEST_CONTEXT, 'dept', 'dept2\\[All Users]'),
          )
        ).code,
        'InvalidName',
      );
      assert.ok(folio.models.users.findByUsername('bob'));
      assert.ok(folio.models.sharedAccounts.findByName('dept'));
    } finally {
      await folio.stop();
    }
  });
});
