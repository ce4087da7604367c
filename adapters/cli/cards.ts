import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { Command } from 'commander';
import { withDataOptions } from './data-store';
import { CreatedCardBatch } from '../../application/services/cards';
import { DEFAULT_RANDOM_DIGITS } from '../../domain/cards/numbers';
import { formatMoney } from '../../domain/money';
import { parseAmountValue } from '../../domain/properties';
import { formatTable, jsonDocument } from './output';
import { LocalCommandError, LocalFlags, orFail, withLocalFolio } from './local-folio';

interface CreateFlags extends LocalFlags {
  readonly prefix: string;
  readonly count: string;
  readonly value: string;
  readonly expires?: string;
  readonly digits?: string;
  readonly out?: string;
}

const wholeNumber = (text: string, option: string): number => {
  if (!/^\d+$/.test(text.trim())) throw new LocalCommandError(`${option}: '${text}' is not a whole number`);
  return Number(text);
};

/** `folio cards create`: issues a batch and prints the numbers, or writes them to a file only its owner reads. */
const createCards = (flags: CreateFlags): Promise<void> =>
  withLocalFolio(flags, 'cards create', async (folio, context) => {
    const value = orFail(parseAmountValue('value', flags.value));
    const request = {
      prefix: flags.prefix,
      count: wholeNumber(flags.count, '--count'),
      value,
      expires: flags.expires ?? '',
      digits: flags.digits === undefined ? DEFAULT_RANDOM_DIGITS : wholeNumber(flags.digits, '--digits'),
    };
    if (flags.out === undefined) {
      const batch = orFail(await folio.services.cards.createBatch(context, request));
      process.stdout.write(`${batch.cardNumbers.join('\n')}\n`);
      return;
    }
    const out = flags.out;
    // Card numbers are bearer credit: never overwrite another file, and keep them from other users. The file
    // is created before the batch is issued, so a FILE that exists (or cannot be made) issues nothing.
    let file: number;
    try {
      file = openSync(out, 'wx', 0o600);
    } catch (error) {
      throw new LocalCommandError(`--out ${out}: ${(error as Error).message}; no cards were issued`);
    }
    let batch: CreatedCardBatch;
    try {
      batch = orFail(await folio.services.cards.createBatch(context, request));
    } catch (error) {
      closeSync(file);
      rmSync(out, { force: true });
      throw error;
    }
    try {
      writeSync(file, `${batch.cardNumbers.join('\n')}\n`);
      closeSync(file);
    } catch (error) {
      throw new LocalCommandError(
        `the batch ${batch.batchId} was issued, but ${out} could not be written (${(error as Error).message}); ` +
          'its numbers were not printed for safety: list them with `folio cards show ' +
          batch.batchId +
          '`',
      );
    }
    process.stdout.write(
      `issued ${batch.cardNumbers.length} cards worth ${formatMoney(value)} each ` +
        `(batch ${batch.batchId}${batch.expiresAt === '' ? ', no expiry' : `, valid until ${batch.expiresAt}`}); numbers in ${out}\n`,
    );
  });

/** `folio cards list [--json]`: the batches, oldest first; `expiresAt` is null for cards that never expire. */
const listBatches = (flags: LocalFlags & { readonly json?: boolean }): Promise<void> =>
  withLocalFolio(flags, 'cards list', async (folio) => {
    const batches = folio.services.cards.batches().map((batch) => ({
      batchId: batch.batchId,
      createdAt: batch.createdAt,
      createdBy: batch.createdBy,
      prefix: batch.prefix,
      value: formatMoney(batch.value),
      expiresAt: batch.expiresAt === '' ? null : batch.expiresAt,
      count: batch.cardNumbers.length,
      used: batch.redeemed,
    }));
    if (flags.json === true) {
      process.stdout.write(jsonDocument(batches));
      return;
    }
    process.stdout.write(
      formatTable(
        ['batch', 'created', 'prefix', 'value', 'expires', 'used', 'by'],
        batches.map((batch) => [
          batch.batchId,
          batch.createdAt,
          batch.prefix === '' ? '(none)' : batch.prefix,
          batch.value,
          batch.expiresAt ?? 'never',
          `${batch.used}/${batch.count}`,
          batch.createdBy,
        ]),
      ),
    );
  });

const showBatch = (batchId: string, flags: LocalFlags): Promise<void> =>
  withLocalFolio(flags, 'cards show', async (folio) => {
    const batch = folio.services.cards.batches().find((each) => each.batchId === batchId);
    if (batch === undefined) throw new LocalCommandError(`no card batch ${batchId} (see folio cards list)`);
    const lines = batch.cardNumbers.map((number) => {
      const redemption = folio.models.cards.find(number)?.redemption;
      return redemption === undefined
        ? number
        : `${number}\tused by ${redemption.username} at ${redemption.redeemedAt}`;
    });
    process.stdout.write(`${lines.join('\n')}\n`);
  });

export const registerCardCommands = (program: Command): void => {
  const cards = program.command('cards').description('top-up cards that users redeem with api.useCard');
  withDataOptions(
    cards
      .command('create')
      .description('issue a batch of top-up cards and print their numbers (or write them to --out)')
      .option('--prefix <text>', 'text every number starts with (letters, digits, - or _)', '')
      .requiredOption('--count <n>', 'how many cards')
      .requiredOption('--value <amount>', 'the credit each card gives, e.g. 5.00')
      .option('--expires <date>', 'YYYY-MM-DD (valid through that day, UTC) or an ISO time with a zone')
      .option('--digits <n>', `random digits after the prefix (default ${DEFAULT_RANDOM_DIGITS})`)
      .option('--out <file>', 'write the numbers to this new file (mode 600) instead of printing them'),
  ).action((flags: CreateFlags) => createCards(flags));
  withDataOptions(
    cards
      .command('list')
      .description('list card batches: value, expiry and how many cards are used')
      .option('--json', 'print the batches as one JSON document (value as decimal text, times ISO 8601)'),
  ).action((flags: LocalFlags & { readonly json?: boolean }) => listBatches(flags));
  withDataOptions(
    cards.command('show <batchId>').description("print a batch's card numbers and which are used"),
  ).action((batchId: string, flags: LocalFlags) => showBatch(batchId, flags));
};
