import { runStandalone } from '@intent-radar/service-host';
import { ingestLinkedinService } from './service.ts';

runStandalone(ingestLinkedinService);
