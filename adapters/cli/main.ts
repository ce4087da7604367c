#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { EXIT, EXIT_CODE_HELP, ExitError } from './exit-codes';
import { SettingsError } from '../config/settings';
import { registerAuditCommands } from './audit-commands';
import { call, CallError, CallFlags } from './call';
import { serverCommand } from './server-command';
import { cert } from './cert';
import { migrate, MigrateError } from './migrate';
import { serve } from './serve';
import { addPrinter, PrinterAddFlags } from './printer';
import { withDataOptions } from './data-store';
import { registerCardCommands } from './cards';
import { registerAdminCommands } from './admins';
import { registerAdminPasswordCommands } from './admin-password';
import { registerGroupCommands } from './group-settings';
import { backupCommand, BackupCommandError, restoreCommand } from './backup';
import { registerDirectoryCommands } from './directory-test';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const program = new Command()
  .name('folio')
  .description('PaperCut-compatible web-services server on an event-sourced ledger')
  .version(
    (
      JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version,
  )
  .addHelpText('after', `\n${EXIT_CODE_HELP}`)
  // Commander's own errors (unknown command or option, missing argument) are usage errors; its help
  // and version exit 0. Inherited by every command defined below.
  .exitOverride((error: CommanderError) => {
    process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  })
  .showHelpAfterError();

program
  .command('serve')
  .description('run the XML-RPC server (/rpc/api/xmlrpc)')
  .option('--port <n>', 'HTTP port (env FOLIO_PORT; default 9191)')
  .option('--host <address>', 'address to listen on (env FOLIO_HOST; default all)')
  .option('--data <dir>', 'data folder of the embedded store (env FOLIO_DATA; default ./data)')
  .option(
    '--auth-token <token>',
    'add a valid web-services auth token (env FOLIO_AUTH_TOKEN, comma-separated); repeatable',
    collect,
  )
  .option('--config <file>', 'JSON settings file (env FOLIO_CONFIG)')
  .option(
    '--store <store>',
    "'sqlite' (default: the embedded store in the data folder) or an esdb:// connection string (env FOLIO_STORE)",
  )
  .option(
    '--tls-port <n>',
    'HTTPS port when the settings file names a certificate (env FOLIO_TLS_PORT; default 9192)',
  )
  .option('--no-http', 'switch plain HTTP off (TLS only)')
  .option(
    '--accept-store-loss',
    'start although the store lost events the data folder recorded as durable (ledger.head), e.g. after putting back an older copy; the loss is logged',
  )
  .option('--log-file <file>', 'also append the JSON log lines to FILE, reopened on SIGHUP (logrotate)')
  .action(serve);

program
  .command('cert')
  .description('make a self-signed TLS certificate and key for trials (folio-cert.pem, folio-key.pem)')
  .option('--out <dir>', 'folder to write them to (default .)')
  .option(
    '--host <name>',
    'host name or address the certificate is for; repeatable (default localhost, 127.0.0.1, ::1)',
    collect,
  )
  .option('--days <n>', 'validity in days (default 365)')
  .option('--force', 'replace existing files')
  .action(cert);

program
  .command('migrate')
  .description(
    'copy the event log between stores, verified and resumable: folio migrate --from ./data --to esdb://host:2113',
  )
  .requiredOption('--from <store>', 'a data folder (embedded store) or an esdb:// connection string')
  .requiredOption('--to <store>', 'a data folder (created if needed) or an esdb:// connection string')
  .action(migrate);

withDataOptions(
  program
    .command('backup')
    .description('write a verifiable zip of the event log (default into DATA/backups)')
    .option('--out <dir>', 'folder to write the backup into'),
).action(backupCommand);

program
  .command('restore <backup>')
  .description('verify a backup and rebuild a new, empty data folder from it')
  .option('--data <dir>', 'the new data folder (must be empty or not exist)')
  .option('--check', 'only verify the backup; write nothing')
  .action(restoreCommand);

const withServerOptions = (command: Command): Command =>
  command
    .option('--port <n>', 'server port (env FOLIO_PORT; default the settings file, else 9191)')
    .option('--host <host>', 'server host (default localhost)')
    .option(
      '--auth-token <token>',
      'auth token (env FOLIO_AUTH_TOKEN; default the admin password in the data folder)',
    )
    .option('--data <dir>', 'data folder holding the admin password (env FOLIO_DATA; default ./data)')
    .option(
      '--config <file>',
      "the server's JSON settings file: its port, TLS, tokens and data folder (env FOLIO_CONFIG)",
    )
    .option('--url <url>', 'the server, http://HOST:PORT or https://HOST:PORT (instead of --host/--port)')
    .option('--ca <file>', "CA certificate to trust for https (default the settings file's tlsCertFile)");

withServerOptions(
  program
    .command('call <method> [args...]')
    .description(
      'call an API method of a running server: folio call api.adjustUserAccountBalance alice 5 "top-up"',
    )
    .option(
      '--json',
      'print the result as one JSON document, as the wire carried it: a double (an amount) is a JSON number, a dateTime ISO 8601',
    ),
).action((method: string, args: string[], flags: CallFlags) => call(method, args, flags));

withServerOptions(
  program
    .command('server-command [command] [args...]')
    .description(
      "PaperCut's server-command against a running server: folio server-command list-user-accounts | while read u; do …; done",
    )
    .option('--list', 'print every command with its arguments (also: no command at all)')
    .option(
      '--wait',
      'for a command that starts a background task (batch-import-…, perform-…-sync, perform-online-backup): print its lines as they come, exit 7 if it fails',
    )
    .option('--json', 'get-task-status only: print {"completed", "message", "lines"} as JSON'),
).action((name: string | undefined, args: string[], flags: Record<string, string | boolean>) =>
  serverCommand(name, args, flags),
);

// A reader that stops early (`| head -1`) closes the pipe: that ends the listing, it is no failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

withDataOptions(
  program
    .command('printer')
    .description('printers: folio printer add SERVER PRINTER [--cost-per-page X]')
    .command('add <server> <printer>')
    .description('register a printer (print servers also register one by its first job)')
    .option('--cost-per-page <amount>', 'price per page on the SIMPLE cost model (default 0.00)'),
).action(async (server: string, printer: string, flags: PrinterAddFlags) => {
  process.stdout.write(`${await addPrinter(server, printer, flags)}\n`);
});
registerCardCommands(program);
registerAdminCommands(program);
registerAdminPasswordCommands(program);
registerGroupCommands(program);
registerDirectoryCommands(program);

registerAuditCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  const message =
    error instanceof SettingsError ||
    error instanceof CallError ||
    error instanceof MigrateError ||
    error instanceof BackupCommandError ||
    error instanceof ExitError
      ? error.message
      : error instanceof Error && 'faultString' in error
        ? `fault ${String((error as { faultCode?: unknown }).faultCode)}: ${String((error as { faultString?: unknown }).faultString)}`
        : error instanceof Error
          ? error.message
          : String(error);
  process.stderr.write(`folio: ${message}\n`);
  process.exit(error instanceof SettingsError || error instanceof ExitError ? error.exitCode : EXIT.failure);
});
