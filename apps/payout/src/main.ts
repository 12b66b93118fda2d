import { loadServiceConfig, runService } from '@vf/platform';
import { AppModule } from './app.module';

const config = loadServiceConfig('payout');
void runService(AppModule.forConfig(config), config).catch((e: Error) => {
  console.error(`payout failed to start: ${e.message}`);
  process.exit(1);
});
