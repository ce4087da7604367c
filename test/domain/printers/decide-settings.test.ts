import { describe, it } from 'node:test';
import { PrinterEvent } from '../../../domain/printers/events';
import { printerId, given } from './decide-fixture';

describe('printer decider', () => {
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
});
