import { describe, it } from 'node:test';
import { PrinterEvent } from '../../../domain/printers/events';
import { printerId, given } from './decide-fixture';

describe('printer decider', () => {
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
});
