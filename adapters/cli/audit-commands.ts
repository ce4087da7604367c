import { verifyBackup } from './verify-backup';
import { Command } from 'commander';
import { correct } from './correct';
import { withDataOptions } from './data-store';
import { replay } from './replay';
import { history, reconcile } from './reports';
import { verify } from './verify';
import { checkpointCommand, prove } from './log-proofs';

const period = (command: Command): Command =>
  command
    .option(
      '--from <time|position>',
      'start of the period: a log position, or a date/time (UTC unless an offset is given)',
    )
    .option('--to <time|position>', 'end of the period (exclusive for times, inclusive for positions)');

/** verify, replay, history, reconcile and correct: the auditor's and finance's commands. */
export const registerAuditCommands = (program: Command): void => {
  withDataOptions(
    program
      .command('verify')
      .description(
        'recompute every hash chain, rebuild every read model and check the trial balance at every position',
      )
      .option('--expect <digest@position>', 'also check the log digest recorded earlier at that position')
      .option(
        '--checkpoint <file>',
        'also check the log still holds exactly what this signed checkpoint covered',
      )
      .option(
        '--public-key <file>',
        "the checkpoint key's public half, as you kept it (default: the data folder's)",
      )
      .option('--clock-skew <ms>', 'how far recordedAt may go backwards along the log (default 5000)')
      .option(
        '--backup <zip>',
        'instead: check that the live log still begins with exactly the events of this backup (nothing restored)',
      )
      .option('--format <text|json>', 'output format', 'text')
      .option('--no-progress', 'no progress bar'),
  ).action((flags: Parameters<typeof verify>[0] & { readonly backup?: string }) =>
    flags.backup === undefined ? verify(flags) : verifyBackup({ ...flags, backup: flags.backup }),
  );

  withDataOptions(
    program
      .command('checkpoint')
      .description(
        'print the latest signed checkpoint of the log (size, Merkle root, time) and the public key',
      )
      .option('--new', 'sign a checkpoint of the log as it stands now, keep it, and print it')
      .option('--json', 'print the checkpoint file itself'),
  ).action(checkpointCommand);

  withDataOptions(
    program
      .command('prove <transferId>')
      .description(
        'an inclusion proof (JSON) of the transfer in a checkpoint, for tools/verify-log.py --proof',
      )
      .requiredOption('--checkpoint <file>', 'the signed checkpoint to prove inclusion in'),
  ).action(prove);

  withDataOptions(
    program
      .command('replay')
      .description('balances and entity state as they were at a past time or log position')
      .requiredOption(
        '--until <time|position>',
        'replay up to this log position (included) or this time (excluded)',
      )
      .option(
        '--account <account>',
        'show one account only (username, shared account, user:…, shared:…, system:…)',
      )
      .option('--format <text|json>', 'output format (default text: aligned tables with a header row)')
      .option('--json', 'the same as --format json: one JSON document, amounts as exact decimal text')
      .option('--no-progress', 'no progress bar'),
  ).action(replay);

  withDataOptions(
    period(
      program
        .command('history <account>')
        .description(
          'an account statement: opening balance, every transfer with the balance after it, closing balance',
        )
        .option(
          '--format <csv|text|json|html>',
          'output format (default csv; text: aligned columns with a header row)',
        )
        .option('--json', 'the same as --format json: one JSON document, amounts as exact decimal text')
        .option('--output <file>', 'write to a file instead of stdout')
        .option('--title <title>', 'report title')
        .option('--no-progress', 'no progress bar'),
    ),
  ).action(history);

  withDataOptions(
    period(
      program
        .command('reconcile')
        .description('per-account reconciliation of a period with tie-out checks')
        .option('--format <csv|json|html>', 'output format (default csv)')
        .option('--output <file>', 'write to a file instead of stdout')
        .option('--title <title>', 'report title')
        .option('--no-progress', 'no progress bar'),
    ),
  ).action(reconcile);

  withDataOptions(
    program
      .command('correct <transferId>')
      .description('reverse a mistaken transfer by a correcting transfer that points to it (never an edit)')
      .requiredOption('--comment <why>', 'why the transfer is corrected; kept in the log'),
  ).action(correct);
};
