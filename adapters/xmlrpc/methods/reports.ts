import { defineMethod } from '../method';
import { str } from '../params';

/** Reports written to a file on the server, from the same report code as `folio history` and `folio reconcile`. */
export const REPORT_METHODS = [
  defineMethod({
    name: 'api.exportUserDataHistory',
    tier: 'extended',
    area: 'users',
    params: { user: str.required, saveLocation: str.required },
    returns: 'ok',
    handler: (folio, _context, a) => folio.services.reports.exportUserDataHistory(a.user, a.saveLocation),
  }),
  defineMethod({
    name: 'api.generateAdHocReport',
    tier: 'extended',
    area: 'reports',
    params: {
      reportType: str.required,
      dataParams: str.required,
      exportTypeExt: str.required,
      reportTitle: str.required,
      saveLocation: str.required,
    },
    returns: 'b',
    handler: (folio, _context, a) =>
      folio.services.reports.generateAdHocReport(
        a.reportType,
        a.dataParams,
        a.exportTypeExt,
        a.reportTitle,
        a.saveLocation,
      ),
  }),
];
