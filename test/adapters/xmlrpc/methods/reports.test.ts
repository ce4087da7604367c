import { tmpdir } from 'node:os';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'xmlrpc';
import { silentLogger } from '../../../../adapters/log';
import { RPC_PATH } from '../../../../adapters/xmlrpc/http-handler';
import { RunningServer, startXmlRpcServer } from '../../../../adapters/xmlrpc/server';
import { buildSmallLedger, DataFolder, SmallLedger, tempDataFolder } from '../../../support/audit-fixture';

const TOKEN = 'report-test-token';

describe('api.exportUserDataHistory and api.generateAdHocReport', () => {
  let folder: DataFolder;
  let ledger: SmallLedger;
  let server: RunningServer;
  let reports: string;

  const call = (method: string, ...params: unknown[]): Promise<unknown> => {
    const client = createClient({ host: '127.0.0.1', port: server.port ?? 0, path: RPC_PATH });
    return new Promise((resolve, reject) =>
      client.methodCall(method, [TOKEN, ...params], (error: unknown, value: unknown) =>
        error ? reject(error as Error) : resolve(value),
      ),
    );
  };
  const fault = async (
    method: string,
    ...params: unknown[]
  ): Promise<{ faultCode: number; faultString: string }> => {
    try {
      await call(method, ...params);
    } catch (error) {
      return error as { faultCode: number; faultString: string };
    }
    return assert.fail(`${method} should have failed`);
  };

  before(async () => {
    folder = tempDataFolder('folio-rpc-reports-');
    reports = join(folder.dir, 'reports');
    ledger = await buildSmallLedger(folder, { reportDirectories: [reports], dataDir: folder.dir });
    server = await startXmlRpcServer({
      folio: ledger.folio,
      log: silentLogger(),
      port: 0,
      host: '127.0.0.1',
      startupTokens: [TOKEN],
    });
  });
  after(async () => {
    await server.close();
    await ledger.folio.stop();
    await ledger.store.close();
    folder.remove();
  });

  it("writes a user's whole history as a CSV statement in the reports folder", async () => {
    assert.equal(await call('api.exportUserDataHistory', 'alice', ''), true);
    const [file] = readdirSync(reports).filter((name) => name.startsWith('user-history-alice-'));
    assert.ok(file !== undefined);
    const csv = readFileSync(join(reports, file), 'utf8').trim().split('\r\n');
    assert.match(csv[0] ?? '', /^record,time,position,transfer_id,cause/);
    assert.match(csv[1] ?? '', /^opening,/);
    assert.match(csv[csv.length - 1] ?? '', /^closing,.*,12\.00,,,$/);
    assert.ok(
      csv.some(
        (line) =>
          line.includes(`${ledger.mistakenTransferId},admin-adjustment`) &&
          line.includes(ledger.correctionId),
      ),
    );
    assert.ok(csv.some((line) => line.includes(',correction,') && line.includes(ledger.mistakenTransferId)));
  });

  it('writes statements and the reconciliation in every format, to a named file or folder', async () => {
    assert.equal(
      await call(
        'api.generateAdHocReport',
        'reconciliation',
        'from=2024-01-01,to=2025-01-01',
        'html',
        'Year 2024',
        'year.html',
      ),
      true,
    );
    const html = readFileSync(join(reports, 'year.html'), 'utf8');
    assert.match(html, /<title>Year 2024<\/title>/);
    assert.match(html, /Every tie-out check passed/);
    assert.equal(
      await call('api.generateAdHocReport', 'reconciliation', '', 'json', 'All', 'all.json'),
      true,
    );
    const reconciliation = JSON.parse(readFileSync(join(reports, 'all.json'), 'utf8')) as {
      checkpoint: { size: number; root: string; coversReport: boolean } | null;
    };
    assert.equal(
      reconciliation.checkpoint?.coversReport,
      true,
      'the report carries the checkpoint it signed',
    );
    // One for the HTML reconciliation above, one for this one.
    assert.equal(readdirSync(join(folder.dir, 'checkpoints')).length, 2);
    assert.equal(
      await call('api.generateAdHocReport', 'USER_STATEMENT', 'user=bob', 'json', '', 'statements/'),
      true,
    );
    const [json] = readdirSync(join(reports, 'statements'));
    const statement = JSON.parse(readFileSync(join(reports, 'statements', json ?? ''), 'utf8')) as {
      closing: string;
      tiesOut: boolean;
    };
    assert.deepEqual([statement.closing, statement.tiesOut], ['32.50', true]);
    assert.equal(
      await call(
        'api.generateAdHocReport',
        'shared-account-statement',
        'account=Physics\\Lab',
        '.csv',
        'lab',
        join(reports, 'lab.csv'),
      ),
      true,
    );
    assert.match(readFileSync(join(reports, 'lab.csv'), 'utf8'), /closing,.*,-12\.25,/);
  });

  it('refuses to write anywhere but the report directories, with a fault that names them without a server path', async () => {
    mkdirSync(join(folder.dir, 'outside'), { recursive: true });
    symlinkSync(join(folder.dir, 'outside'), join(reports, 'escape'));
    for (const location of [
      '/etc/folio-report.csv',
      '../outside.csv',
      join(folder.dir, 'folio-events.sqlite'),
      'escape/x.csv',
    ]) {
      const refused = await fault('api.exportUserDataHistory', 'alice', location);
      assert.equal(refused.faultCode, 703, location);
      assert.match(refused.faultString, /saveLocation: expected a path inside .*reports/);
      // The caller's own path is echoed; nothing else in the fault names a folder of the server's.
      const besidesTheValue = refused.faultString.replace(location, '');
      assert.ok(!besidesTheValue.includes(folder.dir), refused.faultString);
      assert.ok(!besidesTheValue.includes(tmpdir()), refused.faultString);
    }
    assert.equal(existsSync('/etc/folio-report.csv'), false);
    assert.deepEqual(readdirSync(join(folder.dir, 'outside')), []);
  });

  it('names unknown users, report types and formats in its faults', async () => {
    assert.equal((await fault('api.exportUserDataHistory', 'nobody', '')).faultCode, 300);
    assert.match(
      (await fault('api.generateAdHocReport', 'print-log', '', 'csv', '', '')).faultString,
      /reportType/,
    );
    assert.match(
      (await fault('api.generateAdHocReport', 'reconciliation', '', 'pdf', '', '')).faultString,
      /Folio writes csv, json, html/,
    );
    assert.match(
      (await fault('api.generateAdHocReport', 'reconciliation', 'from=soon', 'csv', '', '')).faultString,
      /dataParams from/,
    );
  });
});
