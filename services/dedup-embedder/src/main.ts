import { runStandalone } from '@intent-radar/service-host';
import { dedupEmbedderService } from './service.ts';

runStandalone(dedupEmbedderService);
