import { loadServiceConfig, runService } from '@vf/platform';
import { AppModule } from './app.module';

const config = loadServiceConfig('decision');
void runService(AppModule.forConfig(config), config).catch((e: Error) => {
  console.error(`decision failed to start: ${e.message}`);
  process.exit(1);
});
