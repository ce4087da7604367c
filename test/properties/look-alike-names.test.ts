import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Folio } from '../../application/folio';
import { nameKey } from '../../domain/names';
import { checkAsyncProperty, checkProperty } from '../support/property';
import { CONTEXT, startMemoryFolio } from './harness/folio';

/**
 * Pieces that spell the same name in different ways: case, fullwidth forms, a ligature, the Kelvin
 * sign, ß against SS, precomposed against decomposed accents. Names built from them collide often.
 */
const PIECES = [
  'a',
  'A',
  'ａ',
  'b',
  'B',
  'Ｂ',
  'k',
  'K',
  '\u212a',
  's',
  'S',
  'ss',
  'SS',
  'ß',
  'ẞ',
  'fi',
  'FI',
  'ﬁ',
  'é',
  'e\u0301',
  'É',
  '1',
  '１',
];
const lookAlikeName = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join(''));

/** Every control (Cc) and format (Cf) character: invisible, or reordering the text around it. */
const INVISIBLE: readonly string[] = Array.from({ length: 0x110000 }, (_, code) => code)
  .filter((code) => code < 0xd800 || code > 0xdfff)
  .map((code) => String.fromCodePoint(code))
  .filter((character) => /[\p{Cc}\p{Cf}]/u.test(character));

/** A printable name with one invisible character somewhere inside it (or at either end). */
const nameWithInvisible = fc
  .tuple(fc.stringMatching(/^[a-z]{1,6}$/), fc.constantFrom(...INVISIBLE), fc.nat())
  .map(([name, invisible, at]) => {
    const place = at % (name.length + 1);
    return `${name.slice(0, place)}${invisible}${name.slice(place)}`;
  });

type Creation = (
  folio: Folio,
  name: string,
) => Promise<{ readonly _tag: 'Left' | 'Right'; readonly left?: { code: string } }>;

const CREATIONS: Readonly<Record<string, Creation>> = {
  user: (folio, name) =>
    folio.services.users.addNewInternalUser(CONTEXT, {
      username: name,
      password: '',
      fullName: '',
      email: '',
      cardId: '',
      pin: '',
    }),
  group: (folio, name) => folio.services.groups.addNewGroup(CONTEXT, name),
  'shared account': (folio, name) => folio.services.sharedAccounts.addNewSharedAccount(CONTEXT, name),
  printer: (folio, name) =>
    folio.services.printerRegistration.registerPrinter(CONTEXT, 'srv', name, { source: 'administrator' }),
};

const ALREADY_EXISTS = new Set([
  'UserAlreadyExists',
  'GroupAlreadyExists',
  'SharedAccountAlreadyExists',
  'PrinterAlreadyExists',
]);

