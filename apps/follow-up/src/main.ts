import { loadServiceConfig, runService } from '@vf/platform';
import { AppModule } from './app.module';

const config = loadServiceConfig('follow-up');
void runService(AppModule.forConfig(config), config).catch((e: Error) => {
  console.error(`follow-up failed to start: ${e.message}`);
  process.exit(1);
});
