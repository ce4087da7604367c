import { describe, it } from 'node:test';
import { printerDecider } from '../../../domain/printers/decide';
import { PrinterEvent } from '../../../domain/printers/events';
import { specFor } from '../../support/decider-spec';

const spec = specFor(printerDecider);
const printerId = 'p-1';
const registered: PrinterEvent = {
  type: 'PrinterRegistered',
  data: { printerId, server: 'srv', printer: 'Lab-1', source: 'job' },
};
const given = (...events: PrinterEvent[]) => spec.given([registered, ...events]);
const deleted: PrinterEvent = { type: 'PrinterDeleted', data: { printerId, name: 'srv\\Lab-1' } };

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

  describe('SetCustomFields', () => {
    it('records only the fields that change', () =>
      given({ type: 'PrinterCustomFieldsChanged', data: { printerId, changes: { customField1: 'room 4' } } })
        .when({ kind: 'SetCustomFields', changes: { customField1: 'room 4', customField6: 'asset 77' } })
        .then([
          { type: 'PrinterCustomFieldsChanged', data: { printerId, changes: { customField6: 'asset 77' } } },
        ]));

    it('clearing a field that is already empty changes nothing', () =>
      given()
        .when({ kind: 'SetCustomFields', changes: { customField2: '' } })
        .thenNothing());
  });

  describe('cost model', () => {
    const simple = (costPerPage: bigint, grayscaleDiscount = 0n, duplexDiscount = 0n): PrinterEvent => ({
      type: 'PrinterCostModelChanged',
      data: { printerId, model: 'SIMPLE', costPerPage, grayscaleDiscount, duplexDiscount },
    });

    it('SetSimpleCost records the whole SIMPLE model', () =>
      given()
        .when({ kind: 'SetSimpleCost', costPerPage: 150_000n })
        .then([simple(150_000n)]));

    it('SetSimpleCost keeps the discounts it is not given', () =>
      given(simple(100_000n, 20_000n, 10_000n))
        .when({ kind: 'SetSimpleCost', costPerPage: 120_000n })
        .then([simple(120_000n, 20_000n, 10_000n)]));

    it('SetSimpleCost with the same price changes nothing', () =>
      given(simple(100_000n)).when({ kind: 'SetSimpleCost', costPerPage: 100_000n }).thenNothing());

    it('SetSimpleCost refuses a negative price or discount', () => {
      given()
        .when({ kind: 'SetSimpleCost', costPerPage: -1n })
        .thenFails({ code: 'InvalidValue', field: 'cost per page' });
      given()
        .when({ kind: 'SetSimpleCost', costPerPage: 1n, duplexDiscount: -1n })
        .thenFails({ code: 'InvalidValue', field: 'duplex discount' });
    });

    it('SetCostModel switches the model and keeps the SIMPLE prices for later', () =>
      given(simple(100_000n, 20_000n))
        .when({ kind: 'SetCostModel', model: 'AREA' })
        .then([
          {
            type: 'PrinterCostModelChanged',
            data: {
              printerId,
              model: 'AREA',
              costPerPage: 100_000n,
              grayscaleDiscount: 20_000n,
              duplexDiscount: 0n,
            },
          },
        ]));

    it('SetSimpleCost on another model puts the printer back on SIMPLE', () => {
      const area: PrinterEvent = {
        type: 'PrinterCostModelChanged',
        data: { printerId, model: 'AREA', costPerPage: 100_000n, grayscaleDiscount: 0n, duplexDiscount: 0n },
      };
      given(area)
        .when({ kind: 'SetSimpleCost', costPerPage: 100_000n })
        .then([simple(100_000n)]);
    });

    it('SetCostModel to the model in force changes nothing', () =>
      given().when({ kind: 'SetCostModel', model: 'SIMPLE' }).thenNothing());
  });

  describe('printer groups', () => {
    const groups = (...names: string[]): PrinterEvent => ({
      type: 'PrinterGroupsChanged',
      data: { printerId, groups: names },
    });

    it('SetPrinterGroups replaces every group, trimmed and without duplicates', () =>
      given(groups('old'))
        .when({ kind: 'SetPrinterGroups', groups: [' Library ', 'Staff', 'library', ''] })
        .then([groups('Library', 'Staff')]));

    it('SetPrinterGroups with nothing clears them', () =>
      given(groups('a', 'b')).when({ kind: 'SetPrinterGroups', groups: [] }).then([groups()]));

    it('SetPrinterGroups with the same list changes nothing', () =>
      given(groups('a', 'b'))
        .when({ kind: 'SetPrinterGroups', groups: ['a', 'b'] })
        .thenNothing());

    it('AddPrinterGroup appends one group', () =>
      given(groups('a'))
        .when({ kind: 'AddPrinterGroup', group: 'b' })
        .then([groups('a', 'b')]));

    it('AddPrinterGroup of a group already there (any case) changes nothing', () =>
      given(groups('Library')).when({ kind: 'AddPrinterGroup', group: 'LIBRARY' }).thenNothing());

    it("AddPrinterGroup refuses a blank name or one holding ','", () => {
      given()
        .when({ kind: 'AddPrinterGroup', group: '  ' })
        .thenFails({ code: 'InvalidValue', field: 'printer group' });
      given()
        .when({ kind: 'AddPrinterGroup', group: 'a,b' })
        .thenFails({ code: 'InvalidValue', field: 'printer group' });
    });
  });

  describe('access groups', () => {
    const access = (granted: boolean): PrinterEvent => ({
      type: 'PrinterAccessGroupChanged',
      data: { printerId, groupId: 'g-1', groupName: 'Staff', granted },
    });

    it('grants a group access', () =>
      given()
        .when({ kind: 'SetAccessGroup', groupId: 'g-1', groupName: 'Staff', granted: true })
        .then([access(true)]));

    it('granting twice changes nothing', () =>
      given(access(true))
        .when({ kind: 'SetAccessGroup', groupId: 'g-1', groupName: 'Staff', granted: true })
        .thenNothing());

    it('removes a group', () =>
      given(access(true))
        .when({ kind: 'SetAccessGroup', groupId: 'g-1', groupName: 'Staff', granted: false })
        .then([access(false)]));

    it('removing a group that has no access changes nothing', () =>
      given()
        .when({ kind: 'SetAccessGroup', groupId: 'g-1', groupName: 'Staff', granted: false })
        .thenNothing());
  });

  describe('enable and disable', () => {
    it('disables until a time the caller computed', () =>
      given()
        .when({ kind: 'DisablePrinter', until: '2025-03-01T11:00:00.000Z' })
        .then([{ type: 'PrinterDisabled', data: { printerId, until: '2025-03-01T11:00:00.000Z' } }]));

    it("disables until re-enabled with ''", () =>
      given()
        .when({ kind: 'DisablePrinter', until: '' })
        .then([{ type: 'PrinterDisabled', data: { printerId, until: '' } }]));

    it('enables a disabled printer', () =>
      given({ type: 'PrinterDisabled', data: { printerId, until: '' } })
        .when({ kind: 'EnablePrinter' })
        .then([{ type: 'PrinterEnabled', data: { printerId } }]));

    it('enabling an enabled printer changes nothing', () =>
      given().when({ kind: 'EnablePrinter' }).thenNothing());
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

  describe('ApplyAllToPrinter', () => {
    it('decides each command against the state the previous ones left', () =>
      given()
        .when({
          kind: 'ApplyAllToPrinter',
          commands: [
            { kind: 'AddPrinterGroup', group: 'a' },
            { kind: 'AddPrinterGroup', group: 'b' },
          ],
        })
        .then([
          { type: 'PrinterGroupsChanged', data: { printerId, groups: ['a'] } },
          { type: 'PrinterGroupsChanged', data: { printerId, groups: ['a', 'b'] } },
        ]));

    it('a refusal refuses them all', () =>
      given()
        .when({
          kind: 'ApplyAllToPrinter',
          commands: [
            { kind: 'AddPrinterGroup', group: 'a' },
            { kind: 'SetSimpleCost', costPerPage: -5n },
          ],
        })
        .thenFails({ code: 'InvalidValue' }));

    it('registration and set-up in one decision', () =>
      spec
        .given([])
        .when({
          kind: 'ApplyAllToPrinter',
          commands: [
            { kind: 'RegisterPrinter', printerId, server: 'srv', printer: 'Lab-1', source: 'import' },
            { kind: 'SetSimpleCost', costPerPage: 50_000n },
          ],
        })
        .then([
          {
            type: 'PrinterRegistered',
            data: { printerId, server: 'srv', printer: 'Lab-1', source: 'import' },
          },
          {
            type: 'PrinterCostModelChanged',
            data: {
              printerId,
              model: 'SIMPLE',
              costPerPage: 50_000n,
              grayscaleDiscount: 0n,
              duplexDiscount: 0n,
            },
          },
        ]));
  });
});
