import { runStandalone } from '@intent-radar/service-host';
import { ingestHnService } from './service.ts';

runStandalone(ingestHnService);
