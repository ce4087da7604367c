import fc from 'fast-check';
import { left } from 'fp-ts/Either';
import assert from 'node:assert/strict';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DomainError, DomainErrorCode, NamedKind } from '../../../domain/errors';
import { createFolio } from '../../../application/folio';
import { silentLogger } from '../../../adapters/log';
import { createMemoryEventStore } from '../../../adapters/store/memory';
import { parseAllowList } from '../../../adapters/xmlrpc/allow-list';
import { createDispatcher } from '../../../adapters/xmlrpc/dispatch';
import { DOMAIN_FAULTS, domainFault, PROTOCOL_FAULTS } from '../../../adapters/xmlrpc/faults';
import { createRpcHandler } from '../../../adapters/xmlrpc/http-handler';
import { defineMethod } from '../../../adapters/xmlrpc/method';
import { methodRegistry } from '../../../adapters/xmlrpc/methods';
import { str } from '../../../adapters/xmlrpc/params';
import { xmlSafe } from '../../../adapters/xmlrpc/replies';
import { checkAsyncProperty, checkProperty } from '../../support/property';
import { createRawClient, RawClient } from '../../support/raw-http-client';
import { decodeReply, methodCall } from '../../support/xmlrpc-wire';

/**
 * The fault codes scripts match on. Written out here, not read from the table, so that renumbering a
 * fault is a deliberate change that fails this test first.
 */
const STABLE_CODES: { readonly [C in DomainErrorCode]: number } = {
  UserNotFound: 300,
  UserAlreadyExists: 301,
  InvalidName: 302,
  PersonalAccountNotFound: 303,
  NotAnInternalUser: 304,
  CardNumberInUse: 305,
  InsufficientCredit: 400,
  AmountOutOfRange: 401,
  SharedAccountNotFound: 500,
  SharedAccountAlreadyExists: 501,
  ParentAccountNotFound: 502,
  SharedAccountHasSubAccounts: 503,
  GroupNotFound: 600,
  GroupAlreadyExists: 601,
  ReservedGroup: 602,
  UnknownProperty: 700,
  ReadOnlyProperty: 701,
  WriteOnlyProperty: 702,
  InvalidValue: 703,
  NotSupported: 704,
  Conflict: 800,
  CardAlreadyUsed: 1100,
  CardExpired: 1101,
  CardNumberAlreadyIssued: 1102,
  DirectoryUnavailable: 1200,
  DirectoryUserNotFound: 1201,
  DirectoryGroupNotFound: 1202,
  PrinterNotFound: 1300,
  PrinterAlreadyExists: 1301,
  CostModelNotSimple: 1302,
  InvalidJobDetails: 1400,
  JobNotPriceable: 1401,
  PrintJobRefused: 1402,
  FileNotReadable: 1500,
  TransferNotFound: 402,
  TransferAlreadyCorrected: 403,
  TransferNotCorrectable: 404,
  ImportFileRefused: 1600,
  DataFolderUnavailable: 1601,
  StoreWritesRefused: 1610,
  StoreNotDurable: 1611,
  UnknownCommand: 1700,
  ScheduledReportNotFound: 1701,
  GroupOperationPartlyApplied: 405,
};

const text = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });
const kind = fc.constantFrom<NamedKind>('user', 'shared-account', 'group', 'printer', 'config', 'card');
const amount = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map((micros) => String(micros));

