import { left } from 'fp-ts/Either';
import { defineMethod, MethodDefinition } from '../method';
import { str } from '../params';

const s = str.required;

/**
 * The multi-function edition's device-management methods. They are registered, so a caller learns
 * that Folio does not support them (fault 202) rather than that they do not exist; the dispatcher
 * answers before any handler runs.
 */
const notSupported = () =>
  left({
    code: 'NotSupported' as const,
    feature: 'device management',
    reason: 'Folio does not manage devices.',
  });

export const DEVICE_METHODS: readonly MethodDefinition[] = [
  defineMethod({
    name: 'api.applyDeviceSettings',
    tier: 'mf',
    area: 'devices',
    params: { deviceName: s },
    returns: 'b',
    handler: notSupported,
  }),
  defineMethod({
    name: 'api.getPrinterSnmpv3',
    tier: 'mf',
    area: 'devices',
    params: { server: s, printer: s },
    returns: 's',
    handler: notSupported,
  }),
  defineMethod({
    name: 'api.getDeviceSnmpv3',
    tier: 'mf',
    area: 'devices',
    params: { device: s },
    returns: 's',
    handler: notSupported,
  }),
  defineMethod({
    name: 'api.enablePrinterSnmpv3',
    tier: 'mf',
    area: 'devices',
    params: {
      server: s,
      printer: s,
      context: s,
      user: s,
      authPass: s,
      privPass: s,
      authProto: s,
      privProto: s,
    },
    returns: 'ok',
    handler: notSupported,
  }),
  defineMethod({
    name: 'api.enableDeviceSnmpv3',
    tier: 'mf',
    area: 'devices',
    params: { device: s, context: s, user: s, authPass: s, privPass: s, authProto: s, privProto: s },
    returns: 'ok',
    handler: notSupported,
  }),
  defineMethod({
    name: 'api.disablePrinterSnmpv3',
    tier: 'mf',
    area: 'devices',
    params: { server: s, printer: s },
    returns: 'ok',
    handler: notSupported,
  }),
  defineMethod({
    name: 'api.disableDeviceSnmpv3',
    tier: 'mf',
    area: 'devices',
    params: { device: s },
    returns: 'ok',
    handler: notSupported,
  }),
  defineMethod({
    name: 'api.installLicense',
    tier: 'mf',
    area: 'system',
    params: { licenseFile: s },
    returns: 'ok',
    handler: notSupported,
  }),
  defineMethod({
    name: 'api.saveThreadSnapshot',
    tier: 'mf',
    area: 'system',
    params: {},
    returns: 'b',
    handler: notSupported,
  }),
];
