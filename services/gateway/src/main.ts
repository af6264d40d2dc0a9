import { runStandalone } from '@intent-radar/service-host';
import { gatewayService } from './service.ts';

runStandalone(gatewayService);