/** Every DomainError, one arbitrary per code: the compiler insists that none is missing. */
const ERRORS: { readonly [C in DomainErrorCode]: fc.Arbitrary<Extract<DomainError, { code: C }>> } = {
  UserNotFound: fc.record({ code: fc.constant('UserNotFound'), username: text }),
  UserAlreadyExists: fc.record({ code: fc.constant('UserAlreadyExists'), username: text }),
  InvalidName: fc.record({ code: fc.constant('InvalidName'), kind, name: text, reason: text }),
  PersonalAccountNotFound: fc.record({
    code: fc.constant('PersonalAccountNotFound'),
    username: text,
    account: text,
  }),
  NotAnInternalUser: fc.record({ code: fc.constant('NotAnInternalUser'), username: text }),
  CardNumberInUse: fc.record({ code: fc.constant('CardNumberInUse'), cardNumber: text, holder: text }),
  InsufficientCredit: fc.record({
    code: fc.constant('InsufficientCredit'),
    account: text,
    available: amount,
    requested: amount,
  }),
  AmountOutOfRange: fc.record({ code: fc.constant('AmountOutOfRange'), field: text, value: text }),
  SharedAccountNotFound: fc.record({ code: fc.constant('SharedAccountNotFound'), account: text }),
  SharedAccountAlreadyExists: fc.record({ code: fc.constant('SharedAccountAlreadyExists'), account: text }),
  ParentAccountNotFound: fc.record({
    code: fc.constant('ParentAccountNotFound'),
    account: text,
    parent: text,
  }),
  SharedAccountHasSubAccounts: fc.record({ code: fc.constant('SharedAccountHasSubAccounts'), account: text }),
  GroupNotFound: fc.record({ code: fc.constant('GroupNotFound'), group: text }),
  GroupAlreadyExists: fc.record({ code: fc.constant('GroupAlreadyExists'), group: text }),
  ReservedGroup: fc.record({ code: fc.constant('ReservedGroup'), group: text }),
  UnknownProperty: fc.record({ code: fc.constant('UnknownProperty'), entity: kind, property: text }),
  ReadOnlyProperty: fc.record({ code: fc.constant('ReadOnlyProperty'), entity: kind, property: text }),
  WriteOnlyProperty: fc.record({ code: fc.constant('WriteOnlyProperty'), entity: kind, property: text }),
  InvalidValue: fc.record({ code: fc.constant('InvalidValue'), field: text, value: text, expected: text }),
  NotSupported: fc.record({ code: fc.constant('NotSupported'), feature: text, reason: text }),
  Conflict: fc.record({ code: fc.constant('Conflict'), what: text }),
  CardAlreadyUsed: fc.record({ code: fc.constant('CardAlreadyUsed'), cardNumber: text }),
  CardExpired: fc.record({ code: fc.constant('CardExpired'), cardNumber: text, expiredAt: text }),
  CardNumberAlreadyIssued: fc.record({ code: fc.constant('CardNumberAlreadyIssued'), cardNumber: text }),
  DirectoryUnavailable: fc.record({ code: fc.constant('DirectoryUnavailable'), reason: text }),
  DirectoryUserNotFound: fc.record({ code: fc.constant('DirectoryUserNotFound'), username: text }),
  DirectoryGroupNotFound: fc.record({ code: fc.constant('DirectoryGroupNotFound'), group: text }),
  PrinterNotFound: fc.record({ code: fc.constant('PrinterNotFound'), printer: text }),
  PrinterAlreadyExists: fc.record({ code: fc.constant('PrinterAlreadyExists'), printer: text }),
  CostModelNotSimple: fc.record({ code: fc.constant('CostModelNotSimple'), printer: text, model: text }),
  InvalidJobDetails: fc.record({ code: fc.constant('InvalidJobDetails'), problem: text }),
  JobNotPriceable: fc.record({ code: fc.constant('JobNotPriceable'), printer: text, model: text }),
  PrintJobRefused: fc.record({
    code: fc.constant('PrintJobRefused'),
    username: text,
    printer: text,
    reason: text,
    detail: text,
  }),
  FileNotReadable: fc.record({ code: fc.constant('FileNotReadable'), path: text, reason: text }),
  TransferNotFound: fc.record({ code: fc.constant('TransferNotFound'), transferId: text }),
  TransferAlreadyCorrected: fc.record({
    code: fc.constant('TransferAlreadyCorrected'),
    transferId: text,
    correctionId: text,
  }),
  TransferNotCorrectable: fc.record({
    code: fc.constant('TransferNotCorrectable'),
    transferId: text,
    reason: text,
  }),
  ImportFileRefused: fc.record({ code: fc.constant('ImportFileRefused'), path: text, reason: text }),
  DataFolderUnavailable: fc.record({ code: fc.constant('DataFolderUnavailable'), feature: text }),
  StoreWritesRefused: fc.record({ code: fc.constant('StoreWritesRefused'), reason: text }),
  StoreNotDurable: fc.record({ code: fc.constant('StoreNotDurable'), reason: text }),
  UnknownCommand: fc.record({ code: fc.constant('UnknownCommand'), command: text, known: text }),
  ScheduledReportNotFound: fc.record({ code: fc.constant('ScheduledReportNotFound'), report: text }),
  GroupOperationPartlyApplied: fc.record({
    code: fc.constant('GroupOperationPartlyApplied'),
    group: text,
    operationId: text,
    applied: fc.nat(),
    skipped: text,
  }),
};

