import { Command } from 'commander';
import { isLeft, right } from 'fp-ts/Either';
import { createFolio } from '../../application/folio';
import { resolveServeSettings } from '../config/settings';
import { ldapDirectory } from '../directory/ldap';
import { ldapListing } from '../directory/ldap-listing';
import { directoryGroups, DirectoryListing, DirectoryProblem } from '../directory/port';
import { openData } from './data-store';
import { EXIT, ExitCode } from './exit-codes';

export interface DirectoryTestFlags {
  readonly config?: string;
  readonly data?: string;
  readonly store?: string;
  readonly sample?: string;
  readonly compare?: boolean;
  readonly deleteMissing?: boolean;
  readonly updateDetails?: boolean;
}

const DEFAULT_SAMPLE = 10;

/** Where the command writes: stdout for what it found, stderr for progress and failures. */
export interface DirectoryTestOutput {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const exitFor = (problem: DirectoryProblem): ExitCode =>
  problem.kind === 'connection'
    ? EXIT.connection
    : problem.kind === 'authentication'
      ? EXIT.authentication
      : EXIT.failure;

const describeListing = (listing: DirectoryListing, sample: number, out: (line: string) => void): void => {
  const groups = [...directoryGroups(listing).values()].sort((a, b) => a.name.localeCompare(b.name));
  out(`users: ${listing.users.length} would be imported`);
  out(`groups: ${groups.length} with members`);
  for (const group of groups) out(`  ${group.name}\t${group.members.length} members`);
  const shown = listing.users.slice(0, sample);
  if (shown.length === 0) return;
  out(
    `sample (${shown.length} of ${listing.users.length}): username, full name, email, department, office, primary card, groups`,
  );
  for (const user of shown)
    out(
      `  ${[user.username, user.fullName, user.email, user.department, user.office, user.primaryCard, user.groups.join(',')].join('\t')}`,
    );
};

/**
 * `folio directory test`: binds to the LDAP server of the settings file, runs the user and group
 * searches and prints what a sync would import — counts, the groups, a sample of users. With
 * --compare it also reads the data folder's ledger (read-only) and prints the test run of
 * performUserAndGroupSyncAdvanced: what a sync would create, update, move and delete. It writes
 * nothing anywhere. Exit codes: EXIT.connection when the server cannot be reached, EXIT.authentication
 * when the bind is refused, EXIT.usage when no LDAP server is configured.
 */
export const directoryTest = async (
  flags: DirectoryTestFlags,
  output: DirectoryTestOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> => {
  const settings = resolveServeSettings(flags.config === undefined ? {} : { config: flags.config }, env);
  const ldap = settings.ldap;
  if (ldap === undefined) {
    output.err(
      'folio: the settings file has no ldap object (name it with --config or FOLIO_CONFIG; see docs/directory.md)',
    );
    return EXIT.usage;
  }
  const sample = flags.sample === undefined ? DEFAULT_SAMPLE : Number(flags.sample);
  if (!Number.isInteger(sample) || sample < 0) {
    output.err(`folio: --sample '${flags.sample ?? ''}' is not a whole number`);
    return EXIT.usage;
  }
  const source = ldapDirectory(ldap);
  output.out(`server: ${ldap.url}${ldap.startTls ? ' (StartTLS)' : ''}, schema ${ldap.schema}`);
  output.out(`bind: ${ldap.bindDn === '' ? 'anonymous' : ldap.bindDn}`);
  const entries = await source.fetch((line) => output.err(line));
  if (isLeft(entries)) {
    output.err(`folio: ${entries.left.reason}`);
    return exitFor(entries.left);
  }
  output.out(
    `searched: ${entries.right.users.length} user entries under ${ldap.userBaseDn} ${ldap.userFilter}, ${entries.right.groups.length} group entries under ${ldap.groupBaseDn} ${ldap.groupFilter}`,
  );
  const listing = ldapListing(
    {
      source: `LDAP server ${ldap.url}`,
      users: entries.right.users,
      groups: entries.right.groups,
      mapping: ldap.attributes,
      disabledAccounts: ldap.disabledAccounts,
    },
    (line) => output.out(line),
  );
  describeListing(listing, sample, output.out);
  if (flags.compare !== true) return EXIT.ok;

  const { store, snapshotPath } = openData(
    {
      ...(flags.data === undefined ? {} : { data: flags.data }),
      ...(flags.store === undefined ? {} : { store: flags.store }),
      ...(flags.config === undefined ? {} : { config: flags.config }),
    },
    { env },
  );
  try {
    // The listing already read is the directory of this run: the server is asked once.
    const folio = createFolio({
      store,
      snapshotPath,
      snapshotReadOnly: true,
      directory: () => ({ read: async () => right(listing) }),
    });
    await folio.projections.start();
    try {
      const preview = await folio.services.directory.testUserAndGroupSync(
        { actor: 'cli:directory-test', method: 'folio directory test', correlationId: 'directory-test' },
        flags.deleteMissing === true,
        flags.updateDetails !== false,
      );
      if (isLeft(preview)) {
        output.err(`folio: ${preview.left.code}`);
        return EXIT.failure;
      }
      output.out('test run against the data folder (nothing is written):');
      for (const line of preview.right.lines) output.out(`  ${line}`);
      return EXIT.ok;
    } finally {
      await folio.projections.stop();
    }
  } finally {
    await store.close();
  }
};

export const registerDirectoryCommands = (program: Command): void => {
  program
    .command('directory')
    .description('the user directory (LDAP, Active Directory): folio directory test --config settings.json')
    .command('test')
    .description('bind to the LDAP server of the settings file, search, and print what a sync would import')
    .option('--config <file>', "the server's JSON settings file with its ldap object (env FOLIO_CONFIG)")
    .option('--sample <n>', `how many users to print (default ${DEFAULT_SAMPLE})`)
    .option('--compare', "also print the test run against the data folder's ledger: what a sync would change")
    .option(
      '--data <dir>',
      'with --compare: the data folder (env FOLIO_DATA; default the settings file, else ./data)',
    )
    .option('--store <store>', "with --compare: 'sqlite' or an esdb:// connection string (env FOLIO_STORE)")
    .option('--delete-missing', "with --compare: as performUserAndGroupSyncAdvanced's deleteNonExistentUsers")
    .option(
      '--no-update-details',
      "with --compare: as performUserAndGroupSyncAdvanced's updateUserDetails false",
    )
    .action(async (flags: DirectoryTestFlags) => {
      process.exitCode = await directoryTest(flags, {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
      });
    });
};
