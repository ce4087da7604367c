import { describe, it } from 'node:test';
import { spec, printerId, given } from './decide-fixture';

describe('printer decider', () => {
  describe('several commands decided as one', () => {
    it('decides each command against the state the previous ones left', () =>
      given()
        .when([
          { kind: 'AddPrinterGroup', group: 'a' },
          { kind: 'AddPrinterGroup', group: 'b' },
        ])
        .then([
          { type: 'PrinterGroupsChanged', data: { printerId, groups: ['a'] } },
          { type: 'PrinterGroupsChanged', data: { printerId, groups: ['a', 'b'] } },
        ]));

    it('a refusal refuses them all', () =>
      given()
        .when([
          { kind: 'AddPrinterGroup', group: 'a' },
          { kind: 'SetSimpleCost', costPerPage: -5n },
        ])
        .thenFails({ code: 'InvalidValue' }));

    it('registration and set-up in one decision', () =>
      spec
        .given([])
        .when([
          { kind: 'RegisterPrinter', printerId, server: 'srv', printer: 'Lab-1', source: 'import' },
          { kind: 'SetSimpleCost', costPerPage: 50_000n },
        ])
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