describe('look-alike names are one name', () => {
  it('the key is NFKC plus full case folding', () => {
    assert.equal(nameKey('\u212aate'), nameKey('kate'), 'the Kelvin sign');
    assert.equal(nameKey('ﬁle'), nameKey('file'), 'a ligature');
    assert.equal(nameKey('Ｂob'), nameKey('bob'), 'fullwidth');
    assert.equal(nameKey('straße'), nameKey('STRASSE'), 'ß is ss');
    assert.equal(nameKey('e\u0301'), nameKey('É'), 'decomposed and precomposed');
    assert.notEqual(nameKey('bob'), nameKey('bób'));
    checkProperty(
      fc.property(lookAlikeName, (name) => nameKey(nameKey(name)) === nameKey(name)),
      500,
    );
  });

  for (const [kind, create] of Object.entries(CREATIONS)) {
    it(`two ${kind} names with equal keys cannot both exist; names with different keys can`, async () => {
      await checkAsyncProperty(
        fc.asyncProperty(lookAlikeName, lookAlikeName, async (first, second) => {
          const { folio } = await startMemoryFolio();
          try {
            const made = await create(folio, first);
            assert.equal(made._tag, 'Right', `${kind} ${JSON.stringify(first)} is created`);
            const again = await create(folio, second);
            if (nameKey(first) === nameKey(second)) {
              assert.equal(
                again._tag,
                'Left',
                `${JSON.stringify(second)} looks like ${JSON.stringify(first)}`,
              );
              assert.ok(
                ALREADY_EXISTS.has(again.left?.code ?? ''),
                `refused as existing: ${again.left?.code}`,
              );
            } else
              assert.equal(
                again._tag,
                'Right',
                `${JSON.stringify(second)} differs from ${JSON.stringify(first)}`,
              );
          } finally {
            await folio.stop();
          }
        }),
        25,
      );
    });

    it(`a ${kind} name with a control or format character is refused`, async () => {
      const { folio } = await startMemoryFolio();
      try {
        await checkAsyncProperty(
          fc.asyncProperty(nameWithInvisible, async (name) => {
            const made = await create(folio, name);
            assert.equal(made._tag, 'Left', `${JSON.stringify(name)} is refused`);
            assert.equal(made.left?.code, 'InvalidName');
          }),
          100,
        );
      } finally {
        await folio.stop();
      }
    });
  }

  it('a user found by a look-alike of its name, and a rename to a look-alike of another user refused', async () => {
    const { folio } = await startMemoryFolio();
    try {
      await CREATIONS.user?.(folio, 'straße');
      await CREATIONS.user?.(folio, 'kate');
      assert.equal(folio.models.users.findByUsername('STRASSE')?.username, 'straße');
      assert.deepEqual(await folio.services.users.renameUserAccount(CONTEXT, 'straße', '\u212aate'), {
        _tag: 'Left',
        left: { code: 'UserAlreadyExists', username: '\u212aate'.normalize('NFC').toLowerCase() },
      });
      const invisible = await folio.services.users.renameUserAccount(CONTEXT, 'kate', 'ka\u200bte');
      assert.equal(invisible._tag === 'Left' && invisible.left.code, 'InvalidName');
    } finally {
      await folio.stop();
    }
  });

  it('an old log holding two names that are now one: both stay reachable, and no third is created', async () => {
    const { folio } = await startMemoryFolio();
    try {
      await CREATIONS.user?.(folio, 'straße');
      // Written before names were keyed by NFKC and case folding: no claim stopped the second.
      const old = await folio.kernel.handlers.users.handle(
        'legacy-strasse',
        {
          kind: 'CreateUser',
          userId: 'legacy-strasse',
          username: 'strasse',
          internal: true,
          source: 'internal',
          details: {},
          primaryCardNumber: '',
          secondaryCardNumber: '',
          pinHash: '',
          passwordHash: '',
        },
        CONTEXT,
      );
      assert.equal(old._tag, 'Right');
      await folio.projections.catchUp();
      assert.equal(folio.models.users.findByUsername('Straße')?.username, 'straße', 'its exact spelling');
      assert.equal(
        folio.models.users.findByUsername('STRASSE')?.userId,
        'legacy-strasse',
        'its exact spelling',
      );
      assert.equal(
        folio.models.users.findByUsername('ＳTRAẞE')?.username,
        'strasse',
        'else the first by spelling',
      );
      const third = await CREATIONS.user?.(folio, 'STRAẞE');
      assert.equal(third?._tag, 'Left');
      assert.equal(folio.services.users.getTotalUsers(), 2);
    } finally {
      await folio.stop();
    }
  });

  it('the built-in groups, in either spelling or any look-alike, cannot be created', async () => {
    const { folio } = await startMemoryFolio();
    try {
      for (const name of [
        '!!All Users!!',
        '!!ALL USERS!!',
        '！！Ａll Users！！',
        '[All Users]',
        '[internal users]',
      ])
        assert.equal((await folio.services.groups.addNewGroup(CONTEXT, name))._tag, 'Left', name);
    } finally {
      await folio.stop();
    }
  });
});