const anyDomainError: fc.Arbitrary<DomainError> = fc.oneof(
  ...(Object.values(ERRORS) as fc.Arbitrary<DomainError>[]),
);

/** The words of an error that name the problem: every field but the code, kinds spelled as words. */
const namedParts = (error: DomainError): string[] =>
  Object.entries(error)
    .filter(([field]) => field !== 'code')
    .map(([field, value]) =>
      field === 'kind' || field === 'entity' ? String(value).replace('-', ' ') : String(value),
    );

describe('domain errors become faults', () => {
  it('the fault codes are the stable, documented ones, unique, and apart from the protocol faults', () => {
    const table = Object.fromEntries(
      Object.entries(DOMAIN_FAULTS).map(([code, entry]) => [code, entry.faultCode]),
    );
    assert.deepEqual(table, STABLE_CODES);
    const codes = Object.values(STABLE_CODES);
    assert.equal(new Set(codes).size, codes.length, 'one code per error');
    for (const protocol of Object.values(PROTOCOL_FAULTS))
      assert.ok(!codes.includes(protocol.faultCode), `${protocol.faultCode} is a protocol fault`);
  });

  it('every domain error becomes a fault with its stable code and a message naming the problem', () => {
    checkProperty(
      fc.property(anyDomainError, (error) => {
        const fault = domainFault(error);
        assert.equal(fault.faultCode, STABLE_CODES[error.code]);
        for (const part of namedParts(error))
          assert.ok(
            fault.faultString.includes(part),
            `${error.code}: '${fault.faultString}' names '${part}'`,
          );
        assert.doesNotMatch(fault.faultString, /undefined|\[object |NaN/);
      }),
      500,
    );
  });

  describe('through HTTP', () => {
    let server: Server;
    let client: RawClient;

    before(async () => {
      // A method that answers with whatever domain error it is sent, behind the real dispatcher and HTTP handler.
      const echo = defineMethod({
        name: 'test.fail',
        tier: 'seed',
        area: 'test',
        params: { error: str.required },
        returns: 'ok',
        handler: (_folio, _context, a) => left<DomainError, true>(JSON.parse(a.error) as DomainError),
      });
      const folio = createFolio({ store: createMemoryEventStore() });
      const dispatch = createDispatcher({
        folio,
        methods: methodRegistry([echo]),
        authenticate: () => ({ ok: true, actor: 'test', privileged: true }),
        log: silentLogger(),
      });
      const handler = createRpcHandler({
        dispatch,
        log: silentLogger(),
        allowList: () => parseAllowList(['127.0.0.1']),
      });
      server = createServer((request, response) => void handler(request, response));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      client = createRawClient((server.address() as AddressInfo).port);
    });

    after(async () => {
      client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('a client receives the same code and message for every domain error', async () => {
      await checkAsyncProperty(
        fc.asyncProperty(anyDomainError, async (error) => {
          const response = await client.send(methodCall('test.fail', 'token', JSON.stringify(error)));
          const reply = await decodeReply(response.text);
          const expected = domainFault(error);
          assert.deepEqual(reply, {
            kind: 'fault',
            faultCode: expected.faultCode,
            faultString: xmlSafe(expected.faultString),
          });
        }),
        200,
      );
    });
  });
});
