import { describe, it } from 'node:test';
import { MAX_ADVANCED_CONFIG_VALUES } from '../../../domain/printers/decide';
import { PrinterEvent } from '../../../domain/printers/events';
import { given, printerId } from './decide-fixture';

const configured = (changes: Record<string, string>): PrinterEvent => ({
  type: 'PrinterAdvancedConfigChanged',
  data: { printerId, changes },
});

describe('printer decider: virtual and advanced-config', () => {
  it('SetVirtual records the change once; setting the same value again changes nothing', () => {
    given()
      .when({ kind: 'SetVirtual', virtual: true })
      .then([{ type: 'PrinterVirtualChanged', data: { printerId, virtual: true } }]);
    given({ type: 'PrinterVirtualChanged', data: { printerId, virtual: true } })
      .when({ kind: 'SetVirtual', virtual: true })
      .thenNothing();
    given().when({ kind: 'SetVirtual', virtual: false }).thenNothing();
  });

  it('SetAdvancedConfig records only the values that change, and clearing an unset value changes nothing', () => {
    given(configured({ 'watermark.enabled': 'Y' }))
      .when({ kind: 'SetAdvancedConfig', changes: { 'watermark.enabled': 'Y', 'watermark.text': '%user%' } })
      .then([configured({ 'watermark.text': '%user%' })]);
    given()
      .when({ kind: 'SetAdvancedConfig', changes: { 'watermark.text': '' } })
      .thenNothing();
    given(configured({ 'watermark.text': '%user%' }))
      .when({ kind: 'SetAdvancedConfig', changes: { 'watermark.text': '' } })
      .then([configured({ 'watermark.text': '' })]);
  });

  it(`a printer holds at most ${MAX_ADVANCED_CONFIG_VALUES} configuration values; clearing one makes room`, () => {
    const full = configured(
      Object.fromEntries(Array.from({ length: MAX_ADVANCED_CONFIG_VALUES }, (_, n) => [`key.${n}`, 'Y'])),
    );
    given(full)
      .when({ kind: 'SetAdvancedConfig', changes: { 'one.more': 'Y' } })
      .thenFails({ code: 'InvalidValue', field: 'advanced-config' });
    given(full)
      .when({ kind: 'SetAdvancedConfig', changes: { 'key.0': '', 'one.more': 'Y' } })
      .then([configured({ 'key.0': '', 'one.more': 'Y' })]);
  });
});
