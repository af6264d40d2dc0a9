import { runStandalone } from '@intent-radar/service-host';
import { enricherService } from './service.ts';

runStandalone(enricherService);
