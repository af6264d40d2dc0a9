import { runStandalone } from '@intent-radar/service-host';
import { schedulerService } from './service.ts';

runStandalone(schedulerService);
