import { describe, it } from 'node:test';
import { spec, printerId, registered, given, deleted } from './decide-fixture';

describe('printer decider', () => {
  describe('RegisterPrinter', () => {
    it('registers a new printer with its source', () =>
      spec
        .given([])
        .when({ kind: 'RegisterPrinter', printerId, server: 'srv', printer: 'Lab-1', source: 'job' })
        .then([registered]));

    it('keeps the case of the names', () =>
      spec
        .given([])
        .when({
          kind: 'RegisterPrinter',
          printerId,
          server: 'SRV',
          printer: 'Lab-1',
          source: 'administrator',
        })
        .then([
          {
            type: 'PrinterRegistered',
            data: { printerId, server: 'SRV', printer: 'Lab-1', source: 'administrator' },
          },
        ]));

    it('refuses a printer that is already registered on this stream', () =>
      given()
        .when({ kind: 'RegisterPrinter', printerId, server: 'srv', printer: 'Lab-1', source: 'job' })
        .thenFails({ code: 'PrinterAlreadyExists', printer: 'srv\\Lab-1' }));

    it("refuses a server name holding '\\'", () =>
      spec
        .given([])
        .when({ kind: 'RegisterPrinter', printerId, server: 'a\\b', printer: 'p', source: 'job' })
        .thenFails({ code: 'InvalidName', kind: 'printer', name: 'a\\b' }));

    it('refuses blank names and names with surrounding white space', () => {
      spec
        .given([])
        .when({ kind: 'RegisterPrinter', printerId, server: '', printer: 'p', source: 'job' })
        .thenFails({ code: 'InvalidName', kind: 'printer' });
      spec
        .given([])
        .when({ kind: 'RegisterPrinter', printerId, server: 'srv', printer: ' p', source: 'job' })
        .thenFails({ code: 'InvalidName', kind: 'printer' });
    });

    it('refuses the reserved name [All Printers], in any case', () =>
      spec
        .given([])
        .when({ kind: 'RegisterPrinter', printerId, server: 'srv', printer: '[all printers]', source: 'job' })
        .thenFails({ code: 'InvalidName', kind: 'printer' }));
  });

  it('every command but registration refuses an unknown or deleted printer', () => {
    spec.given([]).when({ kind: 'EnablePrinter' }).thenFails({ code: 'PrinterNotFound' });
    given(deleted)
      .when({ kind: 'DisablePrinter', until: '' })
      .thenFails({ code: 'PrinterNotFound', printer: 'srv\\Lab-1' });
  });

  describe('RenamePrinter', () => {
    it('renames, recording both names', () =>
      given()
        .when({ kind: 'RenamePrinter', server: 'srv2', printer: 'Lab-2' })
        .then([
          {
            type: 'PrinterRenamed',
            data: { printerId, from: 'srv\\Lab-1', to: 'srv2\\Lab-2', server: 'srv2', printer: 'Lab-2' },
          },
        ]));

    it('a change of case is a rename', () =>
      given()
        .when({ kind: 'RenamePrinter', server: 'SRV', printer: 'Lab-1' })
        .then([
          {
            type: 'PrinterRenamed',
            data: { printerId, from: 'srv\\Lab-1', to: 'SRV\\Lab-1', server: 'SRV', printer: 'Lab-1' },
          },
        ]));

    it('the same name changes nothing', () =>
      given().when({ kind: 'RenamePrinter', server: 'srv', printer: 'Lab-1' }).thenNothing());

    it('refuses an invalid new name', () =>
      given()
        .when({ kind: 'RenamePrinter', server: 'srv', printer: '[All Printers]' })
        .thenFails({ code: 'InvalidName' }));
  });

  it('DeletePrinter records the name it had', () => given().when({ kind: 'DeletePrinter' }).then([deleted]));

  it('ResetPrinterCounts records who reset and the counts before', () =>
    given()
      .when({ kind: 'ResetPrinterCounts', resetBy: 'admin', jobCountBefore: 3, pageCountBefore: 12 })
      .then([
        {
          type: 'PrinterCountsReset',
          data: { printerId, resetBy: 'admin', jobCountBefore: 3, pageCountBefore: 12 },
        },
      ]));
});
