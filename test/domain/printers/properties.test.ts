import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printerPropertyCommand, readPrinterProperty } from '../../../domain/printers/properties';
import { FREE, Printer } from '../../../domain/printers/state';

const printer: Printer = {
  printerId: 'p-1',
  server: 'srv',
  printer: 'Lab-1',
  source: 'job',
  deleted: false,
  customFields: { customField3: 'third floor' },
  costModel: 'SIZE_TABLE',
  simple: FREE,
  groups: [],
  accessGroupIds: [],
  disabledUntil: '2025-03-01T11:00:00.000Z',
  virtual: false,
  advancedConfig: { 'cost.pst.A4.enabled': 'Y' },
};
const context = {
  now: new Date('2025-03-01T10:00:00Z'),
  counts: { jobCount: 4, pageCount: 17 },
  printerNumber: 7,
};
const read = (property: string, at = context) => readPrinterProperty(printer, property, at);

describe('printer properties', () => {
  it('reads every property of conventions.md as a string', () => {
    assert.deepEqual(read('cost-model'), { _tag: 'Right', right: 'SIZE_TABLE' });
    assert.deepEqual(read('custom-field-3'), { _tag: 'Right', right: 'third floor' });
    assert.deepEqual(read('custom-field-1'), { _tag: 'Right', right: '' });
    assert.deepEqual(read('disabled'), { _tag: 'Right', right: 'true' });
    assert.deepEqual(read('print-stats.job-count'), { _tag: 'Right', right: '4' });
    assert.deepEqual(read('print-stats.page-count'), { _tag: 'Right', right: '17' });
    assert.deepEqual(read('printer-id'), { _tag: 'Right', right: '7' });
    assert.deepEqual(read('virtual'), { _tag: 'Right', right: 'false' });
    assert.deepEqual(read('advanced-config.cost.pst.A4.enabled'), { _tag: 'Right', right: 'Y' });
    assert.deepEqual(read('advanced-config.watermark.text'), { _tag: 'Right', right: '' });
  });

  it('a disable that has run out reads as enabled', () =>
    assert.deepEqual(read('disabled', { ...context, now: new Date('2025-03-01T11:00:01Z') }), {
      _tag: 'Right',
      right: 'false',
    }));

  it('names are case-insensitive; an unknown name is a fault naming it', () => {
    assert.deepEqual(read(' Cost-Model '), { _tag: 'Right', right: 'SIZE_TABLE' });
    assert.deepEqual(read('colour'), {
      _tag: 'Left',
      left: { code: 'UnknownProperty', entity: 'printer', property: 'colour' },
    });
  });

  it('writes cost-model (any case), custom fields and disabled', () => {
    assert.deepEqual(printerPropertyCommand('cost-model', 'area'), {
      _tag: 'Right',
      right: { kind: 'SetCostModel', model: 'AREA' },
    });
    assert.deepEqual(printerPropertyCommand('custom-field-6', 'x'), {
      _tag: 'Right',
      right: { kind: 'SetCustomFields', changes: { customField6: 'x' } },
    });
    assert.deepEqual(printerPropertyCommand('disabled', 'TRUE'), {
      _tag: 'Right',
      right: { kind: 'DisablePrinter', until: '' },
    });
    assert.deepEqual(printerPropertyCommand('disabled', 'false'), {
      _tag: 'Right',
      right: { kind: 'EnablePrinter' },
    });
  });

  it('refuses bad values, read-only and unknown properties', () => {
    assert.equal(printerPropertyCommand('cost-model', 'CHEAP')._tag, 'Left');
    assert.equal(printerPropertyCommand('disabled', 'yes')._tag, 'Left');
    for (const property of ['printer-id', 'print-stats.job-count', 'print-stats.page-count'])
      assert.deepEqual(printerPropertyCommand(property, '0'), {
        _tag: 'Left',
        left: { code: 'ReadOnlyProperty', entity: 'printer', property },
      });
    assert.deepEqual(printerPropertyCommand('custom-field-7', 'x'), {
      _tag: 'Left',
      left: { code: 'UnknownProperty', entity: 'printer', property: 'custom-field-7' },
    });
  });
});
