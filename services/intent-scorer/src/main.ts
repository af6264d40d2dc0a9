import { runStandalone } from '@intent-radar/service-host';
import { intentScorerService } from './service.ts';

runStandalone(intentScorerService);
