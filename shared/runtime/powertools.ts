import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, metrics and tracer per process, as Powertools recommends. Logs carry ids
 * (ticket, referral, agency), never a citizen's name, mobile, national ID, address or text.
 */
export const logger = new Logger({ serviceName: 'pasokh' });
export const metrics = new Metrics({ namespace: 'Pasokh', serviceName: 'pasokh' });
export const tracer = new Tracer({ serviceName: 'pasokh' });
