import { runStandalone } from '@intent-radar/service-host';
import { ingestTwitterService } from './service.ts';

runStandalone(ingestTwitterService);
