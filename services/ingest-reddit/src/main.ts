import { runStandalone } from '@intent-radar/service-host';
import { ingestRedditService } from './service.ts';

runStandalone(ingestRedditService);
