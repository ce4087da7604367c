import { defineMethod } from '../method';
import { str } from '../params';

export const JOB_METHODS = [
  defineMethod({
    name: 'api.processJob',
    tier: 'seed',
    area: 'jobs',
    params: { jobDetails: str.required },
    returns: 'ok',
    handler: (folio, context, a) => folio.services.printJobs.processJob(context, a.jobDetails),
  }),
];
