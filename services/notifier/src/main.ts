import { runStandalone } from '@intent-radar/service-host';
import { notifierService } from './service.ts';

runStandalone(notifierService);
